//! The module tree of a crate, from its `mod` items: `mod x;` (`x.rs`, `x/mod.rs`, `#[path]`)
//! and inline `mod x { .. }`, test-only modules left out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use syn::visit::Visit;

use super::graph::{CrateGraph, ModId, Module};
use super::items::{defined_name, is_test_only, item_attrs, path_attribute};
use super::references::Collector;
use super::sources::{Sources, normalize};

/// The modules of the crate rooted at `root`, with what each defines, binds and uses; no edges
/// yet.
pub(super) fn module_tree(sources: &dyn Sources, root: &Path) -> CrateGraph {
    let mut graph = CrateGraph::default();
    match parse_source(sources, root) {
        Ok(file) => {
            let dir = root.parent().unwrap_or(Path::new("")).to_path_buf();
            let location = Location {
                file: root.to_path_buf(),
                child_dir: dir.clone(),
                path_dir: dir,
            };
            add_module(
                &mut graph,
                sources,
                None,
                String::new(),
                &location,
                file.items,
            );
        }
        Err(error) => graph.errors.push(error),
    }
    graph
}

fn parse_source(sources: &dyn Sources, path: &Path) -> Result<syn::File, String> {
    let text = sources
        .read(path)
        .ok_or_else(|| format!("{}: cannot read the file", path.display()))?;
    syn::parse_file(&text).map_err(|error| {
        let line = error.span().start().line;
        format!("{}:{line}: cannot parse: {error}", path.display())
    })
}

/// Where a module's items are, and where its `mod x;` children are looked for.
struct Location {
    file: PathBuf,
    /// `x.rs` and `x/mod.rs` are looked for here.
    child_dir: PathBuf,
    /// A `#[path]` attribute is relative to this directory.
    path_dir: PathBuf,
}

fn add_module(
    graph: &mut CrateGraph,
    sources: &dyn Sources,
    parent: Option<ModId>,
    name: String,
    location: &Location,
    items: Vec<syn::Item>,
) -> ModId {
    let id = new_module(graph, parent, name, &location.file);
    let mut collector = Collector::default();
    for item in items {
        if is_test_only(item_attrs(&item)) {
            continue;
        }
        match item {
            syn::Item::Mod(module) => add_child(graph, sources, id, location, module),
            syn::Item::Use(item_use) => collector.visit_item_use(&item_use),
            syn::Item::ExternCrate(krate) => {
                let (name, target) = extern_crate(&krate);
                if parent.is_none() {
                    graph.extern_prelude.insert(name.clone(), target.clone());
                }
                collector.bindings.insert(name, target);
            }
            other => {
                if let Some(name) = defined_name(&other) {
                    graph.modules[id].defined.insert(name);
                }
                collector.visit_item(&other);
            }
        }
    }
    let module = &mut graph.modules[id];
    module.references = collector.references;
    module.globs = collector.globs;
    for (name, target) in collector.bindings {
        module.bindings.entry(name).or_insert(target);
    }
    id
}

/// Adds an empty module to the tree, as a child of `parent` unless it is the root.
fn new_module(graph: &mut CrateGraph, parent: Option<ModId>, name: String, file: &Path) -> ModId {
    let mut path = parent
        .map(|parent| graph.modules[parent].path.clone())
        .unwrap_or_default();
    if parent.is_some() {
        path.push(name.clone());
    }
    let id = graph.modules.len();
    graph.modules.push(Module {
        path,
        parent,
        file: file.to_path_buf(),
        children: BTreeMap::new(),
        defined: BTreeSet::new(),
        bindings: BTreeMap::new(),
        globs: Vec::new(),
        references: Vec::new(),
    });
    if let Some(parent) = parent {
        graph.modules[parent].children.entry(name).or_insert(id);
    }
    id
}

/// The name an `extern crate` binds and the path it stands for: `crate` for `self`.
fn extern_crate(krate: &syn::ItemExternCrate) -> (String, Vec<String>) {
    let name = krate
        .rename
        .as_ref()
        .map_or(&krate.ident, |(_, rename)| rename);
    let target = if krate.ident == "self" {
        vec!["crate".to_owned()]
    } else {
        vec!["::".to_owned(), krate.ident.to_string()]
    };
    (name.to_string(), target)
}

