//! Import cycles: the strongly connected components of a crate's graph (Tarjan), a shortest
//! cycle through each of their edges, and the report of those cycles.

use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fmt::Write as _;

use super::graph::{CrateGraph, ModId};

/// How many places are shown for each edge of a cycle.
const PLACES_PER_EDGE: usize = 3;

/// Every cycle to report, as module lists whose last element leads back to the first.
pub fn find_cycles(graph: &CrateGraph) -> Vec<Vec<ModId>> {
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

/// The state of Tarjan's depth-first search.
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
                Some(index) if self.on_stack[next] => self.low[node] = self.low[node].min(index),
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
            if let Entry::Vacant(entry) = previous.entry(next) {
                entry.insert(node);
                queue.push_back(next);
            }
        }
    }
    None
}

/// Each cycle as `a -> b -> a`, then each import those cycles go through, with its places.
pub fn describe_cycles(graph: &CrateGraph, cycles: &[Vec<ModId>]) -> String {
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

#[cfg(test)]
mod tests {
    use super::super::testing::{cycles_of, graph_of};
    use super::{describe_cycles, find_cycles};

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
        let graph = graph_of(&[
            ("src/lib.rs", "mod a;\nmod b;\n"),
            ("src/a.rs", "use crate::b::X;\npub struct Y;\n"),
            (
                "src/b.rs",
                "pub struct X;\n\nfn f() { let _ = crate::a::Y; }\n",
            ),
        ]);
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
}
