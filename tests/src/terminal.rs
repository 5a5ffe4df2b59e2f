//! A pseudo-terminal of a given size for a command, and the screen it leaves: what a person
//! would see when the command ends, its progress bars redrawn and colours applied, not the
//! bytes it wrote.

use std::fs::{File, OpenOptions};
use std::io::Read;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};
use rustix::termios::{Winsize, tcsetwinsize};

/// How long the terminal's output may go on after the command ended: only a process it left
/// behind, holding the terminal open, takes longer.
const DRAIN_PATIENCE: Duration = Duration::from_secs(60);

/// What a command left on a terminal.
pub struct TerminalRun {
    /// How the command ended.
    pub status: ExitStatus,
    /// The screen's rows as a person sees them, trailing blanks trimmed.
    pub screen: Vec<String>,
    /// Whether the last row with text has colour in it.
    pub last_line_colored: bool,
}

impl TerminalRun {
    /// The last row of the screen with text on it.
    pub fn last_line(&self) -> &str {
        self.screen
            .iter()
            .rfind(|row| !row.is_empty())
            .map_or("", String::as_str)
    }

    /// The whole screen, one row per line, for messages.
    pub fn text(&self) -> String {
        self.screen.join("\n")
    }
}

/// Runs `command` with a terminal of `columns` × `rows` as its stdin, stdout and stderr, and
/// returns the screen when it has ended and nothing holds the terminal any more.
pub fn run_on_terminal(mut command: Command, columns: u16, rows: u16) -> TerminalRun {
    let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY).expect("open a pseudo-terminal");
    grantpt(&master).expect("grant the pseudo-terminal");
    unlockpt(&master).expect("unlock the pseudo-terminal");
    let size = Winsize {
        ws_row: rows,
        ws_col: columns,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    tcsetwinsize(&master, size).expect("size the pseudo-terminal");
    let name = ptsname(&master, Vec::new()).expect("name the pseudo-terminal");
    let terminal = OpenOptions::new()
        .read(true)
        .write(true)
        .open(name.to_str().expect("pseudo-terminal names are UTF-8"))
        .expect("open the terminal side");
    let stdio = |file: &File| Stdio::from(file.try_clone().expect("share the terminal"));
    command
        .stdin(stdio(&terminal))
        .stdout(stdio(&terminal))
        .stderr(stdio(&terminal));
    let mut child = command.spawn().expect("start the command on the terminal");
    // The command's copies are the only ones left: when they close, reading ends.
    drop(command);
    drop(terminal);
    let (sender, output) = mpsc::channel();
    std::thread::spawn(move || {
        let mut master = File::from(master);
        let mut bytes = Vec::new();
        let mut chunk = [0u8; 8192];
        // Linux reports the closed terminal side as EIO: the end of the output.
        while let Ok(read @ 1..) = master.read(&mut chunk) {
            bytes.extend_from_slice(&chunk[..read]);
        }
        let _ = sender.send(bytes);
    });
    let status = child.wait().expect("wait for the command");
    let bytes = output.recv_timeout(DRAIN_PATIENCE).unwrap_or_else(|_| {
        panic!("the terminal was still held open {DRAIN_PATIENCE:?} after the command ended")
    });
    let mut parser = vt100::Parser::new(rows, columns, 0);
    parser.process(&bytes);
    let screen = parser.screen();
    let lines: Vec<String> = screen
        .rows(0, columns)
        .map(|row| row.trim_end().to_owned())
        .collect();
    let last_row = lines.iter().rposition(|row| !row.is_empty()).unwrap_or(0);
    let last_line_colored = (0..columns).any(|column| {
        screen
            .cell(last_row as u16, column)
            .is_some_and(|cell| cell.fgcolor() != vt100::Color::Default)
    });
    TerminalRun {
        status,
        screen: lines,
        last_line_colored,
    }
}
