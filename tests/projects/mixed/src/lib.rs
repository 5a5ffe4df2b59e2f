//! A small system under test: three faults it refuses, two it does not.

use fault_runtime::{Gate, Refusal, fault_case};

#[derive(Debug)]
pub struct Refused(pub &'static str, pub Gate);

impl Refusal for Refused {
    fn code(&self) -> &str {
        self.0
    }

    fn gate(&self) -> Option<Gate> {
        Some(self.1.clone())
    }

    fn message(&self) -> Option<String> {
        Some(format!("refused with {}", self.0))
    }
}

/// Missing adapter
#[fault_case(id = "mixed-1", expect = "MISSING_ADAPTER", gate = 4, halt, category = "validation", tags = ["adapters"], recovery = "Set the adapter", control = adapter_set)]
fn missing_adapter() -> Result<(), Refused> {
    Err(Refused("MISSING_ADAPTER", Gate::Number(4)))
}

/// The control of `mixed-1`: with its adapter set, the same operation completes.
fn adapter_set() -> Result<(), Refused> {
    Ok(())
}

/// Missing password
#[fault_case(id = "mixed-2", expect = "ENV_VAR_MISSING", gate = "STARTUP", halt, severity = "critical", category = "configuration", tags = ["startup"])]
fn missing_password() -> Result<(), Refused> {
    Err(Refused("ENV_VAR_MISSING", Gate::label("STARTUP")))
}

/// Boundary crossing
#[fault_case(id = "mixed-3", expect = "BOUNDARY_VIOLATION", gate = 4, category = "boundary")]
fn boundary() -> Result<(), Refused> {
    Err(Refused("BOUNDARY_VIOLATION", Gate::Number(4)))
}

/// Rate limit silently ignored
#[fault_case(id = "mixed-4", expect = "RATE_LIMITED", gate = 5, category = "execution", tags = ["limits"])]
fn rate_limit() -> Result<(), Refused> {
    Ok(())
}

/// Timeout reported as a retry
#[fault_case(id = "mixed-5", expect = "TIMEOUT", gate = 5, category = "execution", tags = ["limits"])]
fn timeout() -> Result<(), Refused> {
    Err(Refused("RETRY", Gate::Number(5)))
}
