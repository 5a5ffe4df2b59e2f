//! The listing handshake: asking one fault harness for its cases.
//!
//! The harness runs with `--list --format terse` and `FAULTS_DESCRIBE` naming a file it writes
//! its listing to, so a harness that prints to stdout before handing over to the runtime still
//! answers. One that does not answer — it crashes, does not answer within [`LIST_PATIENCE`], or
//! answers something unreadable — is an error naming the binary and what it printed.

use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use fault_runtime::listing::{self, Listing};
use fault_runtime::vars;

use super::workspace::TestBinary;
use crate::errors::Error;

/// How long a harness may take to list its cases.
const LIST_PATIENCE: Duration = Duration::from_secs(60);

/// Bytes of a harness's output shown when it does not answer.
const SHOWN_OUTPUT: usize = 4096;

/// Runs the listing handshake with one harness.
pub(super) fn ask(binary: &TestBinary) -> Result<Listing, Error> {
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
    let status = wait_patiently(&mut child, shown)?;
    let printed: String = readers
        .into_iter()
        .flatten()
        .map(|reader| reader.join().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("");
    read_answer(binary, &answer, status, &printed)
}

/// The harness's exit status, or `None` when it did not exit within [`LIST_PATIENCE`] (it is
/// killed then).
fn wait_patiently(child: &mut Child, shown: String) -> Result<Option<ExitStatus>, Error> {
    let deadline = Instant::now() + LIST_PATIENCE;
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Ok(Some(status)),
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(1)),
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return Ok(None);
            }
            Err(source) => {
                return Err(Error::Spawn {
                    command: shown,
                    source,
                });
            }
        }
    }
}

/// The listing the harness wrote to `answer`, or why it is no answer.
fn read_answer(
    binary: &TestBinary,
    answer: &Path,
    status: Option<ExitStatus>,
    printed: &str,
) -> Result<Listing, Error> {
    let handshake = |why: String| Error::Handshake {
        binary: binary.path.display().to_string(),
        why,
        printed: tail(printed),
    };
    let Some(status) = status else {
        return Err(handshake(format!(
            "it did not answer within {}s",
            LIST_PATIENCE.as_secs()
        )));
    };
    let text = match std::fs::read_to_string(answer) {
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

/// Reads a pipe to its end on a thread of its own: a full pipe would stall the harness.
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
