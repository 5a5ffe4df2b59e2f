//! Telling fault harnesses from other test binaries, and reading their cases.
//!
//! A test binary that links fault-runtime's harness carries its marker (see [`marker`]): that,
//! and only that, makes it a fault harness.
//! Other binaries are never run. Each fault harness is asked for its cases with `--list
//! --format terse` and `FAULTS_DESCRIBE` naming a file it writes its listing to, so a harness
//! that prints to stdout before handing over to the runtime still answers. A fault harness that
//! does not answer — it crashes, does not answer within [`LIST_PATIENCE`], or answers something
//! unreadable — stops the run: a harness is never silently dropped. Harnesses are asked in
//! parallel.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use fault_runtime::listing::{self, ListedCase, Listing};
use fault_runtime::vars;

use crate::errors::Error;
use crate::marker;
use crate::workspace::TestBinary;

/// How long a harness may take to list its cases.
const LIST_PATIENCE: Duration = Duration::from_secs(60);

/// Bytes of a harness's output shown when it does not answer.
const SHOWN_OUTPUT: usize = 4096;

/// A test binary that is a fault harness, with its cases.
#[derive(Debug, Clone)]
pub(crate) struct Harness {
    /// The executable and where it comes from.
    pub(crate) binary: TestBinary,
    /// Its cases, sorted by id.
    pub(crate) cases: Vec<ListedCase>,
}

impl Harness {
    /// `package::target`, how reports and records name a harness.
    pub(crate) fn label(&self) -> String {
        self.binary.label()
    }
}

/// Finds the fault harnesses among `binaries` and lists their cases, several at a time.
pub(crate) fn harnesses(binaries: Vec<TestBinary>) -> Result<Vec<Harness>, Error> {
    let mut candidates = Vec::new();
    for binary in binaries {
        let links = marker::links_harness(&binary.path).map_err(|source| Error::Read {
            path: binary.path.clone(),
            source,
        })?;
        if links {
            candidates.push(binary);
        }
    }
    let workers = std::thread::available_parallelism().map_or(2, usize::from);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let answers = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..workers.min(candidates.len()) {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(binary) = candidates.get(index) else {
                        return;
                    };
                    let answer = list(binary);
                    answers
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .push((index, answer));
                }
            });
        }
    });
    let mut answers = answers
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    answers.sort_by_key(|(index, _)| *index);
    let mut harnesses = Vec::new();
    for ((_, answer), binary) in answers.into_iter().zip(candidates) {
        let listing = answer?;
        if listing.cases.is_empty() {
            return Err(Error::EmptyHarness {
                harness: binary.label(),
                binary: binary.path.display().to_string(),
            });
        }
        harnesses.push(Harness {
            binary,
            cases: listing.cases,
        });
    }
    Ok(harnesses)
}

/// Runs the listing handshake with one harness.
fn list(binary: &TestBinary) -> Result<Listing, Error> {
    let answer_dir = tempfile::tempdir().map_err(|source| Error::Write {
        path: std::env::temp_dir(),
        source,
    })?;
    let answer = answer_dir.path().join("listing.json");
    let shown = format!(
        "{} --list --format terse ({}={})",
        binary.path.display(),
        vars::DESCRIBE,
        answer.display()
    );
    let mut child = Command::new(&binary.path)
        .args(["--list", "--format", "terse"])
        .env(vars::DESCRIBE, &answer)
        .current_dir(&binary.package.dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|source| Error::Spawn {
            command: shown.clone(),
            source,
        })?;
    let readers = [
        child.stdout.take().map(|pipe| capture(Box::new(pipe))),
        child.stderr.take().map(|pipe| capture(Box::new(pipe))),
    ];
    let deadline = Instant::now() + LIST_PATIENCE;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(1)),
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Err(source) => {
                return Err(Error::Spawn {
                    command: shown,
                    source,
                });
            }
        }
    };
    let printed: String = readers
        .into_iter()
        .flatten()
        .map(|reader| reader.join().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("");
    let handshake = |why: String| Error::Handshake {
        binary: binary.path.display().to_string(),
        why,
        printed: tail(&printed),
    };
    let Some(status) = status else {
        return Err(handshake(format!(
            "it did not answer within {}s",
            LIST_PATIENCE.as_secs()
        )));
    };
    let text = match std::fs::read_to_string(&answer) {
        Ok(text) => text,
        Err(_) if status.success() => {
            return Err(handshake(format!(
                "it exited with {status} without writing its listing to {}",
                vars::DESCRIBE
            )));
        }
        Err(_) => return Err(handshake(format!("it exited with {status}"))),
    };
    let listing: Listing = serde_json::from_str(&text)
        .map_err(|err| handshake(format!("its listing is unreadable: {err}")))?;
    if listing.schema != listing::SCHEMA {
        return Err(handshake(format!(
            "its listing has schema `{}`, not `{}`",
            listing.schema,
            listing::SCHEMA
        )));
    }
    if let Some(error) = listing.error {
        return Err(Error::Harness {
            binary: binary.path.display().to_string(),
            status: status.to_string(),
            stderr: error,
        });
    }
    Ok(listing)
}

/// Reads a pipe to its end on a thread of its own, keeping at most what is shown.
fn capture(mut pipe: Box<dyn Read + Send>) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// The end of what a harness printed, or a note that it printed nothing.
fn tail(printed: &str) -> String {
    let trimmed = printed.trim_end();
    if trimmed.is_empty() {
        return "(it printed nothing)".to_owned();
    }
    let start = trimmed.len().saturating_sub(SHOWN_OUTPUT);
    let start = (start..trimmed.len())
        .find(|i| trimmed.is_char_boundary(*i))
        .unwrap_or(0);
    trimmed[start..].to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shown_output_is_its_end() {
        assert_eq!(tail(""), "(it printed nothing)");
        let long = "x".repeat(10_000) + "\nlast line\n";
        assert!(tail(&long).ends_with("last line"));
        assert!(tail(&long).len() <= SHOWN_OUTPUT);
    }
}
