//! One crate analysed: its module tree, then its import edges; and every crate of a workspace,
//! one thread each.

use std::path::Path;

use super::edges::resolve_edges;
use super::graph::CrateGraph;
use super::sources::Sources;
use super::tree::module_tree;
use super::workspace::CrateRoot;

/// Builds the module tree of the crate rooted at `root` and its dependency edges.
pub fn analyse_crate(sources: &dyn Sources, root: &Path) -> CrateGraph {
    let mut graph = module_tree(sources, root);
    resolve_edges(&mut graph);
    graph
}

/// The graph of each crate, in the same order.
pub fn analyse_crates(sources: &dyn Sources, crates: &[CrateRoot]) -> Vec<CrateGraph> {
    // One thread per crate: parsing is most of the time this takes.
    std::thread::scope(|scope| {
        let threads: Vec<_> = crates
            .iter()
            .map(|krate| scope.spawn(|| analyse_crate(sources, &krate.root)))
            .collect();
        threads
            .into_iter()
            .map(|thread| thread.join().expect("the analyser does not panic"))
            .collect()
    })
}
