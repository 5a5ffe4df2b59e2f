//! How the copies of a `repeat` case ended, as its record shows them.

use serde::{Deserialize, Serialize};

use crate::Gate;
use crate::record::Verdict;

/// What one copy ended with: the triple that must agree across copies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CopyOutcome {
    /// The copy's verdict.
    pub verdict: Verdict,
    /// The refusal code it observed.
    pub code: Option<String>,
    /// The gate it observed.
    pub gate: Option<Gate>,
    /// How many copies ended this way.
    pub count: u32,
}

/// The outcomes of every copy of a repeated case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RepeatReport {
    /// How many copies ran.
    pub copies: u32,
    /// Whether every copy ended the same way.
    pub agreed: bool,
    /// Each distinct outcome with its count, most frequent first.
    pub distribution: Vec<CopyOutcome>,
}
