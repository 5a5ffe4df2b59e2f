//! The harness's settings, read and checked once when it starts.

use crate::declare::Isolation;
use crate::harness::vars::{self, InvalidValue};
use crate::judge::Strictness;
use crate::record::SpawnKind;

/// How this harness run behaves, from `FAULTS_*` variables.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Settings {
    /// After the first failed case, start no further case.
    pub(crate) fail_fast: bool,
    /// Which unverified claims fail a case.
    pub(crate) strictness: Strictness,
    /// A `drift` case that fails as predicted fails the run.
    pub(crate) drift_as_failure: bool,
    /// Keep the sandbox of every failed case.
    pub(crate) keep_sandbox: bool,
    /// `FAULTS_ISOLATION=container`: process-isolated cases run in a container.
    pub(crate) containers: bool,
    /// `FAULTS_CONTROL`: every case whose faults come from attribute keys runs its control.
    pub(crate) control: bool,
    /// Case processes may be forked from a fork server (`FAULTS_SPAWN` is not `exec`).
    pub(crate) fork: bool,
}

impl Settings {
    /// Reads every setting; a value a variable does not accept stops the harness.
    pub(crate) fn from_env() -> Result<Self, InvalidValue> {
        Ok(Settings {
            fail_fast: vars::flag(vars::FAIL_FAST)?,
            strictness: Strictness {
                all: vars::flag(vars::STRICT)?,
                gates: vars::flag(vars::STRICT_GATES)?,
            },
            drift_as_failure: vars::flag(vars::DRIFT_AS_FAILURE)?,
            keep_sandbox: vars::flag(vars::KEEP_SANDBOX)?,
            control: vars::flag(vars::CONTROL)?,
            containers: vars::choice(
                vars::ISOLATION,
                &[Isolation::Process.as_str(), Isolation::Container.as_str()],
            )? == Some(Isolation::Container.as_str()),
            fork: vars::choice(
                vars::SPAWN,
                &[SpawnKind::Fork.as_str(), SpawnKind::Exec.as_str()],
            )? != Some(SpawnKind::Exec.as_str()),
        })
    }
}
