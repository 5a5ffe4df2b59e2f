//! Containers need Linux namespaces: elsewhere every container case is `missing_dependency`,
//! saying so, and never runs with less isolation.

use crate::isolate::container::availability;
use crate::isolate::supervise::case_process::{Stop, Supervision};
use crate::isolate::supervise::wire::{ContainerRequest, Ended, RunCase};

/// Nothing is kept between container cases where there are none.
#[derive(Debug, Default)]
pub(crate) struct Containers;

impl Containers {
    /// There is no kept container to end.
    pub(crate) fn end_warm(&mut self) {}
}

/// Reports that the container the case needs cannot exist on this system.
pub(crate) fn run(
    _request: &RunCase,
    _container: &ContainerRequest,
    _containers: &mut Containers,
    _with: &Supervision<'_>,
) -> (Ended, Option<Stop>) {
    let why = availability::unavailable(
        "creating the namespaces",
        "this operating system has no Linux namespaces",
    );
    (Ended::unavailable(why), None)
}
