//! Judging: evidence in, verdict and its reasons out. Pure: nothing here runs a case.
//!
//! [`decide`](fn@decide) finds every verdict that applies to one run of a case, each with its
//! [`Reason`], and picks the first in precedence order; [`judge`](fn@judge) does so for every
//! copy of a case, requires `repeat` copies to agree, and applies a `drift` mark through
//! [`drift`](fn@drift), which may absorb behaviour verdicts but never an infrastructure one;
//! [`message`](fn@message) renders the reason for the record.

mod claims;
pub(crate) mod control;
mod decide;
mod drift;
mod evidence;
mod judgement;
mod message;
mod reason;
mod repeat;
pub(crate) mod sweep;
mod uncontrolled;

pub(crate) use claims::{Claim, Strictness};
pub(crate) use decide::{Decision, decide};
pub(crate) use drift::drift;
pub(crate) use evidence::Evidence;
pub(crate) use judgement::{Copy, Judgement, judge};
pub(crate) use message::message;
pub(crate) use reason::{ProcessEnd, Reason};
