//! Every case linked into this binary, sorted and checked for duplicate ids.

use thiserror::Error;

use crate::CaseDef;

inventory::collect!(CaseDef);

/// Two cases claim the same id, so records and filters could not tell them apart.
#[derive(Debug, Error)]
#[error(
    "two fault cases share the id `{id}`: {first} and {second}\n(hint: rename one fn or give one an `id = \"...\"`)"
)]
pub struct DuplicateCase {
    /// The shared id.
    pub id: String,
    /// `file:line` of one definition.
    pub first: String,
    /// `file:line` of the other.
    pub second: String,
}

/// A case with its id computed once.
#[derive(Debug, Clone)]
pub struct Registered {
    /// The case's stable id.
    pub id: String,
    /// The case's description.
    pub def: &'static CaseDef,
}

/// All cases, sorted by id (inventory's order is unspecified), with ids proven unique.
pub fn cases() -> Result<Vec<Registered>, DuplicateCase> {
    let mut cases: Vec<Registered> = inventory::iter::<CaseDef>
        .into_iter()
        .map(|def| Registered {
            id: def.case_id(),
            def,
        })
        .collect();
    cases.sort_by(|a, b| a.id.cmp(&b.id));
    if let Some(pair) = cases.windows(2).find(|pair| pair[0].id == pair[1].id) {
        return Err(DuplicateCase {
            id: pair[0].id.clone(),
            first: location(pair[0].def),
            second: location(pair[1].def),
        });
    }
    Ok(cases)
}

/// The case with this id, found without sorting or allocating: the child's fast path.
pub fn find(case_id: &str) -> Option<&'static CaseDef> {
    inventory::iter::<CaseDef>
        .into_iter()
        .find(|def| def.has_id(case_id))
}

fn location(def: &CaseDef) -> String {
    format!("{}:{}", def.file, def.line)
}
