//! Running one case in a child process: spawn, capture, watchdog, group kill.

#[cfg(not(unix))]
compile_error!(
    "fault-runtime isolates cases with Unix process groups and signals; only Unix targets are supported"
);

mod unix;

use std::ffi::OsString;
use std::io::{self, Write};
use std::path::Path;
use std::process::Stdio;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use tokio::io::{AsyncRead, AsyncReadExt};

use crate::capture::Tail;

pub(crate) use unix::signal_name;

/// How long output pipes may stay open after the case's process group is gone. Only a process
/// that escaped the group (e.g. with `setsid`) can hold them that long.
const DRAIN_GRACE: Duration = Duration::from_secs(2);

/// Everything needed to start the child for one case.
pub(crate) struct Spawn<'a> {
    /// The harness binary itself.
    pub(crate) exe: &'a Path,
    /// The complete environment of the child.
    pub(crate) vars: Vec<(OsString, OsString)>,
    /// The child's working directory: the sandbox.
    pub(crate) cwd: &'a Path,
    /// The watchdog limit.
    pub(crate) timeout: Duration,
    /// Copy the child's output to this process's output as it arrives (`--nocapture`).
    pub(crate) tee: bool,
}

/// How the child ended and what it wrote.
#[derive(Debug)]
pub(crate) struct Exit {
    /// The exit code, when it exited normally.
    pub(crate) code: Option<i32>,
    /// The terminating signal, when it was killed.
    pub(crate) signal: Option<i32>,
    /// Killed by the watchdog.
    pub(crate) timed_out: bool,
    /// Wall time from spawn to exit.
    pub(crate) elapsed: Duration,
    /// The tail of stdout.
    pub(crate) stdout: Tail,
    /// The tail of stderr.
    pub(crate) stderr: Tail,
    /// Output pipes stayed open after the process group was killed.
    pub(crate) escaped: bool,
}

#[derive(Clone, Copy)]
enum Stream {
    Stdout,
    Stderr,
}

/// Runs the child to completion or to the watchdog, whichever comes first.
pub(crate) async fn run(spawn: Spawn<'_>) -> io::Result<Exit> {
    let mut cmd = tokio::process::Command::new(spawn.exe);
    cmd.env_clear()
        .envs(spawn.vars)
        .current_dir(spawn.cwd)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    unix::own_process_group(&mut cmd);

    let started = Instant::now();
    let mut child = cmd.spawn()?;
    let leader = child.id();
    let stdout = Arc::new(Mutex::new(Tail::default()));
    let stderr = Arc::new(Mutex::new(Tail::default()));
    let drains = [
        tokio::spawn(drain(
            child.stdout.take(),
            stdout.clone(),
            spawn.tee,
            Stream::Stdout,
        )),
        tokio::spawn(drain(
            child.stderr.take(),
            stderr.clone(),
            spawn.tee,
            Stream::Stderr,
        )),
    ];

    let waited = tokio::time::timeout(spawn.timeout, child.wait()).await;
    let timed_out = waited.is_err();
    // Whether the child exited or the watchdog fired, nothing it started may outlive the case.
    if let Some(leader) = leader {
        unix::kill_group(leader);
    }
    let status = match waited {
        Ok(status) => status?,
        Err(_) => {
            child.start_kill().ok();
            child.wait().await?
        }
    };
    let elapsed = started.elapsed();

    let [out_task, err_task] = drains;
    let escaped = tokio::time::timeout(DRAIN_GRACE, async {
        let _ = out_task.await;
        let _ = err_task.await;
    })
    .await
    .is_err();

    let (code, signal) = unix::decode(status);
    Ok(Exit {
        code,
        signal,
        timed_out,
        elapsed,
        stdout: take(&stdout),
        stderr: take(&stderr),
        escaped,
    })
}

async fn drain(
    pipe: Option<impl AsyncRead + Unpin>,
    tail: Arc<Mutex<Tail>>,
    tee: bool,
    stream: Stream,
) {
    let Some(mut pipe) = pipe else {
        return;
    };
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match pipe.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => {
                tail.lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push(&buf[..n]);
                if tee {
                    // Mirroring is best effort: a closed terminal must not fail the case.
                    let _ = match stream {
                        Stream::Stdout => io::stdout().write_all(&buf[..n]),
                        Stream::Stderr => io::stderr().write_all(&buf[..n]),
                    };
                }
            }
        }
    }
}

fn take(tail: &Mutex<Tail>) -> Tail {
    std::mem::take(&mut *tail.lock().unwrap_or_else(PoisonError::into_inner))
}
