//! Resolution: from a path, as written in a module, to the module it depends on, through the
//! `use` bindings (re-exports and globs included) of the modules it walks.

use super::graph::{CrateGraph, ModId};

/// How many `use` bindings one path may be followed through before the walk stops.
pub(super) const REEXPORT_DEPTH: usize = 16;

pub(super) enum Resolved {
    /// The whole path names this module.
    Module(ModId),
    /// The path names an item of this module, or a name the analyser does not know in it.
    Item(ModId),
    /// Another crate, the prelude, a local name.
    External,
}

impl CrateGraph {
    /// Resolves `segments`, as written in module `from`.
    pub(super) fn resolve(&self, from: ModId, segments: &[String], depth: usize) -> Resolved {
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

#[cfg(test)]
mod tests {
    use super::super::testing::{cycles_of, edges_of};

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
    fn extern_crate_self_names_the_crate_root() {
        let edges = edges_of(&[
            ("src/lib.rs", "extern crate self as me; mod a; mod b;"),
            ("src/a.rs", "pub struct A;"),
            ("src/b.rs", "fn f(_: me::a::A) {}"),
        ]);
        assert_eq!(edges, ["b -> a"]);
    }
}
