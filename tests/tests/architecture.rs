//! The crates' module structure: no import cycle between the modules of a crate, and no source
//! file over 500 lines.
//!
//! Nothing is built: the crates are the library and binary targets `cargo metadata --no-deps`
//! lists under each workspace member's `src/` (so `tests/tests`, `tests/fixtures` and
//! `tests/projects` are not crates here), and their sources are read with `syn`. The analyser
//! works on an abstract set of files, which is how its own tests at the end of this file run on
//! tiny in-memory module trees.
//!
//! How a path is resolved to the module it depends on:
//! - the module tree follows `mod x;` (`x.rs`, `x/mod.rs`, `#[path]`) and inline `mod x { .. }`;
//!   every item under `#[cfg(test)]` (or `cfg(all(test, ..))`) is left out, with what it uses;
//! - a path starting with `crate::`, `self::`, `super::`, with the name of a `use` binding or
//!   with a child module walks its segments through child modules; a segment bound by a `use`
//!   in the module reached (`pub use` re-exports included, globs too) is followed to where the
//!   name comes from, up to [`REEXPORT_DEPTH`] times, so a facade that only re-exports is not
//!   a dependency of its own; the first segment that names an item, or that is not known,
//!   ends the walk, and the edge goes to the deepest module reached;
//! - paths in macro invocations are found in their tokens; `macro_rules!` bodies are skipped;
//! - a `use` that imports a module as a name (`use crate::judge;`) is no edge by itself: the
//!   paths that go through that name are; a glob import is an edge to the glob's module;
//! - an edge from a module to itself or to one of its descendants is not an import.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use proc_macro2::{Spacing, TokenStream, TokenTree};
use syn::visit::Visit;

/// The most lines a source file may have, a trailing `#[cfg(test)] mod tests { .. }` aside.
const MAX_LINES: usize = 500;

/// Source files allowed over [`MAX_LINES`], relative to the workspace root, each with the reason
/// it must stay whole (a generated table, say). Hand-written code is split instead.
const LARGE_FILE_ALLOWLIST: &[(&str, &str)] = &[];

/// How many `use` bindings one path may be followed through before the walk stops.
const REEXPORT_DEPTH: usize = 16;

/// How many places are shown for each edge of a cycle.
const PLACES_PER_EDGE: usize = 3;

// ---------------------------------------------------------------------------------------------
// The workspace checks.

#[test]
fn workspace_modules_have_no_import_cycles() {
    let (sources, workspace) = workspace();
    // One thread per crate: parsing is most of the time this takes.
    let graphs: Vec<CrateGraph> = std::thread::scope(|scope| {
        let threads: Vec<_> = workspace
            .crates
            .iter()
            .map(|krate| scope.spawn(|| analyse_crate(&sources, &krate.root)))
            .collect();
        threads
            .into_iter()
            .map(|thread| thread.join().expect("the analyser does not panic"))
            .collect()
    });
    let mut report = String::new();
    for (krate, graph) in workspace.crates.iter().zip(&graphs) {
        for error in &graph.errors {
            let _ = writeln!(report, "{}: {error}", krate.name);
        }
        let cycles = find_cycles(graph);
        if !cycles.is_empty() {
            let _ = writeln!(report, "{} ({}):", krate.name, krate.root.display());
            report.push_str(&describe_cycles(graph, &cycles));
        }
    }
    assert!(
        report.is_empty(),
        "import cycles between modules (or sources that cannot be analysed):\n\n{report}\n\
         To break a cycle, move the shared item into a module both can import, so that the \
         imports point one way; a module may use its own descendants freely."
    );
}

#[test]
fn workspace_source_files_are_at_most_500_lines() {
    let (sources, workspace) = workspace();
    let report = oversized_files(&sources, &workspace.src_dirs, LARGE_FILE_ALLOWLIST);
    assert!(
        report.is_empty(),
        "source files over {MAX_LINES} lines, not counting a trailing `#[cfg(test)] mod tests {{ .. }}`:\n\n\
         {}\n\nSplit the file: move a coherent part of it into a module of its own. A file that \
         must stay whole (a generated table) goes in LARGE_FILE_ALLOWLIST in \
         tests/tests/architecture.rs, with the reason next to it.",
        report.join("\n")
    );
}

/// The crates of the workspace and the `src/` directories of its members.
struct Workspace {
    crates: Vec<CrateRoot>,
    src_dirs: Vec<PathBuf>,
}

/// One library or binary crate: a display name and its root file.
struct CrateRoot {
    name: String,
    root: PathBuf,
}

fn workspace() -> (Disk, Workspace) {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.toml");
    let metadata = cargo_metadata::MetadataCommand::new()
        .manifest_path(manifest)
        .no_deps()
        .exec()
        .expect("`cargo metadata --no-deps` lists the workspace");
    let root = metadata.workspace_root.clone().into_std_path_buf();
    let relative = |path: &Path| path.strip_prefix(&root).unwrap_or(path).to_path_buf();
    let mut crates = Vec::new();
    let mut src_dirs = Vec::new();
    for package in metadata.workspace_packages() {
        let package_dir = package
            .manifest_path
            .parent()
            .expect("a manifest has a directory");
        let src = package_dir.join("src").into_std_path_buf();
        if src.is_dir() {
            src_dirs.push(relative(&src));
        }
        for target in &package.targets {
            let is_crate = !(target.is_test()
                || target.is_example()
                || target.is_bench()
                || target.is_custom_build());
            if is_crate && target.src_path.starts_with(&src) {
                let kind = if target.is_bin() { "bin" } else { "lib" };
                crates.push(CrateRoot {
                    name: format!("{} ({kind} `{}`)", package.name, target.name),
                    root: relative(target.src_path.as_std_path()),
                });
            }
        }
    }
    assert!(!crates.is_empty(), "the workspace has crates");
    (Disk { root }, Workspace { crates, src_dirs })
}

