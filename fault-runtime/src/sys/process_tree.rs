//! The processes a case started, found and killed by its supervisor.
//!
//! On Linux the supervisor is a child subreaper: every process a case starts stays its
//! descendant, whether or not it stays in the case's process group (`setsid`, a group of its
//! own, a double fork), because orphans are reparented to the nearest subreaper. Its
//! descendants are read from `/proc/<pid>/task/<tid>/children`, and only the supervisor's own
//! children are ever signalled, so no pid that may have been reused by an unrelated process is.
//! Elsewhere the case's process group is the bound.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use rustix::process::{Pid, Signal, WaitId, WaitIdOptions, WaitOptions};

/// How long killing a case's processes may take before the supervisor gives up on the rest.
const KILL_PATIENCE: Duration = Duration::from_secs(10);

/// The children of a supervisor that belong to no case (0: none), by [`Spared`]: never listed,
/// killed or counted as a case's, with everything they start.
static SPARED: [AtomicU32; 2] = [AtomicU32::new(0), AtomicU32::new(0)];

/// A child of a supervisor that belongs to no case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Spared {
    /// Its fork server.
    ForkServer,
    /// The case process forked ahead, waiting for the next case.
    Ahead,
}

/// Spares `pid`, this process's `which`, from every listing and killing of the cases'
/// processes; `None` once it is gone (or, forked ahead, became a case's).
pub(crate) fn spare(which: Spared, pid: Option<u32>) {
    SPARED[which as usize].store(pid.unwrap_or(0), Ordering::Relaxed);
}

/// Whether `pid` is a spared child.
fn spared(pid: u32) -> bool {
    pid != 0
        && SPARED
            .iter()
            .any(|slot| slot.load(Ordering::Relaxed) == pid)
}

/// Makes this process the subreaper of every orphan among its descendants; whether it could.
pub(crate) fn become_subreaper() -> bool {
    #[cfg(target_os = "linux")]
    {
        rustix::process::set_child_subreaper(Some(rustix::process::getpid())).is_ok()
    }
    #[cfg(not(target_os = "linux"))]
    {
        false
    }
}

/// Which of this process's threads may have started children.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Threads {
    /// Only the calling one: the supervisor is single-threaded, and one read lists its children.
    Calling,
    /// Any of them: the harness runs in-process bodies on threads of their own.
    All,
}

impl Threads {
    /// This process's children, but the spared ones.
    fn children(self) -> Vec<u32> {
        let mut children = match self {
            Threads::Calling => parse_children(&calling_threads_children()),
            Threads::All => children_of("self"),
        };
        children.retain(|&pid| !spared(pid));
        children
    }
}

/// Every live (non-zombie) descendant of this process outside the subtrees of `exclude`, as
/// `(pid, command)`. Empty where descendants cannot be listed.
pub(crate) fn descendants_except(exclude: &[u32], threads: Threads) -> Vec<(u32, String)> {
    let mut found = Vec::new();
    let mut pending = threads.children();
    while let Some(pid) = pending.pop() {
        if exclude.contains(&pid) {
            continue;
        }
        let Some(stat) = Stat::read(pid) else {
            continue;
        };
        if stat.is_zombie() {
            continue;
        }
        found.push((pid, command(pid, &stat)));
        pending.extend(children_of(&pid.to_string()));
    }
    found
}

/// After the case's process exited on its own: reaps it (a forked one is its fork server's to
/// reap), and finds, lists and kills whatever it left. Returns its exit status, the processes that were still alive, and what could not be
/// killed in time. Needs the subreaper: every such process is then a child of this one.
///
/// The common case costs one call beyond the reaping: with no child left, there is nothing to
/// list, and nothing can appear, since only a live descendant could start one.
pub(crate) fn settle(
    case: u32,
) -> (
    Option<rustix::process::WaitStatus>,
    Vec<(u32, String)>,
    Option<String>,
) {
    let status = Pid::from_raw(case as i32)
        .and_then(|pid| rustix::process::waitpid(Some(pid), WaitOptions::empty()).ok())
        .flatten()
        .map(|(_, status)| status);
    loop {
        match reap_one() {
            // No child at all: nothing was left behind.
            Err(_) => return (status, Vec::new(), None),
            // A zombie the case left (reparented here) is not a leak: reaped, and on.
            Ok(true) => continue,
            // A live child: the case left something running, or it is the fork server.
            Ok(false) => break,
        }
    }
    let leaked = descendants_except(&[], Threads::Calling);
    if leaked.is_empty() {
        return (status, leaked, None);
    }
    (status, leaked, kill_children())
}

