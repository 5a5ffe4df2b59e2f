//! A harness that, before handing over to the runtime, writes down the switch variables it was
//! started with: one line per run of its cases, to the file `SWITCHES_SEEN` names. A case's own
//! environment is hermetic, so the harness process is where a switch can be seen.

use std::io::Write;

use fault_runtime::vars;
use switches as _;

/// The variables `cargo faults` passes for its run switches.
const SWITCHES: [&str; 6] = [
    vars::FAIL_FAST,
    vars::STRICT,
    vars::STRICT_GATES,
    vars::DRIFT_AS_FAILURE,
    vars::CONTROL,
    vars::ISOLATION,
];

fn main() -> std::process::ExitCode {
    let listing = std::env::args().any(|arg| arg == "--list");
    let path = std::env::var_os("SWITCHES_SEEN");
    if let Some(path) = path.filter(|_| !listing && !fault_runtime::is_case_process()) {
        let seen: Vec<String> = SWITCHES
            .iter()
            .map(|name| {
                let value = std::env::var(name).unwrap_or_else(|_| "<unset>".to_owned());
                format!("{name}={value}")
            })
            .collect();
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .expect("open SWITCHES_SEEN");
        writeln!(file, "{}", seen.join(" ")).expect("write SWITCHES_SEEN");
    }
    fault_runtime::run()
}
