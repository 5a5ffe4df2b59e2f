//! What a case's process says about each failpoint it armed.

use crate::child::failpoint::engine;
use crate::declare::ArmedFailpoint;
use crate::declare::failpoint_site as site;
use crate::record::FailpointReport;

/// The counts of every armed failpoint after the body ran.
pub(crate) fn report(failpoints: &[ArmedFailpoint]) -> Vec<FailpointReport> {
    failpoints
        .iter()
        .map(|armed| {
            let observed = site::registered(armed.name);
            let counts = observed.then(|| engine::counts(armed.name));
            FailpointReport {
                name: armed.name.to_owned(),
                actions: armed.actions.to_owned(),
                observed,
                hits: counts.map(|(hits, _)| hits),
                fired: counts.map(|(_, fired)| fired),
                near_miss: if observed {
                    None
                } else {
                    site::near_miss(armed.name).map(str::to_owned)
                },
            }
        })
        .collect()
}
