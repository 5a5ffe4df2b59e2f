//! The harness's side of isolation: one worker per concurrently running case, each with a
//! supervisor process of its own, reused case after case.
//!
//! The worker asks its supervisor to run a case, copies the case's output (which arrives on the
//! supervisor's stdout and stderr) into bounded tails as it comes, and waits for the
//! supervisor's word that the case is over. By then every process of the case is dead, so what
//! is still in the pipes is all the case wrote: the worker drains it, and nothing of one case
//! can reach the next.
//!
//! Creating and deleting files is the dominant cost of isolation on some filesystems, so a
//! worker also keeps its sandbox when the previous case left it untouched. A reused sandbox is
//! verified empty before every case, so each case still starts in an empty private directory.

use std::ffi::OsString;
use std::io::{self, Read};
use std::os::fd::OwnedFd;
use std::os::unix::net::UnixStream;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStderr, ChildStdout, Stdio};
use std::time::{Duration, Instant};

use rustix::event::{PollFd, PollFlags};

use crate::api::outcome::Stream;
use crate::isolate::Image;
use crate::isolate::capture::{Tail, Tee};
use crate::isolate::interrupt;
use crate::isolate::sandbox::{Sandbox, Snapshot};
use crate::isolate::supervise::markers::SUPERVISOR_VAR;
use crate::isolate::supervise::wire::{
    self, ContainerRequest, FrameBuffer, Reply, ReportEnd, Request, RunCase,
};
use crate::isolate::syscalls::SyscallCount;
use crate::record::redact::Redactor;
use crate::record::{Containment, LeakedProcess, SideEffect, SpawnKind};

/// How long a supervisor may take to come up.
const STARTUP_PATIENCE: Duration = Duration::from_secs(30);

/// How long past a case's timeout its supervisor may take to kill everything and answer.
const CLEANUP_PATIENCE: Duration = Duration::from_secs(30);

/// Everything needed to run one case's process.
pub(crate) struct Spawn<'a> {
    /// The complete environment of the case's process.
    pub(crate) vars: Vec<(OsString, OsString)>,
    /// Its working directory: the sandbox.
    pub(crate) cwd: &'a Path,
    /// The watchdog limit.
    pub(crate) timeout: Duration,
    /// Copy the case's output to this process's output as it arrives (`--nocapture`),
    /// redacted with this.
    pub(crate) tee: Option<Redactor>,
    /// Run it in a container, like this.
    pub(crate) container: Option<ContainerRequest>,
    /// Its syscall faults.
    pub(crate) syscalls: Vec<String>,
    /// Its process may be forked from the fork server (`FAULTS_SPAWN` is not `exec`).
    pub(crate) fork: bool,
}

/// How the case's process ended, what it wrote, and what it left running.
#[derive(Debug, Default)]
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
    /// What arrived on the report channel.
    pub(crate) report: ReportEnd,
    /// Processes the case started that were alive after its process ended; all killed since.
    pub(crate) leaked: Vec<LeakedProcess>,
    /// What went wrong while supervising the case, if anything.
    pub(crate) trouble: Option<String>,
    /// What a container case changed outside its sandbox.
    pub(crate) outside: Vec<SideEffect>,
    /// Why the container the case needs cannot exist on this machine.
    pub(crate) unavailable: Option<String>,
    /// What each syscall fault saw, in the order of [`Spawn::syscalls`].
    pub(crate) syscalls: Vec<SyscallCount>,
    /// How its process was started; `None` when none was.
    pub(crate) spawn: Option<SpawnKind>,
}

/// One worker's reusable resources.
#[derive(Debug)]
pub(crate) struct Worker {
    image: Image,
    env: Vec<(OsString, OsString)>,
    temp_root: PathBuf,
    supervisor: Option<Supervisor>,
    sandbox: Option<Sandbox>,
}

impl Worker {
    /// A worker whose supervisor runs `exe` with the hermetic base environment `env`, and whose
    /// sandboxes are created under `temp_root`.
    pub(crate) fn new(image: &Image, env: Vec<(OsString, OsString)>, temp_root: &Path) -> Self {
        Worker {
            image: image.clone(),
            env,
            temp_root: temp_root.to_path_buf(),
            supervisor: None,
            sandbox: None,
        }
    }

    /// How far the worker can follow what a case starts: by its supervisor's answer.
    pub(crate) fn containment(&mut self) -> Containment {
        match self.supervisor() {
            Ok(supervisor) if supervisor.subreaper => Containment::Subreaper,
            _ => Containment::ProcessGroup,
        }
    }

    /// Runs one case's process to its end through the supervisor.
    pub(crate) fn run(&mut self, spawn: Spawn<'_>) -> io::Result<Exit> {
        let supervisor = self.supervisor()?;
        let result = supervisor.run(spawn);
        if result.is_err() || supervisor.broken {
            // A supervisor that failed once is not trusted with the next case.
            if let Some(supervisor) = self.supervisor.take() {
                supervisor.stop();
            }
        }
        result
    }

