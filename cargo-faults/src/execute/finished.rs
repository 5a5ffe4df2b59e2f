//! The harness's progress file (`FAULTS_PROGRESS`): one JSON line per finished case, written
//! before libtest reports the case, with what libtest's events lack, its time and verdict.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader};

use fault_runtime::record::Verdict;
use serde::Deserialize;

/// One finished case, as the harness noted it.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
pub(super) struct Finished {
    /// Its verdict.
    pub(super) verdict: Verdict,
    /// How long it ran.
    pub(super) duration_ms: f64,
}

/// One line of the file.
#[derive(Deserialize)]
struct Line {
    case_id: String,
    #[serde(flatten)]
    finished: Finished,
}

/// Reads the file as the harness appends to it.
pub(super) struct FinishedCases {
    reader: Option<BufReader<File>>,
    /// A line the harness had not finished writing at the last read.
    partial: String,
    seen: HashMap<String, Finished>,
}

impl FinishedCases {
    /// Follows the file at `file`, which the harness appends to.
    pub(super) fn follow(file: Option<File>) -> Self {
        FinishedCases {
            reader: file.map(BufReader::new),
            partial: String::new(),
            seen: HashMap::new(),
        }
    }

    /// What the harness noted about `case_id`, reading what it appended since the last call.
    /// The harness writes a case's line before libtest reports it, so by the report it is there.
    pub(super) fn of(&mut self, case_id: &str) -> Option<Finished> {
        if let Some(reader) = &mut self.reader {
            while let Ok(read) = reader.read_line(&mut self.partial) {
                if read == 0 || !self.partial.ends_with('\n') {
                    break;
                }
                if let Ok(line) = serde_json::from_str::<Line>(&self.partial) {
                    self.seen.insert(line.case_id, line.finished);
                }
                self.partial.clear();
            }
        }
        self.seen.get(case_id).copied()
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    #[test]
    fn lines_are_read_as_they_are_appended_and_a_partial_one_waits() {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        let mut cases = FinishedCases::follow(Some(file.reopen().unwrap()));
        assert_eq!(cases.of("a"), None);
        write!(file, "{{\"case_id\":\"a\",\"verdict\":\"refused\",\"duration_ms\":12.5}}\n{{\"case_id\":\"b\",").unwrap();
        file.flush().unwrap();
        let a = cases.of("a").unwrap();
        assert_eq!((a.verdict, a.duration_ms), (Verdict::Refused, 12.5));
        assert_eq!(cases.of("b"), None, "b's line is not whole yet");
        writeln!(file, "\"verdict\":\"wrong_code\",\"duration_ms\":3.0}}").unwrap();
        file.flush().unwrap();
        assert_eq!(cases.of("b").unwrap().verdict, Verdict::WrongCode);
        assert_eq!(FinishedCases::follow(None).of("a"), None);
    }
}
