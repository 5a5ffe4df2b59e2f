//! The screen `cargo faults` talks to: how wide its tables may be and whether it shows colour,
//! decided once, the way cargo decides it.
//!
//! Colour: `--color` wins, then `CARGO_TERM_COLOR`, then `NO_COLOR` (set and not empty turns
//! it off), then whether the stream is a terminal. Width: `COLUMNS` when it is a number, else
//! the terminal's when stdout is one; piped output has no width, so it keeps every column.

use std::io::IsTerminal;
use std::sync::OnceLock;

use crate::errors::Error;

/// The variable cargo reads its colour choice from.
pub(crate) const CARGO_TERM_COLOR: &str = "CARGO_TERM_COLOR";

/// `--color`: when to colour the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ColorChoice {
    /// Colour a stream when it is a terminal and `NO_COLOR` is not set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

impl ColorChoice {
    /// Every choice by its name, as `--color` and `CARGO_TERM_COLOR` spell it.
    pub(crate) const ALL: [(&str, ColorChoice); 3] = [
        ("auto", ColorChoice::Auto),
        ("always", ColorChoice::Always),
        ("never", ColorChoice::Never),
    ];

    /// Every choice's name, comma-separated, for messages.
    pub(crate) fn names() -> String {
        Self::ALL.map(|(name, _)| name).join(", ")
    }

    /// The choice `name` spells.
    pub(crate) fn named(name: &str) -> Option<ColorChoice> {
        Self::ALL
            .iter()
            .find(|(known, _)| *known == name)
            .map(|(_, choice)| *choice)
    }
}

/// How much a run says: `-q`, the default, `-v`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Verbosity {
    /// Only the failures and the last line.
    Quiet,
    /// Progress, the table, the failures and the last line.
    #[default]
    Normal,
    /// Also every case's line, with its record's path.
    Verbose,
}

/// What the screen is, once decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Screen {
    /// How wide a table on stdout may be; `None` keeps every column whole.
    pub(crate) width: Option<usize>,
    /// Colour what goes to stdout.
    pub(crate) color_stdout: bool,
    /// Colour what goes to stderr.
    pub(crate) color_stderr: bool,
}

/// The screen of this process; set once at startup, plain (no width, no colour) until then.
static SCREEN: OnceLock<Screen> = OnceLock::new();

/// The screen of this process.
pub(crate) fn screen() -> Screen {
    SCREEN.get().copied().unwrap_or_default()
}

/// Decides the screen from `--color` (when given) and the environment; an unknown
/// `CARGO_TERM_COLOR` is an error naming the valid choices.
pub(crate) fn init(flag: Option<ColorChoice>) -> Result<(), Error> {
    let env = |name: &str| std::env::var_os(name).map(|v| v.to_string_lossy().into_owned());
    let screen = decide(
        flag,
        &env,
        std::io::stdout().is_terminal(),
        std::io::stderr().is_terminal(),
    )?;
    let _ = SCREEN.set(screen);
    Ok(())
}

/// The screen for `flag`, the variables `env` reads and whether stdout and stderr are
/// terminals.
fn decide(
    flag: Option<ColorChoice>,
    env: &dyn Fn(&str) -> Option<String>,
    stdout_terminal: bool,
    stderr_terminal: bool,
) -> Result<Screen, Error> {
    let choice = match (flag, env(CARGO_TERM_COLOR).filter(|v| !v.is_empty())) {
        (Some(choice), _) => choice,
        (None, Some(value)) => match ColorChoice::named(&value) {
            Some(choice) => choice,
            None => {
                return Err(Error::TermColor {
                    var: CARGO_TERM_COLOR,
                    value,
                    choices: ColorChoice::names(),
                });
            }
        },
        (None, None) => ColorChoice::Auto,
    };
    let no_color = env("NO_COLOR").is_some_and(|v| !v.is_empty());
    let color = |terminal: bool| match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal && !no_color,
    };
    let columns = env("COLUMNS")
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&w| w > 0);
    let width = columns.or_else(|| {
        stdout_terminal
            .then(|| terminal_size::terminal_size_of(std::io::stdout()))
            .flatten()
            .map(|(width, _)| usize::from(width.0))
    });
    Ok(Screen {
        width,
        color_stdout: color(stdout_terminal),
        color_stderr: color(stderr_terminal),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    }

    fn colors(flag: Option<ColorChoice>, vars: &[(&str, &str)], terminal: bool) -> (bool, bool) {
        let screen = decide(flag, &with(vars), terminal, terminal).unwrap();
        (screen.color_stdout, screen.color_stderr)
    }

    #[test]
    fn a_terminal_gets_colour_unless_no_color_is_set() {
        assert_eq!(colors(None, &[], true), (true, true));
        assert_eq!(colors(None, &[], false), (false, false));
        assert_eq!(colors(None, &[("NO_COLOR", "1")], true), (false, false));
        assert_eq!(colors(None, &[("NO_COLOR", "")], true), (true, true));
        let split = decide(None, &with(&[]), false, true).unwrap();
        assert_eq!((split.color_stdout, split.color_stderr), (false, true));
    }

    #[test]
    fn the_flag_wins_over_cargo_term_color_which_wins_over_no_color() {
        let always = [("CARGO_TERM_COLOR", "always"), ("NO_COLOR", "1")];
        assert_eq!(colors(None, &always, false), (true, true));
        assert_eq!(
            colors(Some(ColorChoice::Never), &always, true),
            (false, false)
        );
        let never = [("CARGO_TERM_COLOR", "never")];
        assert_eq!(colors(None, &never, true), (false, false));
        assert_eq!(
            colors(Some(ColorChoice::Always), &never, false),
            (true, true)
        );
        assert_eq!(colors(Some(ColorChoice::Auto), &never, true), (true, true));
    }

    #[test]
    fn an_unknown_cargo_term_color_names_the_choices() {
        let err = decide(
            None,
            &with(&[("CARGO_TERM_COLOR", "sometimes")]),
            true,
            true,
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "CARGO_TERM_COLOR is `sometimes`; it must be one of: auto, always, never\n\
             (hint: unset it, or pass --color to choose for this run)"
        );
    }

    #[test]
    fn columns_sets_the_width_and_piped_output_has_none() {
        let width = |vars: &[(&str, &str)]| decide(None, &with(vars), false, false).unwrap().width;
        assert_eq!(width(&[("COLUMNS", "80")]), Some(80));
        assert_eq!(width(&[]), None);
        assert_eq!(width(&[("COLUMNS", "wide")]), None);
        assert_eq!(width(&[("COLUMNS", "0")]), None);
    }
}
