//! What `cargo faults` shows a person: a table that fits the screen, colour as cargo decides
//! it, `-q` and `-v`, and an order that ends with what failed. Run on the `mixed` project,
//! whose cases mixed-4 and mixed-5 fail.

use faults_tests::{assert_contains, project};
use unicode_width::UnicodeWidthStr;

/// The last line a run prints on stdout: the totals, naming what failed.
const LAST_LINE: &str =
    "5 cases: 3 passed, 2 failed; failed: mixed-4, mixed-5; run them again: `cargo faults rerun`";

/// Where an ANSI escape sequence starts.
const ESCAPE: char = '\u{1b}';

#[test]
fn the_table_fits_the_width_columns_gives_and_piped_output_keeps_every_column() {
    let mixed = project("mixed");
    for width in [80, 120, 200] {
        let columns = width.to_string();
        let run = mixed.run_with(&["--no-fail-fast"], &[("COLUMNS", columns.as_str())]);
        let stdout = run.stdout();
        // The tables' lines; the last line is text, which a terminal wraps between words.
        for line in stdout.lines().filter(|line| !line.is_ascii()) {
            assert!(
                line.width() <= width,
                "wider than {width}: {line:?}\n{stdout}"
            );
        }
        assert_contains(&stdout, "silent_acceptance");
        assert_contains(&stdout, "mixed-5");
    }
    let narrow = mixed
        .run_with(&["--no-fail-fast"], &[("COLUMNS", "80")])
        .stdout();
    assert!(!narrow.contains("Rollback?"), "{narrow}");
    let piped = mixed.run(&["--no-fail-fast"]).stdout();
    assert_contains(&piped, "Rollback?");
    assert_contains(&piped, "Rate limit silently ignored");
}

#[test]
fn explanations_come_after_the_table_and_the_last_line_names_the_failures() {
    let mixed = project("mixed");
    let run = mixed.run(&["--no-fail-fast"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let stdout = run.stdout();
    assert_eq!(stdout.lines().last(), Some(LAST_LINE), "{stdout}");
    assert_contains(&run.stderr(), "--- FAIL mixed-4 ---");
}

#[test]
fn colour_follows_the_flag_then_cargo_term_color_then_no_color() {
    let mixed = project("mixed");
    let colored = |args: &[&str], env: &[(&str, &str)]| {
        let mut all = vec!["--no-fail-fast"];
        all.extend(args);
        let run = mixed.run_with(&all, env);
        (run.stdout().contains(ESCAPE), run.stderr().contains(ESCAPE))
    };
    assert_eq!(colored(&[], &[]), (false, false), "piped output is plain");
    assert_eq!(colored(&["--color", "always"], &[]), (true, true));
    assert_eq!(
        colored(&[], &[("CARGO_TERM_COLOR", "always")]),
        (true, true)
    );
    assert_eq!(
        colored(&["--color", "never"], &[("CARGO_TERM_COLOR", "always")]),
        (false, false)
    );
    assert_eq!(
        colored(&[], &[("CARGO_TERM_COLOR", "always"), ("NO_COLOR", "1")]),
        (true, true),
        "CARGO_TERM_COLOR is the user's setting, and wins over NO_COLOR"
    );
    let run = mixed.run(&["--color", "always"]);
    assert_contains(&run.stdout(), "\u{1b}[38;5;9m silent_acceptance ");
    assert_contains(&run.stderr(), "\u{1b}[1m\u{1b}[31m    FAIL\u{1b}[0m [");
}

#[test]
fn an_unknown_cargo_term_color_is_a_usage_error_naming_the_choices() {
    let mixed = project("mixed");
    let run = mixed.run_with(&[], &[("CARGO_TERM_COLOR", "sometimes")]);
    assert_eq!(run.code(), 2, "{}", run.stderr());
    assert_contains(
        &run.stderr(),
        "error: CARGO_TERM_COLOR is `sometimes`; it must be one of: auto, always, never",
    );
}

#[test]
fn quiet_shows_only_the_failures_and_the_last_line() {
    let mixed = project("mixed");
    let run = mixed.run(&["--no-fail-fast", "-q"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert_eq!(run.stdout(), format!("{LAST_LINE}\n"));
    let stderr = run.stderr();
    assert_contains(&stderr, "    FAIL [");
    assert_contains(&stderr, "--- FAIL mixed-5 ---");
    assert!(!stderr.contains("PASS"), "{stderr}");
    assert!(!stderr.contains("fault records:"), "{stderr}");
    assert!(
        !stderr.contains("Finished"),
        "cargo's build is quiet too: {stderr}"
    );
}

#[test]
fn verbose_shows_every_case_with_its_record() {
    let mixed = project("mixed");
    let run = mixed.run(&["--no-fail-fast", "-v"]);
    let stderr = run.stderr();
    let record = run.records_dir().join("mixed-1@mixed.faults.json");
    assert_contains(&stderr, "    PASS [");
    assert!(
        stderr
            .lines()
            .any(|line| line.contains("mixed-1") && line.ends_with(&record.display().to_string())),
        "{stderr}"
    );
    assert!(
        record.is_file(),
        "the path shown is the record's: {}",
        record.display()
    );
}

/// On a terminal (a pseudo-terminal of 100 × 40, its screen emulated), what a person sees when
/// a failing run ends: the progress bar gone, the table fitted to the terminal's own width,
/// and at the bottom the line naming the failures and the command that reruns them, in colour.
#[test]
fn on_a_terminal_the_screen_ends_with_the_failing_ids() {
    let mixed = project("mixed");
    let records = tempfile::tempdir().unwrap();
    let records = records.path().to_str().unwrap();
    let run = mixed.cargo_faults_on_terminal(
        &["--no-fail-fast", "--records-dir", records],
        &[],
        (100, 40),
    );
    let screen = run.text();
    assert_eq!(run.last_line(), LAST_LINE, "{screen}");
    assert!(run.last_line_colored, "a terminal gets colour:\n{screen}");
    assert!(
        !screen.contains("Rollback?"),
        "the terminal's 100 columns drop the flags:\n{screen}"
    );
    assert!(run.screen.iter().all(|row| row.width() <= 100), "{screen}");
    assert!(
        !run.screen.iter().any(|row| row.contains(" 5/5")),
        "the progress bar is cleared:\n{screen}"
    );
    assert_eq!(run.status.code(), Some(1), "{screen}");
}
