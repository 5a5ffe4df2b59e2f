//! Every case linked into this binary, sorted, checked for duplicate ids and for syscall
//! faults this target cannot have.

use std::cmp::Ordering;

use thiserror::Error;

use crate::declare::CaseDef;

inventory::collect!(CaseDef);

/// Why the registered cases cannot run: the harness stops before running any.
#[derive(Debug, Error)]
pub enum RegistryError {
    /// Two cases claim the same id, so records and filters could not tell them apart.
    #[error(
        "two fault cases share the id `{id}`: {first} and {second}\n(hint: rename one fn or give one an `id = \"...\"`)"
    )]
    DuplicateCase {
        /// The shared id.
        id: String,
        /// `file:line` of one definition.
        first: String,
        /// `file:line` of the other.
        second: String,
    },
    /// A syscall fault names a syscall some architecture of Linux has (so the attribute
    /// accepted it) but the target does not.
    #[error("fault case `{id}` ({location}): {why}")]
    SyscallUnavailable {
        /// The case.
        id: String,
        /// `file:line` of its definition.
        location: String,
        /// Which spec, and what the target lacks.
        why: String,
    },
}

/// A case with its id computed once.
#[derive(Debug, Clone)]
pub struct Registered {
    /// The case's stable id.
    pub id: String,
    /// The case's description.
    pub def: &'static CaseDef,
}

/// All cases in [`natural_order`] of their ids (inventory's order is unspecified), with ids
/// proven unique and every syscall fault resolved for the target.
pub fn cases() -> Result<Vec<Registered>, RegistryError> {
    let mut cases: Vec<Registered> = inventory::iter::<CaseDef>
        .into_iter()
        .map(|def| Registered {
            id: def.case_id(),
            def,
        })
        .collect();
    cases.sort_by(|a, b| natural_order(&a.id, &b.id));
    if let Some(pair) = cases.windows(2).find(|pair| pair[0].id == pair[1].id) {
        return Err(RegistryError::DuplicateCase {
            id: pair[0].id.clone(),
            first: location(pair[0].def),
            second: location(pair[1].def),
        });
    }
    for case in &cases {
        let sweep = match case.def.sweep {
            Some(crate::declare::Sweep::Syscall(fault)) => Some(format!("{fault}@1")),
            _ => None,
        };
        let specs: Vec<&str> = case
            .def
            .syscalls
            .iter()
            .copied()
            .chain(sweep.as_deref())
            .collect();
        if let Err(why) = crate::isolate::syscalls::rules::resolve(&specs) {
            return Err(RegistryError::SyscallUnavailable {
                id: case.id.clone(),
                location: location(case.def),
                why,
            });
        }
    }
    Ok(cases)
}

/// Every case by its id, once [`index`] built it.
static BY_ID: std::sync::OnceLock<std::collections::HashMap<String, &'static CaseDef>> =
    std::sync::OnceLock::new();

/// Builds the index [`find`] looks cases up in, for a process that many case processes are
/// forked from: each then finds its case at once, where walking the registry touches every
/// case's definition (for a forked process, a page fault each few cases).
pub fn index() {
    BY_ID.get_or_init(|| {
        inventory::iter::<CaseDef>
            .into_iter()
            .map(|def| (def.case_id(), def))
            .collect()
    });
}

/// The case with this id, found without sorting: the child's fast path.
pub fn find(case_id: &str) -> Option<&'static CaseDef> {
    if let Some(by_id) = BY_ID.get() {
        return by_id.get(case_id).copied();
    }
    inventory::iter::<CaseDef>
        .into_iter()
        .find(|def| def.has_id(case_id))
}

/// Orders case ids as people number them: runs of digits compare by value, so `fault-2` comes
/// before `fault-10`. Ids equal in value but not in spelling (`fault-02`, `fault-2`) still get
/// a fixed order.
pub fn natural_order(a: &str, b: &str) -> Ordering {
    order_from(a, b, shared_chunks(a.as_bytes(), b.as_bytes()))
}

/// [`natural_order`], comparing chunk by chunk from `start`, where a chunk starts in both.
fn order_from(a: &str, b: &str, start: usize) -> Ordering {
    let (mut left, mut right) = (&a[start..], &b[start..]);
    loop {
        match (left.is_empty(), right.is_empty()) {
            (true, true) => return a.cmp(b),
            (true, false) => return Ordering::Less,
            (false, true) => return Ordering::Greater,
            (false, false) => {}
        }
        let (l, l_rest) = chunk(left);
        let (r, r_rest) = chunk(right);
        let order = match (is_digits(l), is_digits(r)) {
            (true, true) => {
                let (l, r) = (l.trim_start_matches('0'), r.trim_start_matches('0'));
                l.len().cmp(&r.len()).then_with(|| l.cmp(r))
            }
            _ => l.cmp(r),
        };
        if order != Ordering::Equal {
            return order;
        }
        (left, right) = (l_rest, r_rest);
    }
}

/// Where the last chunk both ids share ends: the chunks before are equal and decide nothing,
/// and ids sharing a long prefix (`crate::module::case_0001`) compare without walking it.
fn shared_chunks(a: &[u8], b: &[u8]) -> usize {
    let common = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    (1..common)
        .rev()
        .find(|&end| a[end - 1].is_ascii_digit() != a[end].is_ascii_digit())
        .unwrap_or(0)
}

/// The leading run of digits or of non-digits, and the rest.
fn chunk(text: &str) -> (&str, &str) {
    let bytes = text.as_bytes();
    let digits = bytes.first().is_some_and(u8::is_ascii_digit);
    let end = bytes
        .iter()
        .position(|byte| byte.is_ascii_digit() != digits)
        .unwrap_or(bytes.len());
    text.split_at(end)
}

fn is_digits(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_digit())
}

fn location(def: &CaseDef) -> String {
    format!("{}:{}", def.file, def.line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_ids_sort_by_value() {
        let mut ids = vec![
            "ledger-10",
            "ledger-2",
            "ledger-1",
            "fault-3",
            "ledger-02",
            "a",
            "ledger-x",
        ];
        ids.sort_by(|a, b| natural_order(a, b));
        assert_eq!(
            ids,
            [
                "a",
                "fault-3",
                "ledger-1",
                "ledger-02",
                "ledger-2",
                "ledger-10",
                "ledger-x"
            ]
        );
    }

    #[test]
    fn skipping_the_shared_chunks_changes_no_order() {
        let ids = [
            "",
            "a",
            "ab",
            "ab-",
            "ab1",
            "abc",
            "a1b",
            "a01b",
            "a1",
            "a10",
            "a2",
            "a-1",
            "é1",
            "é-",
            "éa",
            "x::case_0001",
            "x::case_0002",
            "x::case_01",
            "x::case_1",
            "x::case_",
            "x::casf",
            "1",
            "01",
            "10",
            "1a",
            "1-",
        ];
        for a in ids {
            for b in ids {
                assert_eq!(natural_order(a, b), order_from(a, b, 0), "{a:?} vs {b:?}");
            }
        }
    }
}
