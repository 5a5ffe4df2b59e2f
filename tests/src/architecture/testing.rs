//! In-memory crates for the analyser's own tests.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::analyse::analyse_crate;
use super::cycles::find_cycles;
use super::graph::CrateGraph;
use super::sources::{Sources, normalize};

/// Files by their path, as the workspace root would hold them.
pub(super) struct Memory(BTreeMap<PathBuf, String>);

impl Memory {
    pub(super) fn new(files: &[(&str, &str)]) -> Self {
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

/// The graph of an in-memory crate rooted at `src/lib.rs`, which must have no errors.
pub(super) fn graph_of(files: &[(&str, &str)]) -> CrateGraph {
    let graph = analyse_crate(&Memory::new(files), Path::new("src/lib.rs"));
    assert!(graph.errors.is_empty(), "{:?}", graph.errors);
    graph
}

/// The cycles of an in-memory crate rooted at `src/lib.rs`, as `a -> b -> a` strings.
pub(super) fn cycles_of(files: &[(&str, &str)]) -> Vec<String> {
    let graph = graph_of(files);
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
pub(super) fn edges_of(files: &[(&str, &str)]) -> Vec<String> {
    let graph = graph_of(files);
    let mut edges: Vec<String> = graph
        .edges
        .keys()
        .map(|&(from, to)| format!("{} -> {}", graph.name(from), graph.name(to)))
        .collect();
    edges.sort();
    edges
}
