//! `fork-floor <count> <workers>`: what a fork server's case process costs at least. Forks
//! `workers` helper processes from this single-threaded program; each forks its share of
//! `count` children one at a time, each child exits at once, and the helper waits for it.
//! Prints the elapsed milliseconds; exits non-zero if any fork or child fails.

use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [count, workers] = args.as_slice() else {
        eprintln!("usage: fork-floor <count> <workers>");
        return ExitCode::from(2);
    };
    let (Ok(count), Ok(workers)) = (count.parse::<usize>(), workers.parse::<usize>()) else {
        eprintln!("fork-floor: <count> and <workers> must be whole numbers");
        return ExitCode::from(2);
    };
    if workers == 0 {
        eprintln!("fork-floor: <workers> must be at least 1");
        return ExitCode::from(2);
    }
    let start = Instant::now();
    let mut helpers = Vec::with_capacity(workers);
    for worker in 0..workers {
        let share = count / workers + usize::from(worker < count % workers);
        match fork() {
            Ok(0) => exit_now(forks(share)),
            Ok(pid) => helpers.push(pid),
            Err(err) => {
                eprintln!("fork-floor: failed to fork a helper: {err}");
                return ExitCode::FAILURE;
            }
        }
    }
    let failed = helpers
        .into_iter()
        .filter(|&pid| wait(pid) != Some(0))
        .count();
    let elapsed = start.elapsed();
    if failed > 0 {
        eprintln!("fork-floor: {failed} of {workers} helpers failed");
        return ExitCode::FAILURE;
    }
    println!("{:.3}", elapsed.as_secs_f64() * 1000.0);
    ExitCode::SUCCESS
}

/// `count` forks, one at a time, each child exiting at once; 0 when every one succeeded.
fn forks(count: usize) -> i32 {
    for _ in 0..count {
        match fork() {
            Ok(0) => exit_now(0),
            Ok(pid) if wait(pid) == Some(0) => {}
            _ => return 1,
        }
    }
    0
}

/// `fork(2)`.
fn fork() -> std::io::Result<libc::pid_t> {
    // SAFETY: this program is single-threaded when it forks (helpers are forked before any
    // thread exists, and a helper forks only from its only thread), and a child only calls
    // `_exit` or, in a helper, the same async-signal-safe calls.
    match unsafe { libc::fork() } {
        -1 => Err(std::io::Error::last_os_error()),
        pid => Ok(pid),
    }
}

/// Waits for `pid`; its exit code, `None` when it did not exit normally or cannot be waited.
fn wait(pid: libc::pid_t) -> Option<i32> {
    let mut status = 0;
    // SAFETY: `status` is a valid place for the result, and `pid` is a child of this process.
    let waited = unsafe { libc::waitpid(pid, &mut status, 0) };
    (waited == pid && libc::WIFEXITED(status)).then(|| libc::WEXITSTATUS(status))
}

/// Ends this process at once with `code`, running nothing of the parent's state.
fn exit_now(code: i32) -> ! {
    // SAFETY: `_exit` is async-signal-safe and takes no state; it never returns.
    unsafe { libc::_exit(code) }
}
