//! `#[fault_case(...)]`: the arguments are parsed by the key table ([`keys`]) into checked
//! [`options::Options`], the fn is checked ([`valid`]), and the fn is emitted unchanged with one
//! static case description ([`expand`]).

mod control;
mod date;
mod drift;
mod expand;
mod failpoints;
mod keys;
mod lists;
mod options;
mod parse;
mod size;
mod sweep;
mod syscalls;
mod valid;
mod values;

pub(crate) use expand::fault_case;