// ---------------------------------------------------------------------------------------------
// Sources: the real files, or a map for the analyser's own tests.

trait Sources: Sync {
    /// The text of a file, by its path relative to the workspace root.
    fn read(&self, path: &Path) -> Option<String>;
    /// Every `.rs` file under a directory, sorted.
    fn rs_files_under(&self, dir: &Path) -> Vec<PathBuf>;
}

struct Disk {
    root: PathBuf,
}

impl Sources for Disk {
    fn read(&self, path: &Path) -> Option<String> {
        std::fs::read_to_string(self.root.join(path)).ok()
    }

    fn rs_files_under(&self, dir: &Path) -> Vec<PathBuf> {
        let mut files = Vec::new();
        let mut pending = vec![dir.to_path_buf()];
        while let Some(dir) = pending.pop() {
            let Ok(entries) = std::fs::read_dir(self.root.join(&dir)) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = dir.join(entry.file_name());
                if entry.file_type().is_ok_and(|kind| kind.is_dir()) {
                    pending.push(path);
                } else if path.extension().is_some_and(|ext| ext == "rs") {
                    files.push(path);
                }
            }
        }
        files.sort();
        files
    }
}

struct Memory(BTreeMap<PathBuf, String>);

impl Memory {
    fn new(files: &[(&str, &str)]) -> Self {
        Memory(
            files
                .iter()
                .map(|(path, text)| (PathBuf::from(path), (*text).to_owned()))
                .collect(),
        )
    }
}

impl Sources for Memory {
    fn read(&self, path: &Path) -> Option<String> {
        self.0.get(&normalize(path)).cloned()
    }

    fn rs_files_under(&self, dir: &Path) -> Vec<PathBuf> {
        let dir = normalize(dir);
        self.0
            .keys()
            .filter(|path| path.starts_with(&dir) && path.extension().is_some_and(|e| e == "rs"))
            .cloned()
            .collect()
    }
}

/// Removes `.` and `a/..` components, as the file system would resolve them.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir if out.file_name().is_some() => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// The module tree of one crate and what each module refers to.

type ModId = usize;

struct Module {
    /// The path from the crate root; empty for the root.
    path: Vec<String>,
    parent: Option<ModId>,
    file: PathBuf,
    children: BTreeMap<String, ModId>,
    /// Names of the items the module defines (other than modules).
    defined: BTreeSet<String>,
    /// Names bound by `use` (and `extern crate`), to the path they stand for, as written in this
    /// module; `"::"` as first segment marks an external crate.
    bindings: BTreeMap<String, Vec<String>>,
    /// Prefixes of glob imports, as written in this module.
    globs: Vec<Vec<String>>,
    /// Every path the module's own (non-test) code uses.
    references: Vec<Reference>,
}

struct Reference {
    segments: Vec<String>,
    line: usize,
    kind: ReferenceKind,
}

#[derive(Clone, Copy, PartialEq)]
enum ReferenceKind {
    /// A path in code: a type, an expression, a pattern, a macro's tokens.
    Code,
    /// A leaf of a `use` tree.
    Use,
    /// The prefix of a glob import.
    Glob,
}

/// Where a path is used: file, line, and the path as written.
type Place = (PathBuf, usize, String);

struct CrateGraph {
    modules: Vec<Module>,
    /// Module-to-module dependencies, with where each comes from: file, line, path.
    edges: BTreeMap<(ModId, ModId), Vec<Place>>,
    /// Names of the crate root's `extern crate` items, which every module can use.
    extern_prelude: BTreeMap<String, Vec<String>>,
    errors: Vec<String>,
}

impl CrateGraph {
    fn name(&self, module: ModId) -> String {
        let path = &self.modules[module].path;
        if path.is_empty() {
            "crate".to_owned()
        } else {
            path.join("::")
        }
    }

    fn is_ancestor(&self, ancestor: ModId, mut module: ModId) -> bool {
        while let Some(parent) = self.modules[module].parent {
            if parent == ancestor {
                return true;
            }
            module = parent;
        }
        false
    }
}