fn add_child(
    graph: &mut CrateGraph,
    sources: &dyn Sources,
    parent: ModId,
    location: &Location,
    module: syn::ItemMod,
) {
    let name = module.ident.to_string();
    let path_attr = path_attribute(&module.attrs);
    if let Some((_, items)) = module.content {
        // Inline: its `mod x;` children (and `#[path]`s) are in a directory named after it.
        let dir = location
            .child_dir
            .join(path_attr.as_deref().unwrap_or(&name));
        let child = Location {
            file: location.file.clone(),
            child_dir: dir.clone(),
            path_dir: dir,
        };
        add_module(graph, sources, Some(parent), name, &child, items);
        return;
    }
    let found = module_file(sources, location, &name, path_attr.as_deref())
        .and_then(|file| Ok((parse_source(sources, &file)?, file)));
    let (parsed, file) = match found {
        Ok(found) => found,
        Err(error) => {
            graph.errors.push(error);
            return;
        }
    };
    let file_dir = file.parent().unwrap_or(Path::new("")).to_path_buf();
    // `mod.rs` and files named by `#[path]` own their directory; `a.rs` owns `a/`.
    let child_dir = if path_attr.is_some() || file.ends_with("mod.rs") {
        file_dir.clone()
    } else {
        file_dir.join(&name)
    };
    let child = Location {
        file,
        child_dir,
        path_dir: file_dir,
    };
    add_module(graph, sources, Some(parent), name, &child, parsed.items);
}

/// The file of `mod name;`: the one its `#[path]` names, else `name.rs` or `name/mod.rs`.
fn module_file(
    sources: &dyn Sources,
    location: &Location,
    name: &str,
    path_attr: Option<&str>,
) -> Result<PathBuf, String> {
    let candidates = match path_attr {
        Some(path) => vec![normalize(&location.path_dir.join(path))],
        None => vec![
            location.child_dir.join(format!("{name}.rs")),
            location.child_dir.join(name).join("mod.rs"),
        ],
    };
    if let Some(file) = candidates.iter().find(|path| sources.read(path).is_some()) {
        return Ok(file.clone());
    }
    let tried: Vec<String> = candidates
        .iter()
        .map(|path| path.display().to_string())
        .collect();
    Err(format!(
        "{}: `mod {name};` has no file (looked for {})",
        location.file.display(),
        tried.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::super::analyse::analyse_crate;
    use super::super::testing::{Memory, cycles_of, edges_of};

    #[test]
    fn path_attributes_and_nested_module_files_are_found() {
        let edges = edges_of(&[
            (
                "src/lib.rs",
                "#[path = \"elsewhere/renamed.rs\"] mod a; mod b;",
            ),
            ("src/elsewhere/renamed.rs", "mod sub;"),
            (
                "src/elsewhere/sub.rs",
                "fn f(_: crate::b::outer::inner::I) {}",
            ),
            ("src/b.rs", "pub mod outer { pub mod inner; }"),
            ("src/b/outer/inner.rs", "pub struct I;"),
        ]);
        assert_eq!(edges, ["a::sub -> b::outer::inner"]);
    }

    #[test]
    fn a_missing_module_file_is_an_error() {
        let graph = analyse_crate(
            &Memory::new(&[("src/lib.rs", "mod gone;")]),
            Path::new("src/lib.rs"),
        );
        assert_eq!(graph.errors.len(), 1, "{:?}", graph.errors);
        assert!(
            graph.errors[0].contains("src/gone.rs"),
            "{:?}",
            graph.errors
        );
    }

    #[test]
    fn modules_and_items_under_cfg_test_are_ignored() {
        let cycles = cycles_of(&[
            ("src/lib.rs", "mod a; mod b;"),
            (
                "src/a.rs",
                "use crate::b::X; pub struct Y; #[cfg(test)] mod tests { use crate::b::*; }",
            ),
            (
                "src/b.rs",
                "pub struct X;\n\
                 #[cfg(test)] use crate::a::Y;\n\
                 #[cfg(all(test, unix))] fn helper(_: crate::a::Y) {}\n\
                 impl X { #[cfg(test)] fn t(_: crate::a::Y) {} }\n\
                 #[cfg(test)] mod tests { fn t(_: crate::a::Y) {} }\n\
                 #[cfg(test)] mod on_disk;",
            ),
        ]);
        assert!(cycles.is_empty(), "{cycles:?}");
    }
}
