//! Judging: evidence in, verdict and its reasons out. Pure: nothing here runs a case.
//!
//! [`decide`] finds every verdict that applies to one run of a case and picks the first in
//! precedence order; [`drift`] then applies a `drift` mark, which may absorb behaviour verdicts
//! but never an infrastructure one.

mod claims;
mod decide;
mod drift;
mod evidence;
mod judgement;
mod message;
mod reason;
mod repeat;

pub(crate) use claims::{Claim, Strictness};
pub(crate) use decide::{Decision, decide};
pub(crate) use drift::drift;
pub(crate) use evidence::Evidence;
pub(crate) use judgement::{Copy, Judgement, judge};
pub(crate) use message::message;
pub(crate) use reason::{ProcessEnd, Reason};