/// Builds the module tree of the crate rooted at `root` and its dependency edges.
fn analyse_crate(sources: &dyn Sources, root: &Path) -> CrateGraph {
    let mut graph = CrateGraph {
        modules: Vec::new(),
        edges: BTreeMap::new(),
        extern_prelude: BTreeMap::new(),
        errors: Vec::new(),
    };
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
    resolve_edges(&mut graph);
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
        file: location.file.clone(),
        children: BTreeMap::new(),
        defined: BTreeSet::new(),
        bindings: BTreeMap::new(),
        globs: Vec::new(),
        references: Vec::new(),
    });
    if let Some(parent) = parent {
        graph.modules[parent].children.entry(name).or_insert(id);
    }
    let mut collector = Collector::default();
    for item in items {
        if is_test_only(item_attrs(&item)) {
            continue;
        }
        match item {
            syn::Item::Mod(module) => add_child(graph, sources, id, location, module),
            syn::Item::Use(item_use) => collector.visit_item_use(&item_use),
            syn::Item::ExternCrate(krate) => {
                let name = krate
                    .rename
                    .as_ref()
                    .map_or(&krate.ident, |(_, rename)| rename);
                let target = if krate.ident == "self" {
                    vec!["crate".to_owned()]
                } else {
                    vec!["::".to_owned(), krate.ident.to_string()]
                };
                if parent.is_none() {
                    graph
                        .extern_prelude
                        .insert(name.to_string(), target.clone());
                }
                collector.bindings.insert(name.to_string(), target);
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
    let candidates = match &path_attr {
        Some(path) => vec![normalize(&location.path_dir.join(path))],
        None => vec![
            location.child_dir.join(format!("{name}.rs")),
            location.child_dir.join(&name).join("mod.rs"),
        ],
    };
    let Some(file) = candidates.iter().find(|path| sources.read(path).is_some()) else {
        let tried: Vec<String> = candidates
            .iter()
            .map(|path| path.display().to_string())
            .collect();
        graph.errors.push(format!(
            "{}: `mod {name};` has no file (looked for {})",
            location.file.display(),
            tried.join(", ")
        ));
        return;
    };
    let parsed = match parse_source(sources, file) {
        Ok(parsed) => parsed,
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
        file: file.clone(),
        child_dir,
        path_dir: file_dir,
    };
    add_module(graph, sources, Some(parent), name, &child, parsed.items);
}

fn path_attribute(attrs: &[syn::Attribute]) -> Option<String> {
    attrs
        .iter()
        .find(|attr| attr.path().is_ident("path"))
        .and_then(|attr| match &attr.meta {
            syn::Meta::NameValue(syn::MetaNameValue {
                value:
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(path),
                        ..
                    }),
                ..
            }) => Some(path.value()),
            _ => None,
        })
}

fn defined_name(item: &syn::Item) -> Option<String> {
    let ident = match item {
        syn::Item::Const(item) => &item.ident,
        syn::Item::Enum(item) => &item.ident,
        syn::Item::Fn(item) => &item.sig.ident,
        syn::Item::Static(item) => &item.ident,
        syn::Item::Struct(item) => &item.ident,
        syn::Item::Trait(item) => &item.ident,
        syn::Item::TraitAlias(item) => &item.ident,
        syn::Item::Type(item) => &item.ident,
        syn::Item::Union(item) => &item.ident,
        syn::Item::Macro(item) => item.ident.as_ref()?,
        _ => return None,
    };
    Some(ident.to_string())
}

fn item_attrs(item: &syn::Item) -> &[syn::Attribute] {
    match item {
        syn::Item::Const(item) => &item.attrs,
        syn::Item::Enum(item) => &item.attrs,
        syn::Item::ExternCrate(item) => &item.attrs,
        syn::Item::Fn(item) => &item.attrs,
        syn::Item::ForeignMod(item) => &item.attrs,
        syn::Item::Impl(item) => &item.attrs,
        syn::Item::Macro(item) => &item.attrs,
        syn::Item::Mod(item) => &item.attrs,
        syn::Item::Static(item) => &item.attrs,
        syn::Item::Struct(item) => &item.attrs,
        syn::Item::Trait(item) => &item.attrs,
        syn::Item::TraitAlias(item) => &item.attrs,
        syn::Item::Type(item) => &item.attrs,
        syn::Item::Union(item) => &item.attrs,
        syn::Item::Use(item) => &item.attrs,
        _ => &[],
    }
}

/// Whether the attributes compile the item only for tests: `cfg(test)`, `cfg(all(test, ..))`.
fn is_test_only(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| {
        attr.path().is_ident("cfg")
            && attr
                .parse_args::<syn::Meta>()
                .is_ok_and(|predicate| requires_test(&predicate))
    })
}

fn requires_test(predicate: &syn::Meta) -> bool {
    match predicate {
        syn::Meta::Path(path) => path.is_ident("test"),
        syn::Meta::List(list) => {
            let Ok(nested) = list.parse_args_with(
                syn::punctuated::Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated,
            ) else {
                return false;
            };
            if list.path.is_ident("all") {
                nested.iter().any(requires_test)
            } else if list.path.is_ident("any") {
                !nested.is_empty() && nested.iter().all(requires_test)
            } else {
                false
            }
        }
        syn::Meta::NameValue(_) => false,
    }
}

/// Collects the paths a module's code uses, and the names its `use` items bind.
#[derive(Default)]
struct Collector {
    references: Vec<Reference>,
    bindings: BTreeMap<String, Vec<String>>,
    globs: Vec<Vec<String>>,
}

