//! A failpoint's actions, as `#[fault_case(failpoints = "...")]` declares them: parsed and
//! checked at compile time, so the runtime never parses a spec.

/// One armed failpoint of a case: `name=actions`.
#[derive(Debug)]
pub struct ArmedFailpoint {
    /// The failpoint's name.
    pub name: &'static str,
    /// The actions as written, e.g. `1*off->return(EIO)`.
    pub actions: &'static str,
    /// The same actions, parsed.
    pub steps: &'static [Action],
}

/// One action of a failpoint, fail-rs's `[p%][cnt*]task[(arg)]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Action {
    /// How likely the action is taken when reached, from 0 to 1 (`p%` / 100).
    pub frequency: f32,
    /// How many times the action may be taken (`cnt*`); `None` for no limit.
    pub count: Option<usize>,
    /// What it does.
    pub task: Task,
}

/// What an action does when it is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Task {
    /// Nothing: taking it does not fire the failpoint.
    Off,
    /// The site returns early through its closure, with the optional argument.
    Return(Option<&'static str>),
    /// Sleeps this many milliseconds.
    Sleep(u64),
    /// Panics, with the optional message.
    Panic(Option<&'static str>),
    /// Prints the optional message (or a default one) to stderr.
    Print(Option<&'static str>),
    /// Blocks the thread for good: only the watchdog ends the case.
    Pause,
    /// Yields the thread.
    Yield,
    /// Busy-waits this many milliseconds.
    Delay(u64),
}
