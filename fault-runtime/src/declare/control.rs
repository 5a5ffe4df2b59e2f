//! What a case runs as its control: the run that must complete without the fault, or the case
//! proves nothing.

use crate::api::outcome::Outcome;
use crate::declare::CaseDef;

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
