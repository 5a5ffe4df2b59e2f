//! The options of `#[fault_case(...)]`, one row each, in the order the docs list them.
//!
//! Adding an option starts here: a row (name, value syntax, what isolation it needs, meaning,
//! and how it fills [`Options`]), a field in [`Options`], its emission into the case
//! description in `expand.rs`, and the matching field of fault-runtime's `CaseDef`
//! (`fault-runtime/src/declare/case.rs`), from which the runtime stage that acts on it reads.
//! Parsing, "did you mean" hints, the lists of valid options and the `isolation = "none"`
//! check follow from the row; a check across options (such as what needs
//! `isolation = "container"`) goes in `parse.rs`.

use fault_vocab::{
    DriftVerdict, Isolation, Network, RollbackExpectation, RollbackKind, Severity, TimeMode,
};

use super::control::control;
use super::date::drift_until;
use super::lists::{env_names, env_pairs, hide, requires, tags};
use super::options::Options;
use super::sweep::{expect, sweep};
use super::syscalls::syscalls;
use super::values::{category, failpoints, memory_limit, open_files, timeout};
use crate::option::Value::{Flag, Optional, Required};
use crate::option::table;
use Needs::{Nothing, OwnProcess};

/// What a case with the option needs from its isolation.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Needs {
    /// Nothing: the option works inside the harness process too.
    Nothing,
    /// A process of its own, which `isolation = "none"` does not give.
    OwnProcess,
}

/// The largest `repeat`: more copies prove no more and only cost time.
const MAX_REPEAT: u32 = 10_000;