impl Collector {
    fn use_tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree) {
        let line = |ident: &syn::Ident| ident.span().start().line;
        match tree {
            syn::UseTree::Path(path) => {
                prefix.push(path.ident.to_string());
                self.use_tree(prefix, &path.tree);
                prefix.pop();
            }
            syn::UseTree::Name(name) => {
                let (segments, bound) = use_leaf(prefix, &name.ident);
                self.add_use(segments.clone(), line(&name.ident), ReferenceKind::Use);
                if let Some(bound) = bound {
                    self.bindings.insert(bound, segments);
                }
            }
            syn::UseTree::Rename(rename) => {
                let (segments, _) = use_leaf(prefix, &rename.ident);
                self.add_use(segments.clone(), line(&rename.ident), ReferenceKind::Use);
                if rename.rename != "_" {
                    self.bindings.insert(rename.rename.to_string(), segments);
                }
            }
            syn::UseTree::Glob(glob) => {
                let line = glob.star_token.span.start().line;
                self.globs.push(prefix.clone());
                self.add_use(prefix.clone(), line, ReferenceKind::Glob);
            }
            syn::UseTree::Group(group) => {
                for tree in &group.items {
                    self.use_tree(prefix, tree);
                }
            }
        }
    }

    fn add_use(&mut self, segments: Vec<String>, line: usize, kind: ReferenceKind) {
        if !segments.is_empty() {
            self.references.push(Reference {
                segments,
                line,
                kind,
            });
        }
    }

    /// Finds paths in tokens that cannot be parsed as code: `a::b..` and `crate`/`self`/`super`
    /// paths, but not `$crate::..`.
    fn tokens(&mut self, tokens: TokenStream) {
        let tokens: Vec<TokenTree> = tokens.into_iter().collect();
        let is_colons = |at: usize| {
            matches!((tokens.get(at), tokens.get(at + 1)),
                (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)))
                    if a.as_char() == ':' && a.spacing() == Spacing::Joint && b.as_char() == ':')
        };
        let mut at = 0;
        while at < tokens.len() {
            match &tokens[at] {
                TokenTree::Group(group) => self.tokens(group.stream()),
                TokenTree::Ident(ident) => {
                    let after_colons = at >= 2 && is_colons(at - 2);
                    let after_dollar = at >= 1
                        && matches!(&tokens[at - 1], TokenTree::Punct(p) if p.as_char() == '$');
                    let mut segments = vec![ident.to_string()];
                    let line = ident.span().start().line;
                    while is_colons(at + 1) {
                        let Some(TokenTree::Ident(next)) = tokens.get(at + 3) else {
                            break;
                        };
                        segments.push(next.to_string());
                        at += 3;
                    }
                    if !after_colons && !after_dollar && segments.len() > 1 {
                        self.references.push(Reference {
                            segments,
                            line,
                            kind: ReferenceKind::Code,
                        });
                    }
                }
                _ => {}
            }
            at += 1;
        }
    }
}

/// The path of a `use` leaf and the name it binds: `self` in `a::{self}` stands for `a`.
fn use_leaf(prefix: &[String], ident: &syn::Ident) -> (Vec<String>, Option<String>) {
    if ident == "self" {
        (prefix.to_vec(), prefix.last().cloned())
    } else {
        let mut segments = prefix.to_vec();
        segments.push(ident.to_string());
        (segments, Some(ident.to_string()))
    }
}

