//! Helpers shared by the end-to-end tests: run a fault harness, load and validate its records,
//! copy the projects under `tests/projects/` and run `cargo faults` on them; and the analyser of
//! the workspace's module structure, in [`architecture`].

pub mod architecture;
mod cargo_faults;
mod harness;
mod output;
mod process;
mod project;
mod records;
mod seccomp;
mod terminal;

use std::path::{Path, PathBuf};

pub use cargo_faults::{
    FaultsRun, cargo_faults, cargo_faults_binary, outcome_of, read_json, summary_ids,
};
pub use harness::{
    FixtureRun, HarnessRun, harness_command, run_harness, run_harness_with, suite_spawn,
};
pub use output::{assert_contains, exit_code, json, stderr, stdout};
pub use process::{process_alive, wait_until};
pub use project::{MIXED_CASES, Project, project};
pub use records::{load_records, validate};
#[cfg(target_os = "linux")]
pub use seccomp::deny_seccomp;
pub use terminal::{TerminalRun, run_on_terminal};

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests package sits inside the workspace")
        .to_path_buf()
}
