//! How serious a fault is and what kind of fault it is: the vocabularies the attribute accepts
//! and the records hold, declared once in `fault-vocab`.

pub use fault_vocab::{Category, Severity};