impl<'ast> Visit<'ast> for Collector {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        if !is_test_only(item_attrs(item)) {
            syn::visit::visit_item(self, item);
        }
    }

    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        let mut prefix = if item.leading_colon.is_some() {
            vec!["::".to_owned()]
        } else {
            vec![]
        };
        self.use_tree(&mut prefix, &item.tree);
    }

    fn visit_item_macro(&mut self, item: &'ast syn::ItemMacro) {
        if !item.mac.path.is_ident("macro_rules") {
            self.visit_macro(&item.mac);
        }
    }

    fn visit_impl_item(&mut self, item: &'ast syn::ImplItem) {
        let attrs = match item {
            syn::ImplItem::Const(item) => &item.attrs,
            syn::ImplItem::Fn(item) => &item.attrs,
            syn::ImplItem::Type(item) => &item.attrs,
            syn::ImplItem::Macro(item) => &item.attrs,
            _ => return syn::visit::visit_impl_item(self, item),
        };
        if !is_test_only(attrs) {
            syn::visit::visit_impl_item(self, item);
        }
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        if let Some(first) = path.segments.first() {
            let mut segments = Vec::new();
            if path.leading_colon.is_some() {
                segments.push("::".to_owned());
            }
            segments.extend(
                path.segments
                    .iter()
                    .map(|segment| segment.ident.to_string()),
            );
            let line = first.ident.span().start().line;
            self.references.push(Reference {
                segments,
                line,
                kind: ReferenceKind::Code,
            });
        }
        syn::visit::visit_path(self, path);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        self.visit_path(&mac.path);
        self.tokens(mac.tokens.clone());
    }

    // `pub(crate)` and attributes name no dependency.
    fn visit_visibility(&mut self, _: &'ast syn::Visibility) {}
    fn visit_attribute(&mut self, _: &'ast syn::Attribute) {}
}

// ---------------------------------------------------------------------------------------------
// Resolution: from a path to the module it depends on.

enum Resolved {
    /// The whole path names this module.
    Module(ModId),
    /// The path names an item of this module, or a name the analyser does not know in it.
    Item(ModId),
    /// Another crate, the prelude, a local name.
    External,
}

impl CrateGraph {
    /// Resolves `segments`, as written in module `from`.
    fn resolve(&self, from: ModId, segments: &[String], depth: usize) -> Resolved {
        let Some(first) = segments.first() else {
            return Resolved::Module(from);
        };
        let (start, rest) = match first.as_str() {
            "::" | "Self" => return Resolved::External,
            "crate" => (0, &segments[1..]),
            "self" => (from, &segments[1..]),
            "super" => {
                let mut module = from;
                let supers = segments
                    .iter()
                    .take_while(|segment| *segment == "super")
                    .count();
                for _ in 0..supers {
                    let Some(parent) = self.modules[module].parent else {
                        return Resolved::External;
                    };
                    module = parent;
                }
                (module, &segments[supers..])
            }
            name => match self.step(from, name, depth) {
                Some(Resolved::Module(module)) => (module, &segments[1..]),
                Some(resolved) => return resolved,
                None => match self.extern_prelude.get(name) {
                    Some(target) if depth < REEXPORT_DEPTH => {
                        let mut path = target.clone();
                        path.extend(segments[1..].iter().cloned());
                        return self.resolve(0, &path, depth + 1);
                    }
                    _ => return Resolved::External,
                },
            },
        };
        let mut module = start;
        for segment in rest {
            match self.step(module, segment, depth) {
                Some(Resolved::Module(next)) => module = next,
                Some(Resolved::Item(owner)) => return Resolved::Item(owner),
                // A name re-exported from another crate, or one not known: it ends here.
                Some(Resolved::External) | None => return Resolved::Item(module),
            }
        }
        Resolved::Module(module)
    }

    /// What `name` is in `module`: a child module, an item, a `use` binding, a glob's name.
    fn step(&self, module: ModId, name: &str, depth: usize) -> Option<Resolved> {
        let info = &self.modules[module];
        if let Some(&child) = info.children.get(name) {
            return Some(Resolved::Module(child));
        }
        if info.defined.contains(name) {
            return Some(Resolved::Item(module));
        }
        if depth >= REEXPORT_DEPTH {
            return None;
        }
        if let Some(target) = info.bindings.get(name) {
            return Some(self.resolve(module, target, depth + 1));
        }
        info.globs
            .iter()
            .find_map(|prefix| match self.resolve(module, prefix, depth + 1) {
                Resolved::Module(glob) if glob != module => self.step(glob, name, depth + 1),
                _ => None,
            })
    }
}

fn resolve_edges(graph: &mut CrateGraph) {
    let mut edges: BTreeMap<(ModId, ModId), Vec<Place>> = BTreeMap::new();
    for from in 0..graph.modules.len() {
        for reference in &graph.modules[from].references {
            let to = match (graph.resolve(from, &reference.segments, 0), reference.kind) {
                (Resolved::External, _) => continue,
                // `use crate::judge;` only names the module; the paths through `judge` count.
                (Resolved::Module(_), ReferenceKind::Use) => continue,
                (Resolved::Module(to) | Resolved::Item(to), _) => to,
            };
            if to == from || graph.is_ancestor(from, to) {
                continue;
            }
            let places = edges.entry((from, to)).or_default();
            let place = (
                graph.modules[from].file.clone(),
                reference.line,
                reference.segments.join("::"),
            );
            if !places.contains(&place) {
                places.push(place);
            }
        }
    }
    graph.edges = edges;
}

// ---------------------------------------------------------------------------------------------
// Cycles: strongly connected components (Tarjan), and a short cycle through each of their edges.

/// Every cycle to report, as module lists whose last element leads back to the first.
fn find_cycles(graph: &CrateGraph) -> Vec<Vec<ModId>> {
    let mut successors = vec![Vec::new(); graph.modules.len()];
    for &(from, to) in graph.edges.keys() {
        successors[from].push(to);
    }
    let mut cycles = Vec::new();
    let mut seen = BTreeSet::new();
    for component in strongly_connected(&successors) {
        if component.len() < 2 {
            continue;
        }
        let members: BTreeSet<ModId> = component.iter().copied().collect();
        for &from in &component {
            for &to in successors[from].iter().filter(|to| members.contains(to)) {
                let Some(back) = shortest_path(&successors, &members, to, from) else {
                    continue;
                };
                let mut cycle = vec![from];
                cycle.extend(back.iter().take(back.len() - 1));
                // The same cycle seen from another of its edges: rotate to its smallest module.
                let smallest = (0..cycle.len()).min_by_key(|&at| cycle[at]).unwrap_or(0);
                cycle.rotate_left(smallest);
                if seen.insert(cycle.clone()) {
                    cycles.push(cycle);
                }
            }
        }
    }
    cycles.sort_by_key(|cycle| {
        cycle
            .iter()
            .map(|&module| graph.name(module))
            .collect::<Vec<_>>()
    });
    cycles
}

/// Tarjan's algorithm: the strongly connected components of a graph.
fn strongly_connected(successors: &[Vec<ModId>]) -> Vec<Vec<ModId>> {
    struct Tarjan<'a> {
        successors: &'a [Vec<ModId>],
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on_stack: Vec<bool>,
        stack: Vec<ModId>,
        next: usize,
        components: Vec<Vec<ModId>>,
    }
    impl Tarjan<'_> {
        fn visit(&mut self, node: ModId) {
            self.index[node] = Some(self.next);
            self.low[node] = self.next;
            self.next += 1;
            self.stack.push(node);
            self.on_stack[node] = true;
            for &next in &self.successors[node] {
                match self.index[next] {
                    None => {
                        self.visit(next);
                        self.low[node] = self.low[node].min(self.low[next]);
                    }
                    Some(index) if self.on_stack[next] => {
                        self.low[node] = self.low[node].min(index)
                    }
                    Some(_) => {}
                }
            }
            if Some(self.low[node]) == self.index[node] {
                let mut component = Vec::new();
                while let Some(member) = self.stack.pop() {
                    self.on_stack[member] = false;
                    component.push(member);
                    if member == node {
                        break;
                    }
                }
                component.sort_unstable();
                self.components.push(component);
            }
        }
    }
    let count = successors.len();
    let mut tarjan = Tarjan {
        successors,
        index: vec![None; count],
        low: vec![0; count],
        on_stack: vec![false; count],
        stack: Vec::new(),
        next: 0,
        components: Vec::new(),
    };
    for node in 0..count {
        if tarjan.index[node].is_none() {
            tarjan.visit(node);
        }
    }
    tarjan.components
}

