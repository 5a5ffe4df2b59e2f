//! Failpoints: arming them in a case's process, and proving that an armed one *fired*.
//!
//! A site written with [`fail_point!`](crate::fail_point!) registers itself at compile time and
//! is evaluated by the harness's own engine, which implements fail-rs's action syntax and
//! counts both the passes through the site and the actions that fired, so an armed failpoint
//! that was reached but never fired (`off`, a count never reached, a probability that never
//! triggered) is `not_exercised`. Names with no registered site are armed in fail-rs, for
//! plain `fail::fail_point!` sites, whose firing the harness cannot observe: such a claim is
//! unverified, unless the name is a near miss of a registered site (a likely typo), which is
//! `not_exercised`.

mod engine;
mod report;

pub use engine::eval;

pub(crate) use engine::{arm, reached, track_reached};
pub(crate) use report::report;
