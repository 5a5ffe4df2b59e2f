//! `spawn-floor <exe> <count> <workers>`: spawns `<exe>` `count` times with
//! `FAULTS_BENCH_BARE=1` and null stdio, `workers` at a time, and prints the elapsed
//! milliseconds. Exits non-zero if any spawn fails or any child exits unsuccessfully.

use std::path::PathBuf;
use std::process::{Command, ExitCode, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [exe, count, workers] = args.as_slice() else {
        eprintln!("usage: spawn-floor <exe> <count> <workers>");
        return ExitCode::from(2);
    };
    let exe = PathBuf::from(exe);
    let (Ok(count), Ok(workers)) = (count.parse::<usize>(), workers.parse::<usize>()) else {
        eprintln!("spawn-floor: <count> and <workers> must be whole numbers");
        return ExitCode::from(2);
    };
    if workers == 0 {
        eprintln!("spawn-floor: <workers> must be at least 1");
        return ExitCode::from(2);
    }

    let next = AtomicUsize::new(0);
    let failures = AtomicUsize::new(0);
    let start = Instant::now();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                while next.fetch_add(1, Ordering::Relaxed) < count {
                    let status = Command::new(&exe)
                        .env("FAULTS_BENCH_BARE", "1")
                        .stdin(Stdio::null())
                        .stdout(Stdio::null())
                        .stderr(Stdio::null())
                        .status();
                    match status {
                        Ok(status) if status.success() => {}
                        Ok(status) => {
                            eprintln!("spawn-floor: child exited with {status}");
                            failures.fetch_add(1, Ordering::Relaxed);
                        }
                        Err(err) => {
                            eprintln!("spawn-floor: failed to spawn {}: {err}", exe.display());
                            failures.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                }
            });
        }
    });
    let elapsed = start.elapsed();

    let failed = failures.load(Ordering::Relaxed);
    if failed > 0 {
        eprintln!("spawn-floor: {failed} of {count} spawns failed");
        return ExitCode::FAILURE;
    }
    println!("{:.3}", elapsed.as_secs_f64() * 1000.0);
    ExitCode::SUCCESS
}
