//! A warning the system reported while continuing, as records keep it.

use serde::{Deserialize, Serialize};

/// A warning the system reported while continuing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    /// The warning's stable code.
    pub code: String,
    /// What degraded.
    pub message: String,
}
