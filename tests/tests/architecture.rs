//! The crates' module structure: no import cycle between the modules of a crate, and no source
//! file over 500 lines.
//!
//! The analyser is [`faults_tests::architecture`]: it reads the crates' sources with `syn`,
//! builds no code, and has its own tests on in-memory module trees.

use std::fmt::Write as _;

use faults_tests::architecture::{
    MAX_LINES, analyse_crates, describe_cycles, find_cycles, oversized_files, workspace,
};

/// Source files allowed over [`MAX_LINES`], relative to the workspace root, each with the reason
/// it must stay whole (a generated table, say). Hand-written code is split instead.
const LARGE_FILE_ALLOWLIST: &[(&str, &str)] = &[];

#[test]
fn workspace_modules_have_no_import_cycles() {
    let (sources, workspace) = workspace();
    let graphs = analyse_crates(&sources, &workspace.crates);
    let mut report = String::new();
    for (krate, graph) in workspace.crates.iter().zip(&graphs) {
        for error in &graph.errors {
            let _ = writeln!(report, "{}: {error}", krate.name);
        }
        let cycles = find_cycles(graph);
        if !cycles.is_empty() {
            let _ = writeln!(report, "{} ({}):", krate.name, krate.root.display());
            report.push_str(&describe_cycles(graph, &cycles));
        }
    }
    assert!(
        report.is_empty(),
        "import cycles between modules (or sources that cannot be analysed):\n\n{report}\n\
         To break a cycle, move the shared item into a module both can import, so that the \
         imports point one way; a module may use its own descendants freely."
    );
}

#[test]
fn workspace_source_files_are_at_most_500_lines() {
    let (sources, workspace) = workspace();
    let report = oversized_files(&sources, &workspace.src_dirs, LARGE_FILE_ALLOWLIST);
    assert!(
        report.is_empty(),
        "source files over {MAX_LINES} lines, not counting a trailing `#[cfg(test)] mod tests {{ .. }}`:\n\n\
         {}\n\nSplit the file: move a coherent part of it into a module of its own. A file that \
         must stay whole (a generated table) goes in LARGE_FILE_ALLOWLIST in \
         tests/tests/architecture.rs, with the reason next to it.",
        report.join("\n")
    );
}