    /// An empty sandbox and its snapshot: the previous one when it is still empty, else a new one.
    pub(crate) fn sandbox(&mut self) -> io::Result<(Sandbox, Snapshot)> {
        if let Some(sandbox) = self.sandbox.take() {
            if let Ok(snapshot) = sandbox.snapshot() {
                if snapshot.is_pristine(&sandbox) {
                    return Ok((sandbox, snapshot));
                }
            }
        }
        let sandbox = Sandbox::create_in(&self.temp_root)?;
        let snapshot = sandbox.snapshot()?;
        Ok((sandbox, snapshot))
    }

    /// Hands back a sandbox the case left untouched, for the next case.
    pub(crate) fn recycle(&mut self, sandbox: Sandbox) {
        self.sandbox = Some(sandbox);
    }

    fn supervisor(&mut self) -> io::Result<&mut Supervisor> {
        if self.supervisor.is_none() {
            self.supervisor = Some(Supervisor::start(&self.image, &self.env)?);
        }
        Ok(self.supervisor.as_mut().expect("started above"))
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        if let Some(supervisor) = self.supervisor.take() {
            supervisor.stop();
        }
    }
}

/// A supervisor process and the harness's ends of its pipes.
#[derive(Debug)]
struct Supervisor {
    process: Child,
    control: UnixStream,
    stdout: ChildStdout,
    stderr: ChildStderr,
    frames: FrameBuffer,
    subreaper: bool,
    /// It failed in a way that makes it unfit for another case.
    broken: bool,
}

impl Supervisor {
    /// Starts a supervisor and waits until it is ready; anything it printed before (a harness
    /// may print before handing over to the runtime) is discarded, never a case's output.
    fn start(image: &Image, env: &[(OsString, OsString)]) -> io::Result<Self> {
        let (ours, theirs) = UnixStream::pair()?;
        let mut command = image.command();
        command
            .env_clear()
            .envs(env.iter().map(|(k, v)| (k, v)))
            .env(SUPERVISOR_VAR, "1")
            .stdin(Stdio::from(OwnedFd::from(theirs)))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .process_group(0);
        let mut process = interrupt::spawn_tracked(&mut command)?;
        let (Some(stdout), Some(stderr)) = (process.stdout.take(), process.stderr.take()) else {
            return Err(io::Error::other(
                "the supervisor's output pipes are missing",
            ));
        };
        rustix::io::ioctl_fionbio(&stdout, true)?;
        rustix::io::ioctl_fionbio(&stderr, true)?;
        let mut supervisor = Supervisor {
            process,
            control: ours,
            stdout,
            stderr,
            frames: FrameBuffer::default(),
            subreaper: false,
            broken: false,
        };
        let deadline = Instant::now() + STARTUP_PATIENCE;
        let mut discard = (Tail::default(), Tail::default());
        match supervisor.next_reply(deadline, &mut discard, &mut (None, None)) {
            Ok(Reply::Ready { subreaper }) => supervisor.subreaper = subreaper,
            Ok(other) => {
                supervisor.stop();
                return Err(io::Error::other(format!(
                    "the supervisor answered {other:?} instead of getting ready"
                )));
            }
            Err(err) => {
                let printed = discard.1.text(2048);
                supervisor.stop();
                return Err(io::Error::other(format!(
                    "the supervisor did not start: {err}{}",
                    if printed.is_empty() {
                        String::new()
                    } else {
                        format!("; it printed: {printed}")
                    }
                )));
            }
        }
        supervisor.drain(&mut discard, &mut (None, None));
        Ok(supervisor)
    }

