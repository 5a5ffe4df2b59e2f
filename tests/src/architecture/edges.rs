//! The crate's import edges: every path a module uses, resolved to the module it depends on.

use std::collections::BTreeMap;

use super::graph::{CrateGraph, ModId, Place, ReferenceKind};
use super::resolve::Resolved;

/// Fills `graph.edges` from the references of its modules. A path to another crate is no edge,
/// nor a `use` that only names a module, nor a path to the module itself or its descendants.
pub(super) fn resolve_edges(graph: &mut CrateGraph) {
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

#[cfg(test)]
mod tests {
    use super::super::testing::edges_of;

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
}
