//! A fault harness whose own setup panics before it reaches the runtime.

use broken_listing as _;

fn main() -> std::process::ExitCode {
    if std::env::args().any(|arg| arg == "--list") {
        panic!("the harness's own setup failed before the runtime started");
    }
    fault_runtime::run()
}
