//! `#[derive(Refusal)]`: the `#[refusal(...)]` attributes are read by their key tables
//! ([`keys`]) and checked into one answer per variant ([`valid`], with `message` format strings
//! in [`message`]), then emitted as one `impl Refusal` of plain `match`es ([`expand`]).

mod expand;
mod keys;
mod message;
mod valid;

pub(crate) use expand::derive;
