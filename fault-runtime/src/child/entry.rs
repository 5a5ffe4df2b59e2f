//! The case process: run exactly one case and report how it ended.

use std::ffi::OsString;
use std::os::fd::{FromRawFd, OwnedFd, RawFd};
use std::os::unix::net::UnixStream;
use std::panic::{self, AssertUnwindSafe};
use std::process::ExitCode;

use crate::api::outcome::Outcome;
use crate::child::async_body::{self, RuntimeUnavailable};
use crate::child::failpoint;
use crate::child::limits;
use crate::child::panic_site;
use crate::child::report::{
    BodyEnd, CASE_VAR, CHILD_SETUP_FAILED, CONTROL_VAR, ChildReport, FAILPOINT_SWEEP_VAR,
    REPORT_FD_VAR, SYSCALLS_VAR,
};
use crate::child::syscalls::{self, NotArmed};
use crate::child::warnings as warning;
use crate::declare::registry;
use crate::declare::{Action, ArmedFailpoint, CaseDef, Control, Task};
use crate::record::Warning;

/// When this process was started by a supervisor to run one case, runs it and returns the
/// exit code; `None` in any other process.
pub(crate) fn run_if_case_process() -> Option<ExitCode> {
    case_process_code().map(ExitCode::from)
}

/// [`run_if_case_process`] with the exit code as a number, for a case process forked from the
/// fork server, which exits without returning from `main`.
///
/// This is the case process's whole fast path: read the markers, find the case, run it,
/// report. No argument parsing, no trial list.
pub(crate) fn case_process_code() -> Option<u8> {
    let case_id = std::env::var_os(CASE_VAR)?;
    let report = std::env::var_os(REPORT_FD_VAR);
    let plan = Plan {
        syscalls: std::env::var(SYSCALLS_VAR)
            .map(|specs| specs.lines().map(str::to_owned).collect())
            .unwrap_or_default(),
        failpoint_sweep: std::env::var(FAILPOINT_SWEEP_VAR).ok(),
        control: std::env::var_os(CONTROL_VAR).is_some(),
    };
    // SAFETY: this runs first thing in `main`, before the harness or the case starts any thread,
    // so nothing can read the environment concurrently. Removing the markers keeps the case's
    // environment exactly the hermetic one the harness built.
    unsafe {
        for marker in [
            CASE_VAR,
            REPORT_FD_VAR,
            SYSCALLS_VAR,
            FAILPOINT_SWEEP_VAR,
            CONTROL_VAR,
        ] {
            std::env::remove_var(marker);
        }
    }
    Some(run_case(case_id, report, plan))
}

/// What the supervisor asked of this run besides the case's own keys.
struct Plan {
    /// Every syscall fault: the case's own, then a sweep's.
    syscalls: Vec<String>,
    /// A failpoint sweep's run: the sites to fail, one per line (empty: none).
    failpoint_sweep: Option<String>,
    /// The case's control run: no failpoints, no limits, the healthy fn if the case has one.
    control: bool,
}

