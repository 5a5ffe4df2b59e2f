//! What a case runs as its control: the run that must complete without the fault, or the case
//! proves nothing.

use crate::api::outcome::Outcome;
use crate::declare::{CaseDef, Network};

/// `control` / `control = healthy_fn`: the run that establishes the steady state.
#[derive(Debug, Clone, Copy)]
pub enum Control {
    /// `control`: the body itself, with every fault the attribute injects removed
    /// (`env_remove`, `hide`, `failpoints`, `syscalls`, `network = "none"`, `memory_limit`,
    /// `open_files`).
    WithoutFaults,
    /// `control = healthy_fn`: this fn, which runs the same operation on good input, for faults
    /// the body injects itself. Converts its result like the body's.
    Healthy(fn(&CaseDef) -> Outcome),
}

impl CaseDef {
    /// The attribute keys by which this case injects its faults, which its control run leaves
    /// out: `env_remove`, `hide`, `failpoints`, `syscalls`, `network = "none"`, `memory_limit`,
    /// `open_files`. Empty when the body injects its faults itself.
    pub fn removable_faults(&self) -> Vec<&'static str> {
        [
            ("env_remove", !self.env_remove.is_empty()),
            ("hide", !self.hide.is_empty()),
            ("failpoints", !self.failpoints.is_empty()),
            ("syscalls", !self.syscalls.is_empty()),
            ("network = \"none\"", self.network == Network::None),
            ("memory_limit", self.memory_limit.is_some()),
            ("open_files", self.open_files.is_some()),
        ]
        .into_iter()
        .filter_map(|(key, present)| present.then_some(key))
        .collect()
    }
}