/// Kills the case's process (unreaped, so its group id cannot have been reused) with its whole
/// group, then every other descendant, and reaps them all but a forked case process, which its
/// fork server reaps: the watchdog fired, the supervisor stops, or descendants cannot be
/// listed. Returns the case process's exit status (`None` when forked), and what could not be
/// killed in time.
pub(crate) fn kill_all(case: u32) -> (Option<rustix::process::WaitStatus>, Option<String>) {
    let Some(case_pid) = Pid::from_raw(case as i32) else {
        return (None, Some(format!("invalid pid {case}")));
    };
    // ESRCH means the group is already empty: nothing left to kill.
    let _ = rustix::process::kill_process_group(case_pid, Signal::KILL);
    let status = match rustix::process::waitpid(Some(case_pid), WaitOptions::empty()) {
        Ok(status) => status.map(|(_, status)| status),
        Err(rustix::io::Errno::CHILD) => {
            // The fork server's child: what it started outside its group becomes this
            // process's only once it is dead.
            if !wait_dead(case) {
                return (None, Some(format!("the case's process {case} did not die")));
            }
            None
        }
        Err(_) => None,
    };
    (status, kill_children())
}

/// Waits, through a pidfd, until `pid` (not this process's child) has died.
fn wait_dead(pid: u32) -> bool {
    let Some(pidfd) = crate::sys::pidfd(pid) else {
        // Gone already.
        return true;
    };
    let timeout = crate::sys::poll_timeout(KILL_PATIENCE);
    let mut fds = [rustix::event::PollFd::new(
        &pidfd,
        rustix::event::PollFlags::IN,
    )];
    loop {
        match rustix::event::poll(&mut fds, Some(&timeout)) {
            Ok(0) => return false,
            Ok(_) => return true,
            Err(rustix::io::Errno::INTR) => {}
            Err(_) => return false,
        }
    }
}

/// Kills `child` (this process's own, unreaped: its pid cannot have been reused) and every
/// other child, and reaps them all: the end of a container, whose first process takes its
/// whole PID namespace with it. What could not be killed in time, if anything.
#[cfg(target_os = "linux")]
pub(crate) fn kill_child(child: u32) -> Option<String> {
    kill_and_reap(child);
    kill_children()
}

/// Kills `pid`, not yet reaped (so the pid is still its), and reaps it where it is this
/// process's child; another process's child (a fork server's) is left to its parent to reap.
pub(crate) fn kill_and_reap(pid: u32) {
    if let Some(pid) = Pid::from_raw(pid as i32) {
        let _ = rustix::process::kill_process(pid, Signal::KILL);
        let _ = rustix::process::waitpid(Some(pid), WaitOptions::empty());
    }
}

/// Whether `child` is a child of this process that has not ended.
#[cfg(target_os = "linux")]
pub(crate) fn is_live_child(child: u32) -> bool {
    Pid::from_raw(child as i32).is_some_and(|pid| {
        matches!(
            rustix::process::waitid(
                rustix::process::WaitId::Pid(pid),
                rustix::process::WaitIdOptions::EXITED
                    | rustix::process::WaitIdOptions::NOHANG
                    | rustix::process::WaitIdOptions::NOWAIT,
            ),
            Ok(None)
        )
    })
}