impl Plan {
    /// The failpoints to arm: the case's own, or the sites a failpoint sweep's run fails.
    fn failpoints(&self, def: &'static CaseDef) -> &'static [ArmedFailpoint] {
        const FAIL: &[Action] = &[Action {
            frequency: 1.0,
            count: None,
            task: Task::Return(None),
        }];
        if self.control {
            return &[];
        }
        let Some(sites) = self.failpoint_sweep.as_deref() else {
            return def.failpoints;
        };
        // Leaked once per process: the case's process runs one case and exits.
        let armed: Vec<ArmedFailpoint> = sites
            .lines()
            .map(|site| ArmedFailpoint {
                name: Box::leak(site.to_owned().into_boxed_str()),
                actions: "return",
                steps: FAIL,
            })
            .collect();
        Box::leak(armed.into_boxed_slice())
    }
}

fn run_case(case_id: OsString, report: Option<OsString>, plan: Plan) -> u8 {
    let Some(mut channel) = report.as_deref().and_then(report_channel) else {
        eprintln!(
            "faults: started for a case without a report channel (`{REPORT_FD_VAR}`); run the harness itself instead"
        );
        return CHILD_SETUP_FAILED;
    };
    let case_id = case_id.to_string_lossy();
    let Some(def) = registry::find(&case_id) else {
        eprintln!("faults: this harness has no fault case `{case_id}`");
        return CHILD_SETUP_FAILED;
    };
    if !plan.syscalls.is_empty() {
        channel = syscalls::move_channel_high(channel);
    }
    let failpoints = plan.failpoints(def);
    if plan.failpoint_sweep.is_some() {
        failpoint::track_reached();
    }
    let mut listener = None;
    let limited = if plan.control {
        Ok(())
    } else {
        limits::apply(def)
    };
    let body = match (plan.control, def.control) {
        (true, Some(Control::Healthy { run, .. })) => run,
        _ => def.body,
    };
    let run = match limited.and_then(|()| failpoint::arm(failpoints)) {
        Err(message) => BodyRun::setup_failed(message),
        Ok(()) if plan.syscalls.is_empty() => run_body(def, body),
        Ok(()) => match syscalls::arm(&plan.syscalls, &channel) {
            Ok(armed) => {
                listener = Some(armed);
                let run = run_body(def, body);
                syscalls::body_ended(&mut channel);
                run
            }
            Err(NotArmed::Failed(message)) => BodyRun::setup_failed(message),
            Err(NotArmed::Unavailable(missing)) => BodyRun {
                end: BodyEnd::Unavailable { missing },
                ..BodyRun::setup_failed(String::new())
            },
        },
    };
    let mut warnings = run.warnings;
    warnings.extend(warning::take_unscoped());
    let report = ChildReport::after(failpoints, run.end, warnings, run.virtual_ms);
    // Open until the report is written: the filter's calls keep their supervisor.
    let _listener = listener;
    match report.write(&mut channel) {
        Ok(()) => 0,
        Err(err) => {
            eprintln!("faults: could not write the case report: {err}");
            CHILD_SETUP_FAILED
        }
    }
}

/// The inherited report channel named by `fd`, made close-on-exec so that programs the case
/// starts do not inherit it.
fn report_channel(fd: &std::ffi::OsStr) -> Option<UnixStream> {
    let fd: RawFd = fd.to_str()?.parse().ok()?;
    if fd < 3 {
        return None;
    }
    // SAFETY: the supervisor started this process with its end of the report channel at this
    // descriptor and names it only here; nothing else in the process owns it.
    let owned = unsafe { OwnedFd::from_raw_fd(fd) };
    rustix::io::fcntl_setfd(&owned, rustix::io::FdFlags::CLOEXEC).ok()?;
    Some(UnixStream::from(owned))
}

/// What running a case body produced, gathered on the thread that ran it.
#[derive(Debug)]
pub(crate) struct BodyRun {
    /// How the body ended.
    pub(crate) end: BodyEnd,
    /// Warnings reported on the body's thread.
    pub(crate) warnings: Vec<Warning>,
    /// Virtual time of a paused-clock body.
    pub(crate) virtual_ms: Option<f64>,
}

impl BodyRun {
    /// A body that never ran because its case could not be set up.
    pub(crate) fn setup_failed(message: String) -> Self {
        BodyRun {
            end: BodyEnd::SetupFailed { message },
            warnings: Vec::new(),
            virtual_ms: None,
        }
    }
}

/// Runs `body` (the case's body, or its control's) on this thread, catching a panic. A runtime
/// that could not be built for an async body is a setup failure, not the system panicking.
pub(crate) fn run_body(def: &'static CaseDef, body: fn(&CaseDef) -> Outcome) -> BodyRun {
    panic_site::watch();
    let (caught, warnings) =
        warning::scoped(|| panic::catch_unwind(AssertUnwindSafe(|| body(def))));
    let end = match caught {
        Ok(outcome) => BodyEnd::Returned { outcome },
        Err(payload) => match payload.downcast::<RuntimeUnavailable>() {
            Ok(unavailable) => BodyEnd::SetupFailed {
                message: unavailable.0,
            },
            Err(payload) => BodyEnd::Panicked {
                message: panic_site::located(panic_message(payload.as_ref())),
            },
        },
    };
    BodyRun {
        end,
        warnings,
        virtual_ms: async_body::take_virtual_ms(),
    }
}

/// The text of a panic payload.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panicked with a non-string payload".to_owned())
}
