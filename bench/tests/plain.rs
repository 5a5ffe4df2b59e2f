//! The same 1000 checks as the fault cases, as plain `#[test]`s.

include!(concat!(env!("OUT_DIR"), "/plain.rs"));
