//! Helpers shared by the end-to-end tests: run a fault harness, load and validate its records,
//! build throwaway projects against the in-tree crates and run `cargo faults` on them.

mod harness;
mod output;
mod process;
mod project;
mod records;

use std::path::{Path, PathBuf};

pub use harness::{FixtureRun, HarnessRun, harness_command, run_harness, run_harness_with};
pub use output::{exit_code, stderr, stdout};
pub use process::{process_alive, wait_until};
pub use project::{Project, cargo_faults_binary};
pub use records::{load_records, validate};

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests package sits inside the workspace")
        .to_path_buf()
}
