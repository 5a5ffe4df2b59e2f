//! Bounded capture of a child's output: however much it writes, only the tail is kept; and
//! its live copy to the terminal under `--nocapture`, with secrets redacted line by line.

use std::collections::VecDeque;
use std::io::Write;

use crate::api::outcome::Stream;
use crate::record::redact::Redactor;

/// How many bytes of each stream are kept in memory.
pub(crate) const TAIL_BYTES: usize = 64 * 1024;

/// The last [`TAIL_BYTES`] of a stream, plus how much was written in all.
#[derive(Debug, Default)]
pub(crate) struct Tail {
    kept: VecDeque<u8>,
    total: u64,
}

impl Tail {
    /// A tail with nothing written, for a process that never started.
    pub(crate) const EMPTY: Tail = Tail {
        kept: VecDeque::new(),
        total: 0,
    };

    /// Appends a chunk, dropping the oldest bytes past the bound.
    pub(crate) fn push(&mut self, chunk: &[u8]) {
        self.total += chunk.len() as u64;
        let chunk = &chunk[chunk.len().saturating_sub(TAIL_BYTES)..];
        let overflow = (self.kept.len() + chunk.len()).saturating_sub(TAIL_BYTES);
        self.kept.drain(..overflow);
        self.kept.extend(chunk);
    }

    /// Bytes written in all, kept or not.
    pub(crate) fn total(&self) -> u64 {
        self.total
    }

    /// The last `max` bytes as text, starting on a line boundary when the head was cut.
    pub(crate) fn text(&self, max: usize) -> String {
        let start = self.kept.len().saturating_sub(max);
        let bytes: Vec<u8> = self.kept.range(start..).copied().collect();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let cut = start > 0 || self.total > self.kept.len() as u64;
        match text.find('\n') {
            Some(newline) if cut && newline + 1 < text.len() => text[newline + 1..].to_owned(),
            _ => text,
        }
    }
}

/// The live copy of one output stream to this process's own, a line at a time so a secret is
/// never split across two writes and escapes redaction.
#[derive(Debug)]
pub(crate) struct Tee {
    stream: Stream,
    redactor: Redactor,
    pending: Vec<u8>,
}

impl Tee {
    /// Copies to this process's `stream`, redacting with `redactor`.
    pub(crate) fn new(stream: Stream, redactor: Redactor) -> Self {
        Tee {
            stream,
            redactor,
            pending: Vec::new(),
        }
    }

    /// Copies every complete line of `chunk`, keeping the rest for later.
    pub(crate) fn push(&mut self, chunk: &[u8]) {
        self.pending.extend_from_slice(chunk);
        if let Some(end) = self.pending.iter().rposition(|b| *b == b'\n') {
            let lines: Vec<u8> = self.pending.drain(..=end).collect();
            self.write(&lines);
        }
    }

    /// Copies what is left, once the stream is over.
    pub(crate) fn finish(&mut self) {
        let rest = std::mem::take(&mut self.pending);
        if !rest.is_empty() {
            self.write(&rest);
        }
    }

    fn write(&self, bytes: &[u8]) {
        let text = String::from_utf8_lossy(bytes);
        let clean = self.redactor.redact(&text);
        // Mirroring is best effort: a closed terminal must not fail the case.
        let _ = match self.stream {
            Stream::Stdout => std::io::stdout().write_all(clean.as_bytes()),
            Stream::Stderr => std::io::stderr().write_all(clean.as_bytes()),
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_only_the_tail_of_a_flood() {
        let mut tail = Tail::default();
        let line = b"0123456789abcdef\n";
        for _ in 0..100_000 {
            tail.push(line);
        }
        tail.push(b"LAST LINE\n");
        assert_eq!(tail.total(), 100_000 * line.len() as u64 + 10);
        assert!(tail.kept.len() <= TAIL_BYTES);
        let text = tail.text(64);
        assert!(text.ends_with("LAST LINE\n"), "{text:?}");
        assert!(
            text.starts_with("0123") || text.starts_with("LAST"),
            "{text:?}"
        );
    }

    #[test]
    fn a_single_huge_chunk_is_bounded() {
        let mut tail = Tail::default();
        tail.push(&vec![b'x'; 3 * TAIL_BYTES]);
        assert_eq!(tail.kept.len(), TAIL_BYTES);
        assert_eq!(tail.total(), 3 * TAIL_BYTES as u64);
    }

    #[test]
    fn short_output_is_kept_whole() {
        let mut tail = Tail::default();
        tail.push(b"refused: ENV_VAR_MISSING\n");
        assert_eq!(tail.text(4096), "refused: ENV_VAR_MISSING\n");
    }
}