    /// Runs one case and collects its output until the supervisor says it is over.
    fn run(&mut self, spawn: Spawn<'_>) -> io::Result<Exit> {
        let request = RunCase {
            vars: spawn.vars,
            cwd: spawn.cwd.to_path_buf(),
            timeout_ms: u64::try_from(spawn.timeout.as_millis()).unwrap_or(u64::MAX),
            container: spawn.container,
            syscalls: spawn.syscalls,
            fork: spawn.fork,
        };
        wire::write_frame(&mut self.control, &Request::Run(request).encode())?;
        let mut tails = (Tail::default(), Tail::default());
        let mut tees = match spawn.tee {
            Some(redactor) => (
                Some(Tee::new(Stream::Stdout, redactor.clone())),
                Some(Tee::new(Stream::Stderr, redactor)),
            ),
            None => (None, None),
        };
        let deadline = Instant::now() + spawn.timeout + CLEANUP_PATIENCE;
        let ended = match self.next_reply(deadline, &mut tails, &mut tees) {
            Ok(Reply::Ended(ended)) => ended,
            Ok(Reply::Ready { .. }) => {
                self.broken = true;
                return Err(io::Error::other("the supervisor restarted mid-case"));
            }
            Err(err) => {
                self.broken = true;
                return Err(err);
            }
        };
        self.drain(&mut tails, &mut tees);
        for tee in [&mut tees.0, &mut tees.1].into_iter().flatten() {
            tee.finish();
        }
        if ended.trouble.is_some() {
            self.broken = true;
        }
        Ok(Exit {
            code: ended.exit_code,
            signal: ended.signal,
            timed_out: ended.timed_out,
            elapsed: Duration::from_micros(ended.elapsed_us),
            stdout: tails.0,
            stderr: tails.1,
            report: ended.report,
            leaked: ended
                .leaked
                .into_iter()
                .map(|(pid, command)| LeakedProcess { pid, command })
                .collect(),
            trouble: ended.trouble,
            outside: ended.outside,
            spawn: match (ended.unavailable.is_some(), ended.forked) {
                (true, _) => None,
                (false, true) => Some(SpawnKind::Fork),
                (false, false) => Some(SpawnKind::Exec),
            },
            unavailable: ended.unavailable,
            syscalls: ended.syscalls,
        })
    }

    /// The next message, copying output as it arrives; an error when the supervisor is gone
    /// or past `deadline`.
    fn next_reply(
        &mut self,
        deadline: Instant,
        tails: &mut (Tail, Tail),
        tees: &mut (Option<Tee>, Option<Tee>),
    ) -> io::Result<Reply> {
        loop {
            if let Some(payload) = self.frames.next()? {
                return Reply::decode(&payload);
            }
            let Some(left) = deadline.checked_duration_since(Instant::now()) else {
                return Err(io::Error::new(
                    io::ErrorKind::TimedOut,
                    "the supervisor did not answer in time",
                ));
            };
            let timeout = crate::sys::poll_timeout(left);
            let mut fds = [
                PollFd::new(&self.control, PollFlags::IN),
                PollFd::new(&self.stdout, PollFlags::IN),
                PollFd::new(&self.stderr, PollFlags::IN),
            ];
            match rustix::event::poll(&mut fds, Some(&timeout)) {
                Ok(_) | Err(rustix::io::Errno::INTR) => {}
                Err(err) => return Err(err.into()),
            }
            let [control, stdout, stderr] = fds.map(|fd| fd.revents());
            if !stdout.is_empty() {
                copy(&mut self.stdout, &mut tails.0, tees.0.as_mut())?;
            }
            if !stderr.is_empty() {
                copy(&mut self.stderr, &mut tails.1, tees.1.as_mut())?;
            }
            if !control.is_empty() {
                let mut chunk = [0u8; 16 * 1024];
                match (&self.control).read(&mut chunk) {
                    Ok(0) => {
                        return Err(io::Error::new(
                            io::ErrorKind::UnexpectedEof,
                            "the supervisor exited",
                        ));
                    }
                    Ok(n) => self.frames.push(&chunk[..n]),
                    Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
                    Err(err) => return Err(err),
                }
            }
        }
    }

    /// Copies whatever is left in the output pipes; every writer is gone, so this is the end
    /// of the case's output.
    fn drain(&mut self, tails: &mut (Tail, Tail), tees: &mut (Option<Tee>, Option<Tee>)) {
        let _ = copy(&mut self.stdout, &mut tails.0, tees.0.as_mut());
        let _ = copy(&mut self.stderr, &mut tails.1, tees.1.as_mut());
    }

    /// Ends the supervisor: it is told the run is over (closing its stdin alone would make it
    /// clean up as after a crash), and reaped.
    fn stop(self) {
        let Supervisor {
            mut process,
            mut control,
            ..
        } = self;
        let _ = wire::write_frame(&mut control, &Request::Quit.encode());
        drop(control);
        let deadline = Instant::now() + CLEANUP_PATIENCE;
        loop {
            match interrupt::try_reap(&mut process) {
                Ok(None) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(1));
                }
                Ok(None) => {
                    let _ = process.kill();
                    let _ = interrupt::reap(&mut process);
                    return;
                }
                Ok(Some(_)) | Err(_) => return,
            }
        }
    }
}

/// Reads everything available from a non-blocking pipe into its tail.
fn copy(pipe: &mut impl Read, tail: &mut Tail, mut tee: Option<&mut Tee>) -> io::Result<()> {
    let mut chunk = [0u8; 16 * 1024];
    loop {
        match pipe.read(&mut chunk) {
            Ok(0) => return Ok(()),
            Ok(n) => {
                tail.push(&chunk[..n]);
                if let Some(tee) = tee.as_deref_mut() {
                    tee.push(&chunk[..n]);
                }
            }
            Err(err) if err.kind() == io::ErrorKind::WouldBlock => return Ok(()),
            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
            Err(err) => return Err(err),
        }
    }
}