/// The pid, as this process sees it, of the child of `parent` whose pid in its own (nested)
/// PID namespace is `inner`: what `NSpid` in `/proc/<pid>/status` says.
#[cfg(target_os = "linux")]
pub(crate) fn host_pid(parent: u32, inner: u32) -> Option<u32> {
    children_of(&parent.to_string()).into_iter().find(|pid| {
        std::fs::read_to_string(format!("/proc/{pid}/status"))
            .ok()
            .and_then(|status| {
                let line = status.lines().find(|l| l.starts_with("NSpid:"))?;
                line.split_whitespace().last()?.parse::<u32>().ok()
            })
            == Some(inner)
    })
}

/// Kills every child of this (single-threaded) process, and the orphans that come back to it,
/// until none is left; what survived, if anything did.
fn kill_children() -> Option<String> {
    let deadline = Instant::now() + KILL_PATIENCE;
    loop {
        let reaped = reap_zombies();
        let alive = Threads::Calling.children();
        if alive.is_empty() {
            return None;
        }
        for pid in &alive {
            if let Some(pid) = Pid::from_raw(*pid as i32) {
                // Our own child, not yet reaped: the pid cannot belong to anyone else.
                let _ = rustix::process::kill_process(pid, Signal::KILL);
            }
        }
        if Instant::now() >= deadline {
            return Some(format!(
                "{} process(es) of the case survived SIGKILL for {}s: {alive:?}",
                alive.len(),
                KILL_PATIENCE.as_secs()
            ));
        }
        if reaped == 0 {
            std::thread::sleep(Duration::from_millis(1));
        }
    }
}

/// Kills every child of this process but `exclude`, and what they started (orphans come back
/// to this process when it is a subreaper), reaping only those: the excluded children are
/// someone else's to wait for.
pub(crate) fn kill_children_except(exclude: &[u32]) {
    let deadline = Instant::now() + KILL_PATIENCE;
    loop {
        let alive: Vec<Pid> = Threads::All
            .children()
            .into_iter()
            .filter(|pid| !exclude.contains(pid))
            .filter_map(|pid| Pid::from_raw(pid as i32))
            .collect();
        if alive.is_empty() || Instant::now() >= deadline {
            return;
        }
        for pid in &alive {
            // Our own unreaped child: the pid cannot belong to anyone else.
            let _ = rustix::process::kill_process(*pid, Signal::KILL);
        }
        let mut reaped = 0;
        for pid in &alive {
            if let Ok(Some(_)) = rustix::process::waitpid(Some(*pid), WaitOptions::NOHANG) {
                reaped += 1;
            }
        }
        if reaped == 0 {
            std::thread::sleep(Duration::from_millis(1));
        }
    }
}

/// Reaps every exited child without blocking; how many.
pub(crate) fn reap_zombies() -> usize {
    let mut reaped = 0;
    while let Ok(true) = reap_one() {
        reaped += 1;
    }
    reaped
}

/// Whether this process has any child, running or exited, of any of its threads: one call,
/// reaping nothing, where listing them takes a read per thread.
pub(crate) fn has_children() -> bool {
    !matches!(
        rustix::process::waitid(
            WaitId::All,
            WaitIdOptions::EXITED | WaitIdOptions::NOHANG | WaitIdOptions::NOWAIT,
        ),
        Err(rustix::io::Errno::CHILD)
    )
}

/// Reaps one exited child without blocking: whether there was one; an error when this process
/// has no child at all. A reaped spared child is spared no more: its pid may be reused.
fn reap_one() -> rustix::io::Result<bool> {
    let reaped = rustix::process::wait(WaitOptions::NOHANG)?;
    if let Some((pid, _)) = reaped {
        let pid = pid.as_raw_nonzero().get() as u32;
        for slot in &SPARED {
            let _ = slot.compare_exchange(pid, 0, Ordering::Relaxed, Ordering::Relaxed);
        }
    }
    Ok(reaped.is_some())
}

