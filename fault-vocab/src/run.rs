//! How a case runs: where its body runs, which network it sees, and on which clock.

vocabulary! {
    /// Where a case's body runs (`isolation = "..."`).
    #[derive(Default)]
    pub enum Isolation: "isolation" {
        #[default]
        Process = "process", "In a process of its own, with a hermetic environment and a sandbox (the default).";
        Container = "container", "In a process of its own inside Linux user, mount, PID, IPC and UTS namespaces: a copy-on-write view of the machine.";
        InProcess = "none", "Inside the harness process, one case at a time: only for cases that need no process of their own.";
    }
}

impl Isolation {
    /// Whether the case gets a process of its own, which options such as `halt` or `env` need.
    pub const fn has_own_process(self) -> bool {
        !matches!(self, Isolation::InProcess)
    }

    /// Whether the case runs in a container (`isolation = "container"`), which options such as
    /// `network = "none"` or an absolute path in `hide` need.
    pub const fn is_container(self) -> bool {
        matches!(self, Isolation::Container)
    }
}

vocabulary! {
    /// The network a case's processes see (`network = "..."`).
    #[derive(Default)]
    pub enum Network: "network" {
        #[default]
        Host = "host", "The machine's network (the default).";
        None = "none", "A network namespace of its own with only its own loopback, up; needs `isolation = \"container\"`.";
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
        assert_eq!(Isolation::NAMES, ["process", "container", "none"]);
        assert_eq!("none".parse::<Isolation>(), Ok(Isolation::InProcess));
        assert!(!Isolation::InProcess.has_own_process());
        assert!(Isolation::default().has_own_process());
        assert_eq!(TimeMode::ALL, [TimeMode::Paused]);
    }

    #[test]
    fn a_container_is_a_process_of_its_own() {
        assert_eq!("container".parse::<Isolation>(), Ok(Isolation::Container));
        assert!(Isolation::Container.has_own_process());
        assert!(Isolation::Container.is_container());
        assert!(!Isolation::Process.is_container());
        assert!(!Isolation::InProcess.is_container());
        assert_eq!(Isolation::default(), Isolation::Process);
    }

    #[test]
    fn the_network_defaults_to_the_host() {
        assert_eq!(Network::NAMES, ["host", "none"]);
        assert_eq!(Network::default(), Network::Host);
        assert_eq!("none".parse::<Network>(), Ok(Network::None));
        assert_eq!(Network::None.variant_name(), "None");
        assert!(
            Network::None
                .meaning()
                .contains("isolation = \"container\"")
        );
    }
}
