//! The command-line edge: clap parses `cargo faults …` ([`args`]), and [`convert`] turns what it
//! parsed into a plain [`Request`](crate::command::Request). Nothing past this module knows
//! clap.

mod args;
mod convert;

pub(crate) use convert::parse;