/// The children file of the calling thread, read again from its start: opened once per thread,
/// since a supervisor reads it after every case and opening a procfs path costs more than
/// reading it.
fn calling_threads_children() -> String {
    use std::os::unix::fs::FileExt;

    thread_local! {
        static CHILDREN: Option<std::fs::File> =
            std::fs::File::open("/proc/thread-self/children").ok();
    }
    CHILDREN.with(|file| {
        let Some(file) = file else {
            return String::new();
        };
        let mut list = Vec::new();
        let mut chunk = [0u8; 4096];
        loop {
            match file.read_at(&mut chunk, list.len() as u64) {
                Ok(0) => break,
                Ok(n) => list.extend_from_slice(&chunk[..n]),
                Err(err) if err.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => break,
            }
        }
        String::from_utf8_lossy(&list).into_owned()
    })
}

/// The children of `/proc/<pid>` (`self` for this process), across all its threads.
fn children_of(pid: &str) -> Vec<u32> {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return Vec::new();
    };
    let mut children = Vec::new();
    for task in tasks.flatten() {
        if let Ok(list) = std::fs::read_to_string(task.path().join("children")) {
            children.extend(parse_children(&list));
        }
    }
    children
}

/// The pids of a `children` file.
fn parse_children(list: &str) -> Vec<u32> {
    list.split_whitespace()
        .filter_map(|pid| pid.parse::<u32>().ok())
        .collect()
}

/// What `/proc/<pid>/stat` says about a process.
struct Stat {
    comm: String,
    state: char,
}

impl Stat {
    fn read(pid: u32) -> Option<Self> {
        let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        let open = text.find('(')?;
        let close = text.rfind(')')?;
        let state = text[close + 1..].trim_start().chars().next()?;
        Some(Stat {
            comm: text[open + 1..close].to_owned(),
            state,
        })
    }

    /// Exited and waiting to be reaped: not a leak.
    fn is_zombie(&self) -> bool {
        matches!(self.state, 'Z' | 'X')
    }
}

/// The process's command line, or `[comm]` when it has none; at most 200 characters.
fn command(pid: u32, stat: &Stat) -> String {
    const MAX: usize = 200;
    // A process caught in the middle of its execve has its new name but not yet its arguments:
    // look again for a moment before settling for the name.
    const EXEC_PATIENCE: Duration = Duration::from_millis(50);
    let deadline = Instant::now() + EXEC_PATIENCE;
    let line = loop {
        let line = cmdline(pid);
        if !line.is_empty()
            || Instant::now() >= deadline
            || Stat::read(pid).is_none_or(|s| s.is_zombie())
        {
            break line;
        }
        std::thread::sleep(Duration::from_millis(1));
    };
    let line = if line.is_empty() {
        format!("[{}]", stat.comm)
    } else {
        line
    };
    line.chars().take(MAX).collect()
}

/// `/proc/<pid>/cmdline` with its arguments joined by spaces; empty when it cannot be read.
fn cmdline(pid: u32) -> String {
    std::fs::read(format!("/proc/{pid}/cmdline"))
        .map(|raw| {
            raw.split(|b| *b == 0)
                .filter(|part| !part.is_empty())
                .map(String::from_utf8_lossy)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default()
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    #[test]
    fn reads_a_processs_state_and_command() {
        let me = std::process::id();
        let stat = Stat::read(me).unwrap();
        assert!(!stat.is_zombie());
        assert!(!command(me, &stat).is_empty());
    }

    #[test]
    fn a_child_of_another_thread_is_a_child_of_this_process() {
        let mut child = std::thread::spawn(|| {
            std::process::Command::new("sleep")
                .arg("60")
                .spawn()
                .unwrap()
        })
        .join()
        .unwrap();
        assert!(has_children());
        child.kill().unwrap();
        child.wait().unwrap();
    }

    #[test]
    fn the_calling_threads_children_are_read_afresh_each_time() {
        let before = parse_children(&calling_threads_children());
        let mut child = std::process::Command::new("sleep")
            .arg("60")
            .spawn()
            .unwrap();
        let during = parse_children(&calling_threads_children());
        child.kill().unwrap();
        child.wait().unwrap();
        let after = parse_children(&calling_threads_children());
        assert!(!before.contains(&child.id()));
        assert!(during.contains(&child.id()), "{during:?}");
        assert!(!after.contains(&child.id()), "{after:?}");
    }
}
