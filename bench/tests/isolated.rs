//! The faults harness over 1000 generated fault cases.
//!
//! With `FAULTS_BENCH_BARE` set, the binary exits as soon as `main` starts: spawning it that way
//! measures the floor of process-per-case isolation with the very same executable.

include!(concat!(env!("OUT_DIR"), "/cases.rs"));

fn main() -> std::process::ExitCode {
    if std::env::var_os("FAULTS_BENCH_BARE").is_some() {
        return std::process::ExitCode::SUCCESS;
    }
    fault_runtime::run()
}
