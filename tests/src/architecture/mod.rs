//! The module structure of the workspace's crates: the import edges between the modules of a
//! crate and the cycles they form, and the size of each source file.
//!
//! Nothing is built: the crates are the library and binary targets `cargo metadata --no-deps`
//! lists under each workspace member's `src/` (so `tests/tests`, `tests/fixtures` and
//! `tests/projects` are not crates here), and their sources are read with `syn`. The analyser
//! works on an abstract set of files ([`Sources`]), which is how its own tests run on tiny
//! in-memory module trees.
//!
//! How a path is resolved to the module it depends on:
//! - the module tree follows `mod x;` (`x.rs`, `x/mod.rs`, `#[path]`) and inline `mod x { .. }`;
//!   every item under `#[cfg(test)]` (or `cfg(all(test, ..))`) is left out, with what it uses;
//! - a path starting with `crate::`, `self::`, `super::`, with the name of a `use` binding or
//!   with a child module walks its segments through child modules; a segment bound by a `use`
//!   in the module reached (`pub use` re-exports included, globs too) is followed to where the
//!   name comes from, up to 16 times (`REEXPORT_DEPTH`), so a facade that only re-exports is
//!   not a dependency of its own; the first segment that names an item, or that is not known,
//!   ends the walk, and the edge goes to the deepest module reached;
//! - paths in macro invocations are found in their tokens; `macro_rules!` bodies are skipped;
//! - a `use` that imports a module as a name (`use crate::judge;`) is no edge by itself: the
//!   paths that go through that name are; a glob import is an edge to the glob's module;
//! - an edge from a module to itself or to one of its descendants is not an import.
//!
//! The parts, each using only those listed before it:
//! - `sources`: the files, on disk or (for the tests) in memory;
//! - `workspace`: the crates of the workspace and their `src/` directories;
//! - `graph`: a crate's modules, the paths each uses, the edges between them;
//! - `items`: what is read off an item: attributes, `cfg(test)`, the name it defines, `#[path]`;
//! - `references`: the paths a module's code uses, collected with `syn::visit`;
//! - `tree`: the module tree, from `mod` items and the files they name;
//! - `resolve`: from a path to the module it depends on, through `use` bindings;
//! - `edges`: the references of every module, resolved to edges;
//! - `analyse`: a crate's tree and edges; every crate of the workspace at once;
//! - `cycles`: the strongly connected components, a shortest cycle through each edge, the report;
//! - `size`: the lines of each source file against [`MAX_LINES`].

mod analyse;
mod cycles;
mod edges;
mod graph;
mod items;
mod references;
mod resolve;
mod size;
mod sources;
#[cfg(test)]
mod testing;
mod tree;
mod workspace;

pub use analyse::{analyse_crate, analyse_crates};
pub use cycles::{describe_cycles, find_cycles};
pub use graph::{CrateGraph, ModId};
pub use size::{MAX_LINES, oversized_files};
pub use sources::{Disk, Sources};
pub use workspace::{CrateRoot, Workspace, workspace};
