//! Telling fault harnesses from other test binaries, and reading their cases.
//!
//! The handshake: run the binary with `--list --format terse` and `FAULTS_DESCRIBE=1`. A fault
//! harness answers with one JSON [`Listing`]; an ordinary libtest binary prints its test names
//! and runs nothing. Binaries are probed concurrently.

use std::collections::BTreeMap;
use std::process::{Child, Command, Stdio};

use fault_runtime::listing::{self, ListedCase, Listing};
use fault_runtime::vars;

use crate::errors::Error;
use crate::workspace::TestBinary;

/// A test binary that is a fault harness, with its cases.
#[derive(Debug, Clone)]
pub(crate) struct Harness {
    /// The executable and where it comes from.
    pub(crate) binary: TestBinary,
    /// Its cases, sorted by id.
    pub(crate) cases: Vec<ListedCase>,
}

impl Harness {
    /// `package::target`, how reports name a harness.
    pub(crate) fn label(&self) -> String {
        format!("{}::{}", self.binary.package.name, self.binary.target)
    }
}

/// Probes every binary and keeps the fault harnesses; case ids must be unique across them.
pub(crate) fn harnesses(binaries: Vec<TestBinary>) -> Result<Vec<Harness>, Error> {
    let probes: Vec<(TestBinary, std::io::Result<Child>)> = binaries
        .into_iter()
        .map(|binary| {
            let child = Command::new(&binary.path)
                .args(["--list", "--format", "terse"])
                .env(vars::DESCRIBE, "1")
                .current_dir(&binary.package.dir)
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn();
            (binary, child)
        })
        .collect();
    let mut harnesses = Vec::new();
    for (binary, child) in probes {
        let output = child
            .and_then(Child::wait_with_output)
            .map_err(|source| Error::Spawn {
                command: format!("{} --list", binary.path.display()),
                source,
            })?;
        let stdout = String::from_utf8_lossy(&output.stdout);
        let Some(listing) = parse_listing(&stdout) else {
            continue;
        };
        let listing = listing.map_err(|reason| Error::Listing {
            binary: binary.path.display().to_string(),
            reason,
        })?;
        if let Some(error) = listing.error {
            return Err(Error::Harness {
                binary: binary.path.display().to_string(),
                status: output.status.to_string(),
                stderr: error,
            });
        }
        harnesses.push(Harness {
            binary,
            cases: listing.cases,
        });
    }
    check_unique_ids(&harnesses)?;
    Ok(harnesses)
}

/// `None` for a binary that is not a fault harness; `Some(Err)` for one whose listing is broken.
fn parse_listing(stdout: &str) -> Option<Result<Listing, String>> {
    let text = stdout.trim();
    if !text.starts_with('{') || !text.contains(listing::SCHEMA) {
        return None;
    }
    Some(serde_json::from_str(text).map_err(|err| err.to_string()))
}

fn check_unique_ids(harnesses: &[Harness]) -> Result<(), Error> {
    let mut owners: BTreeMap<&str, &Harness> = BTreeMap::new();
    for harness in harnesses {
        for case in &harness.cases {
            if let Some(first) = owners.insert(&case.case_id, harness) {
                return Err(Error::DuplicateCase {
                    id: case.case_id.clone(),
                    first: first.label(),
                    second: harness.label(),
                });
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_listing_document_marks_a_fault_harness() {
        assert!(parse_listing("tests::it_works: test\n").is_none());
        assert!(parse_listing("").is_none());
        assert!(parse_listing("{\"some\": \"other json\"}").is_none());
        let listing = format!("{{\"schema\": \"{}\", \"cases\": []}}\n", listing::SCHEMA);
        assert_eq!(parse_listing(&listing).unwrap().unwrap().cases.len(), 0);
        let broken = format!("{{\"schema\": \"{}\", \"cases\": 7}}", listing::SCHEMA);
        assert!(parse_listing(&broken).unwrap().is_err());
    }
}
