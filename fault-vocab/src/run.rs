//! How a case runs: where its body runs and on which clock.

vocabulary! {
    /// Where a case's body runs (`isolation = "..."`).
    #[derive(Default)]
    pub enum Isolation: "isolation" {
        #[default]
        Process = "process", "In a process of its own, with a hermetic environment and a sandbox (the default).";
        InProcess = "none", "Inside the harness process, one case at a time: only for cases that need no process of their own.";
    }
}

impl Isolation {
    /// Whether the case gets a process of its own, which options such as `halt` or `env` need.
    pub const fn has_own_process(self) -> bool {
        !matches!(self, Isolation::InProcess)
    }
}

vocabulary! {
    /// The clock an `async fn` case runs on (`time = "..."`).
    pub enum TimeMode: "time" {
        Paused = "paused", "Tokio's paused clock: timers complete at once, in virtual time.";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_in_process_mode_is_written_none() {
        assert_eq!(Isolation::NAMES, ["process", "none"]);
        assert_eq!("none".parse::<Isolation>(), Ok(Isolation::InProcess));
        assert!(!Isolation::InProcess.has_own_process());
        assert!(Isolation::default().has_own_process());
        assert_eq!(TimeMode::ALL, [TimeMode::Paused]);
    }
}