/// The shortest path from `from` to `to` inside `members`, both ends included.
fn shortest_path(
    successors: &[Vec<ModId>],
    members: &BTreeSet<ModId>,
    from: ModId,
    to: ModId,
) -> Option<Vec<ModId>> {
    let mut previous = BTreeMap::from([(from, from)]);
    let mut queue = VecDeque::from([from]);
    while let Some(node) = queue.pop_front() {
        if node == to {
            let mut path = vec![to];
            let mut at = to;
            while at != from {
                at = previous[&at];
                path.push(at);
            }
            path.reverse();
            return Some(path);
        }
        for &next in successors[node]
            .iter()
            .filter(|next| members.contains(next))
        {
            if let std::collections::btree_map::Entry::Vacant(entry) = previous.entry(next) {
                entry.insert(node);
                queue.push_back(next);
            }
        }
    }
    None
}

/// Each cycle as `a -> b -> a`, then each import those cycles go through, with its places.
fn describe_cycles(graph: &CrateGraph, cycles: &[Vec<ModId>]) -> String {
    let mut out = String::new();
    let mut edges = BTreeSet::new();
    for cycle in cycles {
        let mut names: Vec<String> = cycle.iter().map(|&module| graph.name(module)).collect();
        names.push(graph.name(cycle[0]));
        let _ = writeln!(out, "  cycle: {}", names.join(" -> "));
        for (at, &from) in cycle.iter().enumerate() {
            edges.insert((from, cycle[(at + 1) % cycle.len()]));
        }
    }
    let _ = writeln!(out, "  the imports these cycles go through:");
    for (from, to) in edges {
        let places = &graph.edges[&(from, to)];
        let _ = writeln!(out, "    {} -> {}:", graph.name(from), graph.name(to));
        for (file, line, path) in places.iter().take(PLACES_PER_EDGE) {
            let _ = writeln!(out, "      {}:{line}: {path}", file.display());
        }
        if places.len() > PLACES_PER_EDGE {
            let _ = writeln!(out, "      and {} more", places.len() - PLACES_PER_EDGE);
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// File sizes.

/// One line per problem: a file over the limit, or an allow-list entry that is no longer needed.
fn oversized_files(
    sources: &dyn Sources,
    src_dirs: &[PathBuf],
    allowlist: &[(&str, &str)],
) -> Vec<String> {
    let allowed: BTreeMap<PathBuf, &str> = allowlist
        .iter()
        .map(|(path, reason)| (PathBuf::from(path), *reason))
        .collect();
    let mut problems = Vec::new();
    let mut checked = BTreeSet::new();
    for dir in src_dirs {
        for file in sources.rs_files_under(dir) {
            if !checked.insert(file.clone()) {
                continue;
            }
            let text = sources.read(&file).unwrap_or_default();
            let total = text.lines().count();
            // Parsing is slow in a debug build: only a long file needs its test module found.
            let counted = if total > MAX_LINES {
                counted_lines(&text)
            } else {
                total
            };
            let over = counted > MAX_LINES;
            match (over, allowed.contains_key(&file)) {
                (true, false) if counted == total => {
                    problems.push(format!("  {}: {counted} lines", file.display()));
                }
                (true, false) => problems.push(format!(
                    "  {}: {counted} lines (and {} in its test module)",
                    file.display(),
                    total - counted
                )),
                (false, true) => problems.push(format!(
                    "  {}: {counted} lines, within the limit: remove it from LARGE_FILE_ALLOWLIST",
                    file.display()
                )),
                _ => {}
            }
        }
    }
    for path in allowed.keys().filter(|path| !checked.contains(*path)) {
        problems.push(format!(
            "  {}: in LARGE_FILE_ALLOWLIST but not a source file",
            path.display()
        ));
    }
    problems
}

/// The file's lines, without a trailing `#[cfg(test)] mod tests { .. }` (its attributes and doc
/// comment included).
fn counted_lines(text: &str) -> usize {
    let total = text.lines().count();
    let Ok(file) = syn::parse_file(text) else {
        return total;
    };
    match file.items.last() {
        Some(syn::Item::Mod(module)) if module.content.is_some() && is_test_only(&module.attrs) => {
            let start = module
                .attrs
                .iter()
                .map(|attr| attr.pound_token.span.start().line)
                .chain([module.mod_token.span.start().line])
                .min()
                .unwrap_or(total + 1);
            start.saturating_sub(1)
        }
        _ => total,
    }
}

// ---------------------------------------------------------------------------------------------
// The analyser's own tests, on in-memory crates.

/// The cycles of an in-memory crate rooted at `src/lib.rs`, as `a -> b -> a` strings.
fn cycles_of(files: &[(&str, &str)]) -> Vec<String> {
    let graph = analyse_crate(&Memory::new(files), Path::new("src/lib.rs"));
    assert!(graph.errors.is_empty(), "{:?}", graph.errors);
    find_cycles(&graph)
        .iter()
        .map(|cycle| {
            let mut names: Vec<String> = cycle.iter().map(|&module| graph.name(module)).collect();
            names.push(graph.name(cycle[0]));
            names.join(" -> ")
        })
        .collect()
}

/// The edges of an in-memory crate rooted at `src/lib.rs`, as `a -> b` strings.
fn edges_of(files: &[(&str, &str)]) -> Vec<String> {
    let graph = analyse_crate(&Memory::new(files), Path::new("src/lib.rs"));
    assert!(graph.errors.is_empty(), "{:?}", graph.errors);
    let mut edges: Vec<String> = graph
        .edges
        .keys()
        .map(|&(from, to)| format!("{} -> {}", graph.name(from), graph.name(to)))
        .collect();
    edges.sort();
    edges
}

#[test]
fn a_real_cycle_is_found() {
    let cycles = cycles_of(&[
        ("src/lib.rs", "mod a; mod b;"),
        ("src/a.rs", "use crate::b::X; pub struct Y(X);"),
        ("src/b.rs", "pub struct X; fn f(_: crate::a::Y) {}"),
    ]);
    assert_eq!(cycles, ["a -> b -> a"]);
}

#[test]
fn the_report_names_the_files_and_lines_of_each_edge() {
    let sources = Memory::new(&[
        ("src/lib.rs", "mod a;\nmod b;\n"),
        ("src/a.rs", "use crate::b::X;\npub struct Y;\n"),
        (
            "src/b.rs",
            "pub struct X;\n\nfn f() { let _ = crate::a::Y; }\n",
        ),
    ]);
    let graph = analyse_crate(&sources, Path::new("src/lib.rs"));
    let report = describe_cycles(&graph, &find_cycles(&graph));
    assert!(report.contains("cycle: a -> b -> a"), "{report}");
    assert!(report.contains("src/a.rs:1: crate::b::X"), "{report}");
    assert!(report.contains("src/b.rs:3: crate::a::Y"), "{report}");
}

#[test]
fn a_longer_cycle_is_reported_once() {
    let cycles = cycles_of(&[
        ("src/lib.rs", "mod a; mod b; mod c;"),
        ("src/a.rs", "use crate::b::B; pub struct A;"),
        ("src/b.rs", "use crate::c::C; pub struct B;"),
        ("src/c.rs", "use crate::a::A; pub struct C;"),
    ]);
    assert_eq!(cycles, ["a -> b -> c -> a"]);
}

#[test]
fn a_facade_that_re_exports_is_not_a_cycle() {
    // `other` gets `T` through the facade `m`, but `T` lives in `inner`, which uses nothing.
    let files = [
        ("src/lib.rs", "mod m;"),
        (
            "src/m/mod.rs",
            "pub use self::inner::T; mod inner; mod other;",
        ),
        ("src/m/inner.rs", "pub struct T;"),
        ("src/m/other.rs", "use crate::m::T; pub struct U(T);"),
    ];
    assert_eq!(edges_of(&files), ["m::other -> m::inner"]);
    assert!(cycles_of(&files).is_empty());
}

#[test]
fn a_facade_with_code_of_its_own_is_not_a_cycle_either() {
    // Without following the re-export, `x -> m` and `m -> x` would be a cycle.
    let files = [
        ("src/lib.rs", "mod m; mod x;"),
        (
            "src/m/mod.rs",
            "mod inner; pub(crate) use inner::T; use crate::x::Z; fn f(_: Z) {}",
        ),
        ("src/m/inner.rs", "pub struct T;"),
        ("src/x.rs", "pub struct Z; fn g(_: crate::m::T) {}"),
    ];
    assert_eq!(edges_of(&files), ["m -> x", "x -> m::inner"]);
    assert!(cycles_of(&files).is_empty());
}

#[test]
fn a_cycle_through_a_facade_is_still_a_cycle() {
    let cycles = cycles_of(&[
        ("src/lib.rs", "mod m;"),
        (
            "src/m/mod.rs",
            "pub use self::inner::T; mod inner; mod other;",
        ),
        ("src/m/inner.rs", "use super::other::U; pub struct T(U);"),
        (
            "src/m/other.rs",
            "use crate::m::T; pub struct U; fn f(_: T) {}",
        ),
    ]);
    assert_eq!(cycles, ["m::inner -> m::other -> m::inner"]);
}

#[test]
fn glob_re_exports_are_followed() {
    let files = [
        ("src/lib.rs", "mod m; mod x;"),
        ("src/m/mod.rs", "mod inner; pub use inner::*;"),
        ("src/m/inner.rs", "pub struct T;"),
        ("src/x.rs", "fn g(_: crate::m::T) {}"),
    ];
    assert_eq!(edges_of(&files), ["x -> m::inner"]);
}

#[test]
fn super_and_self_resolve_from_the_module_they_are_written_in() {
    let edges = edges_of(&[
        ("src/lib.rs", "mod a; mod b;"),
        ("src/a.rs", "mod deep; pub struct A;"),
        (
            "src/a/deep.rs",
            "use super::super::b::B; use self::local::L; mod local { pub struct L; }",
        ),
        (
            "src/b.rs",
            "pub struct B; mod inline { fn f(_: super::B, _: self::X) {} struct X; }",
        ),
        ("src/c.rs", "this file is no module of the crate"),
    ]);
    assert_eq!(edges, ["a::deep -> b", "b::inline -> b"]);
}

#[test]
fn module_names_in_scope_resolve_through_their_use() {
    // `use crate::b;` only names the module; `b::deep::D` is what `a` depends on.
    let edges = edges_of(&[
        ("src/lib.rs", "mod a; mod b;"),
        ("src/a.rs", "use crate::b; fn f(_: b::deep::D) {}"),
        ("src/b.rs", "pub mod deep;"),
        ("src/b/deep.rs", "pub struct D;"),
    ]);
    assert_eq!(edges, ["a -> b::deep"]);
}

#[test]
fn paths_in_macros_count_and_macro_rules_bodies_do_not() {
    let edges = edges_of(&[
        ("src/lib.rs", "mod a; mod b; mod c;"),
        ("src/a.rs", "fn f() { println!(\"{}\", crate::b::VALUE); }"),
        (
            "src/b.rs",
            "pub const VALUE: u8 = 1; macro_rules! m { () => { crate::c::C }; }",
        ),
        ("src/c.rs", "pub struct C;"),
    ]);
    assert_eq!(edges, ["a -> b"]);
}

#[test]
fn extern_crate_self_names_the_crate_root() {
    let edges = edges_of(&[
        ("src/lib.rs", "extern crate self as me; mod a; mod b;"),
        ("src/a.rs", "pub struct A;"),
        ("src/b.rs", "fn f(_: me::a::A) {}"),
    ]);
    assert_eq!(edges, ["b -> a"]);
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

#[test]
fn a_descendant_is_no_import_but_an_ancestor_is() {
    let edges = edges_of(&[
        ("src/lib.rs", "mod a; pub struct Root;"),
        (
            "src/a/mod.rs",
            "mod child; use self::child::C; fn f(_: C) {}",
        ),
        (
            "src/a/child.rs",
            "pub struct C; fn g(_: super::super::Root, _: crate::a::child::C) {}",
        ),
    ]);
    assert_eq!(edges, ["a::child -> crate"]);
}

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

fn numbered_lines(count: usize) -> String {
    (0..count)
        .map(|line| format!("const L{line}: u32 = {line};\n"))
        .collect()
}

#[test]
fn a_file_of_501_lines_is_too_long() {
    let sources = Memory::new(&[
        ("src/long.rs", &numbered_lines(501)),
        ("src/ok.rs", &numbered_lines(500)),
    ]);
    let problems = oversized_files(&sources, &[PathBuf::from("src")], &[]);
    assert_eq!(problems, ["  src/long.rs: 501 lines"]);
}

#[test]
fn a_trailing_test_module_is_not_counted() {
    let mut text = numbered_lines(400);
    text.push_str("#[cfg(test)]\nmod tests {\n");
    text.push_str(&"    // a test line\n".repeat(197));
    text.push_str("}\n");
    assert_eq!(text.lines().count(), 600);
    assert_eq!(counted_lines(&text), 400);
    let sources = Memory::new(&[("src/tested.rs", &text)]);
    assert!(oversized_files(&sources, &[PathBuf::from("src")], &[]).is_empty());
}

#[test]
fn a_test_module_in_the_middle_is_counted() {
    let mut text = numbered_lines(300);
    text.push_str("#[cfg(test)]\nmod tests {\n");
    text.push_str(&"    // a test line\n".repeat(197));
    text.push_str("}\n");
    text.push_str(&numbered_lines(1));
    assert_eq!(counted_lines(&text), 501);
}

#[test]
fn the_allow_list_admits_a_file_and_must_stay_current() {
    let sources = Memory::new(&[("src/table.rs", &numbered_lines(600)), ("src/small.rs", "")]);
    let dirs = [PathBuf::from("src")];
    assert!(oversized_files(&sources, &dirs, &[("src/table.rs", "generated")]).is_empty());
    let stale = oversized_files(&sources, &dirs, &[("src/small.rs", "was generated")]);
    assert_eq!(stale.len(), 2, "{stale:?}");
}
