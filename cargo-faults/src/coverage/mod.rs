//! `cargo faults coverage`'s stage: which error paths a run exercised. [`run_dir`] picks the
//! run, [`evidence`] reads what its records say fired, [`compute`] sets that against what the
//! selected harnesses declare, into a [`report`].

pub(crate) mod compute;
pub(crate) mod evidence;
pub(crate) mod report;
pub(crate) mod run_dir;
