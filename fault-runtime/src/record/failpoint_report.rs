//! What a case's process says about each failpoint it armed.

use serde::{Deserialize, Serialize};

/// One armed failpoint after the body ran: reached how often, fired how often.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailpointReport {
    /// The failpoint's name.
    pub name: String,
    /// Its actions, as armed.
    pub actions: String,
    /// Whether a `fault_runtime::fail_point!` site with this name exists, so passes and
    /// firings are counted.
    pub observed: bool,
    /// How often a site was reached; `None` where only plain `fail::fail_point!` uses it.
    pub hits: Option<u64>,
    /// How often an action fired (anything but `off`); `None` where it cannot be observed.
    #[serde(default)]
    pub fired: Option<u64>,
    /// The registered site this unregistered name is probably a typo of.
    #[serde(default)]
    pub near_miss: Option<String>,
}
