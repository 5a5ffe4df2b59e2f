//! The module graph of one crate: its modules, the paths each one uses, and the edges between
//! them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// A module of a crate, by its index in [`CrateGraph`]'s list; the crate root is 0.
pub type ModId = usize;

pub(super) struct Module {
    /// The path from the crate root; empty for the root.
    pub(super) path: Vec<String>,
    pub(super) parent: Option<ModId>,
    pub(super) file: PathBuf,
    pub(super) children: BTreeMap<String, ModId>,
    /// Names of the items the module defines (other than modules).
    pub(super) defined: BTreeSet<String>,
    /// Names bound by `use` (and `extern crate`), to the path they stand for, as written in this
    /// module; `"::"` as first segment marks an external crate.
    pub(super) bindings: BTreeMap<String, Vec<String>>,
    /// Prefixes of glob imports, as written in this module.
    pub(super) globs: Vec<Vec<String>>,
    /// Every path the module's own (non-test) code uses.
    pub(super) references: Vec<Reference>,
}

pub(super) struct Reference {
    pub(super) segments: Vec<String>,
    pub(super) line: usize,
    pub(super) kind: ReferenceKind,
}

#[derive(Clone, Copy, PartialEq)]
pub(super) enum ReferenceKind {
    /// A path in code: a type, an expression, a pattern, a macro's tokens.
    Code,
    /// A leaf of a `use` tree.
    Use,
    /// The prefix of a glob import.
    Glob,
}

/// Where a path is used: file, line, and the path as written.
pub(super) type Place = (PathBuf, usize, String);

/// The modules of one crate and the imports between them.
#[derive(Default)]
pub struct CrateGraph {
    pub(super) modules: Vec<Module>,
    /// Module-to-module dependencies, with where each comes from: file, line, path.
    pub(super) edges: BTreeMap<(ModId, ModId), Vec<Place>>,
    /// Names of the crate root's `extern crate` items, which every module can use.
    pub(super) extern_prelude: BTreeMap<String, Vec<String>>,
    /// What kept part of the crate from being analysed: a file missing or not parsed.
    pub errors: Vec<String>,
}

impl CrateGraph {
    /// The module's path from the crate root, as `a::b`; `crate` for the root.
    pub fn name(&self, module: ModId) -> String {
        let path = &self.modules[module].path;
        if path.is_empty() {
            "crate".to_owned()
        } else {
            path.join("::")
        }
    }

    pub(super) fn is_ancestor(&self, ancestor: ModId, mut module: ModId) -> bool {
        while let Some(parent) = self.modules[module].parent {
            if parent == ancestor {
                return true;
            }
            module = parent;
        }
        false
    }
}
