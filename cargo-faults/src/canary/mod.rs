//! The canaries of `cargo faults selftest`: fault cases linked into this binary that misbehave
//! on purpose ([`cases`]), what each must be judged ([`catalog`]), and how their records are
//! checked against that ([`judge`]). The binary acts as their harness when asked to.

mod cases;
pub(crate) mod catalog;
pub(crate) mod judge;

pub(crate) use catalog::is_harness_process;
