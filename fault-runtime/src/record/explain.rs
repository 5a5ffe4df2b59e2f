//! The one-screen explanation printed when a case fails.

use std::fmt::Write;
use std::path::Path;

use crate::record::{ControlOutcome, RunRecord, Status};

/// Lines of each output stream shown in an explanation.
const TAIL_LINES: usize = 12;

impl RunRecord {
    /// The one-screen explanation of a case: what was expected, what was observed, what
    /// changed, what the case printed, and where its record is.
    pub fn explain(&self, record_path: Option<&Path>) -> String {
        explain(self, record_path)
    }
}

fn explain(record: &RunRecord, record_path: Option<&Path>) -> String {
    let mut text = String::new();
    let verdict = record.verdict;
    let _ = writeln!(text, "verdict:  {verdict} ({})", verdict.meaning());
    let source = record
        .source
        .as_ref()
        .map(|s| format!("  ({}:{})", s.file, s.line))
        .unwrap_or_default();
    let _ = writeln!(text, "case:     {}{source}", record.case_id);
    let _ = writeln!(text, "expected: {}", expected(record));
    let _ = writeln!(text, "observed: {}", observed(record));
    sweep(&mut text, record);
    control(&mut text, record);
    drift(&mut text, record);
    if !record.side_effects.is_empty() {
        let _ = writeln!(text, "side effects:");
        for effect in &record.side_effects {
            let _ = writeln!(text, "  {} {}", effect.change.as_str(), effect.path);
        }
    }
    if !record.leaked_processes.is_empty() {
        let _ = writeln!(text, "left running (all killed):");
        for process in &record.leaked_processes {
            let _ = writeln!(text, "  pid {} {}", process.pid, process.command);
        }
    }
    if !record.unverified.is_empty() {
        let _ = writeln!(text, "unverified:");
        for claim in &record.unverified {
            let _ = writeln!(text, "  {}", claim.reason);
        }
    }
    if let Some(output) = &record.output {
        tail(
            &mut text,
            "stdout",
            &output.stdout_tail,
            output.stdout_bytes,
        );
        tail(
            &mut text,
            "stderr",
            &output.stderr_tail,
            output.stderr_bytes,
        );
    }
    if let Some(kept) = &record.sandbox_kept {
        let _ = writeln!(text, "sandbox:  kept at {kept}");
    }
    if let Some(path) = record_path {
        let _ = writeln!(text, "record:   {}", path.display());
    }
    text
}

/// A drift mark: why, what it predicts, what it absorbed, until when and where it is tracked.
fn drift(text: &mut String, record: &RunRecord) {
    let Some(why) = &record.drift else {
        return;
    };
    let mut line = format!("drift:    {why}");
    if let Some(predicted) = record.drift_verdict {
        line.push_str(&format!("; predicts {predicted}"));
    }
    if let Some(absorbed) = record.drift_absorbed {
        line.push_str(&format!("; absorbed {absorbed}"));
    }
    if let Some(until) = &record.drift_until {
        line.push_str(&format!("; until {until}"));
    }
    if let Some(issue) = &record.drift_issue {
        line.push_str(&format!("; tracked at {issue}"));
    }
    let _ = writeln!(text, "{line}");
}

/// A sweep's runs in one line, and the attribute that reproduces the failing run alone.
fn sweep(text: &mut String, record: &RunRecord) {
    let Some(last) = record.sweep.last() else {
        return;
    };
    let failed = record.sweep.iter().find(|run| run.status == Status::Failed);
    let _ = writeln!(
        text,
        "sweep:    {} run(s){}",
        record.sweep.len(),
        match failed {
            Some(run) => format!(", run {} failed", run.run),
            None if last.baseline => ", the last one the baseline".to_owned(),
            None => String::new(),
        }
    );
    if let Some(injected) = failed.and_then(|run| run.injected.as_deref()) {
        let key = if injected.contains('=') {
            format!("failpoints = \"{injected}\"")
        } else {
            format!("syscalls = [\"{injected}\"]")
        };
        let _ = writeln!(
            text,
            "reproduce: `{key}` in place of `sweep` runs that run alone"
        );
    }
}

/// The case's run and its control run, one under the other: what each observed.
fn control(text: &mut String, record: &RunRecord) {
    let Some(control) = &record.control else {
        return;
    };
    if !control.ran {
        let why = control.message.as_deref().unwrap_or("it cannot have one");
        let _ = writeln!(text, "control:  none ran: {why}");
        return;
    }
    let case = match &record.observed.code {
        Some(code) => format!("refused {code}"),
        None => record.verdict.as_str().to_owned(),
    };
    let outcome = control.outcome.map_or("?", ControlOutcome::as_str);
    let ended = match &control.code {
        Some(code) => format!("{outcome} {code}"),
        None => outcome.to_owned(),
    };
    let said = control
        .message
        .as_deref()
        .map(|message| format!(": {message}"))
        .unwrap_or_default();
    let took = control
        .duration_ms
        .map(|ms| format!(" ({ms:.1} ms)"))
        .unwrap_or_default();
    let _ = writeln!(text, "runs:     with the fault     {case}");
    let _ = writeln!(text, "          without it         {ended}{said}{took}");
}

fn expected(record: &RunRecord) -> String {
    let mut text = match record.expected.codes.as_slice() {
        [_, _, ..] => format!("refusal {}", record.expected.codes.join(" or ")),
        _ => format!("refusal {}", record.expected.code),
    };
    if let Some(gate) = &record.gate {
        let _ = write!(text, " at gate {gate}");
    }
    if record.expected.halt {
        text.push_str(", halting with no side effects");
    }
    text
}

fn observed(record: &RunRecord) -> String {
    let observed = &record.observed;
    let mut text = match &observed.code {
        Some(code) => {
            let gate = match &observed.gate {
                Some(gate) => format!(" at gate {gate}"),
                None => " at no reported gate".to_owned(),
            };
            format!("refusal {code}{gate}")
        }
        None => String::new(),
    };
    if let Some(message) = &observed.message {
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(message);
    }
    text
}

fn tail(text: &mut String, stream: &str, tail: &str, total: u64) {
    if total == 0 {
        return;
    }
    let lines: Vec<&str> = tail.lines().collect();
    let shown = &lines[lines.len().saturating_sub(TAIL_LINES)..];
    let _ = writeln!(
        text,
        "{stream} (last {} lines, {total} bytes in all):",
        shown.len()
    );
    for line in shown {
        let _ = writeln!(text, "  | {line}");
    }
}