table! {
    /// Every option of `#[fault_case(...)]`.
    pub(super) static OPTIONS: Table<Options, Needs> = "fault_case" "option" {
        expect: Required("expect = \"REMOTE_REQUIRES_ADAPTER\""), Nothing, "the refusal code the case must observe (a `sweep` may list several)",
            |o, a| {
                let (code, list) = expect(a)?;
                o.expect = Some(code);
                o.expect_list = list;
            };
        gate: Required("gate = 4"), Nothing, "the gate the refusal must come from",
            |o, a| o.gate = Some(a.gate()?);
        halt: Flag, OwnProcess, "the refusal must leave the sandbox unchanged",
            |o, a| o.halt = Some(a.flag()?);
        severity: Required("severity = \"error\""), Nothing, "how serious the fault is",
            |o, a| o.severity = Some(a.choice::<Severity>()?.0);
        category: Required("category = \"validation\""), Nothing, "the fault's class",
            |o, a| o.category = Some(category(a)?);
        id: Required("id = \"fault-1\""), Nothing, "a stable id instead of the module path",
            |o, a| o.id = Some(a.code()?);
        name: Required("name = \"Missing adapter\""), Nothing, "the human name instead of the doc comment's first line",
            |o, a| o.name = Some(a.text()?);
        fault: Required("fault = \"missing_env_var\""), Nothing, "the label of the injected fault",
            |o, a| o.fault = Some(a.text()?);
        recovery: Required("recovery = \"export SUPABASE_PASSWORD\""), Nothing, "what an operator does to fix the fault",
            |o, a| o.recovery = Some(a.text()?);
        env: Required("env = [(\"SUPABASE_URL\", \"https://db.example\")]"), OwnProcess, "variables set in the case's environment",
            |o, a| o.env = Some(env_pairs(a)?);
        env_remove: Required("env_remove = [\"SUPABASE_PASSWORD\"]"), OwnProcess, "variables removed from the case's environment",
            |o, a| o.env_remove = Some(env_names(a)?);
        env_pass: Required("env_pass = [\"SUPABASE_PASSWORD\"]"), OwnProcess, "variables passed through from the harness's environment",
            |o, a| o.env_pass = Some(env_names(a)?);
        timeout: Required("timeout = \"5s\""), Nothing, "how long the case may run before it is killed",
            |o, a| o.timeout = Some(timeout(a)?);
        tags: Required("tags = [\"phase7\", \"adapters\"]"), Nothing, "free labels for filtering",
            |o, a| o.tags = Some(tags(a)?);
        hide: Required("hide = [\"git\", \"curl\"]"), OwnProcess, "programs (in a container also absolute paths) hidden from the case",
            |o, a| o.hide = Some(hide(a)?);
        requires: Required("requires = [\"sh\", \"env:DATABASE_URL\", \"file:/etc/app.toml\"]"), Nothing, "what the case needs on this machine",
            |o, a| o.requires = Some(requires(a)?);
        failpoints: Required("failpoints = \"ledger.write=return\""), OwnProcess, "failpoints armed in the case's process",
            |o, a| o.failpoints = Some(failpoints(a)?);
        syscalls: Required("syscalls = [\"fsync:EIO\", \"write:ENOSPC@3\"]"), OwnProcess, "syscalls that fail in the case's processes: every call, the Nth (`@N`), or from the Nth on (`@N..`)",
            |o, a| o.syscalls = Some(syscalls(a)?);
        sweep: Required("sweep = \"write:ENOSPC\""), OwnProcess, "run the case once per injection point: run N fails the Nth call of a syscall, or (`\"failpoints\"`) each failpoint site reached",
            |o, a| o.sweep = Some(sweep(a)?);
        sweep_max: Required("sweep_max = 50"), Nothing, "the most runs a `sweep` makes; reaching it fails the case",
            |o, a| o.sweep_max = Some(a.count(1, None, ": a sweep makes at least one run")?);
        control: Optional("control = valid_remote_spec"), OwnProcess, "a second run without the faults the attribute injects (or of the healthy fn named), which must complete",
            |o, a| o.control = Some(control(a)?);
        memory_limit: Required("memory_limit = \"256MiB\""), OwnProcess, "the address-space limit of the case's processes",
            |o, a| o.memory_limit = Some(memory_limit(a)?);
        open_files: Required("open_files = 16"), OwnProcess, "the open-file limit of the case's processes",
            |o, a| o.open_files = Some(open_files(a)?);
        rollback: Optional("rollback = \"compensating\""), OwnProcess, "a rollback must run and restore the sandbox",
            |o, a| o.rollback = Some(match &a.value {
                None => RollbackExpectation::Any,
                Some(_) => a.choice::<RollbackKind>()?.0.into(),
            });
        repeat: Required("repeat = 3"), OwnProcess, "how many copies run concurrently, all agreeing",
            |o, a| o.repeat = Some(a.count(2, Some(MAX_REPEAT), "")?);
        drift: Required("drift = \"why\""), Nothing, "why the case is known to fail today",
            |o, a| o.drift = Some(a.text()?);
        drift_verdict: Required("drift_verdict = \"side_effects\""), Nothing, "the one verdict the drift predicts; any other failure stays a failure",
            |o, a| o.drift_verdict = Some(a.choice::<DriftVerdict>()?);
        drift_until: Required("drift_until = \"2027-03-31\""), Nothing, "the day after which the drift fails as `drift_expired`",
            |o, a| o.drift_until = Some(drift_until(a)?);
        drift_issue: Required("drift_issue = \"https://tracker/ISSUE-12\""), Nothing, "where the hardening of the drift is tracked",
            |o, a| o.drift_issue = Some(a.text()?);
        attempts: Required("attempts = 3"), Nothing, "the most attempts the refusal may report",
            |o, a| o.attempts = Some(a.count(1, None, "")?);
        time: Required("time = \"paused\""), Nothing, "the clock an `async fn` case runs on",
            |o, a| o.time = Some(a.choice::<TimeMode>()?);
        isolation: Required("isolation = \"none\""), Nothing, "where the case's body runs",
            |o, a| o.isolation = Some(a.choice::<Isolation>()?);
        network: Required("network = \"none\""), OwnProcess, "the network the case's processes see",
            |o, a| o.network = Some(a.choice::<Network>()?);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_example_starts_with_its_key() {
        for key in OPTIONS.keys {
            if let Required(example) | Optional(example) = key.value {
                assert!(example.starts_with(key.name), "{example}");
            }
        }
    }
}
