//! The sweep-cost benchmark's harness: the ledger example's fault cases, linked in, and four
//! plain cases that each make the appends of the ledger's append sweeps (`ledger-23`,
//! `ledger-24`) once, with nothing injected: as many cases as `ledger-23` makes runs, so that
//! the harness running the sweep and the harness running the four cases do the same work but
//! for the faults.

use fault_runtime::{Refusal, fault_case};
use ledger::{Entry, Ledger, LedgerError};

/// How the appends ended: all three through is a refusal of its own (`APPENDED`), so that the
/// plain case passes.
#[derive(Debug)]
enum Appends {
    Appended,
    Refused(LedgerError),
}

impl Refusal for Appends {
    fn code(&self) -> &str {
        match self {
            Appends::Appended => "APPENDED",
            Appends::Refused(refusal) => refusal.code(),
        }
    }
}

/// The sweeps' operation once: a new ledger, three appends, a reopen that holds all three.
fn append_three() -> Result<(), Appends> {
    let mut ledger = Ledger::create("ledger.bin").map_err(Appends::Refused)?;
    let entries = ["tx-1", "tx-2", "tx-3"].map(|id| Entry::new(id, 100, "invoice"));
    for entry in &entries {
        ledger.append(entry.clone()).map_err(Appends::Refused)?;
    }
    drop(ledger);
    let reopened = Ledger::open("ledger.bin").map_err(Appends::Refused)?;
    if reopened.entries() != entries {
        return Ok(());
    }
    Err(Appends::Appended)
}

/// Declares the plain cases, each running [`append_three`] once.
macro_rules! plain_appends {
    ($($name:ident),*) => {$(
        /// The sweeps' appends once, nothing injected
        #[fault_case(expect = "APPENDED")]
        fn $name() -> Result<(), Appends> {
            append_three()
        }
    )*};
}

plain_appends!(
    plain_append_1,
    plain_append_2,
    plain_append_3,
    plain_append_4
);

fault_runtime::main!();
