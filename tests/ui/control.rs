use fault_runtime::fault_case;

type Io = Result<(), std::io::Error>;

/// The same operation as the cases below, on good input.
fn valid_remote_spec() -> Io {
    Ok(())
}

async fn valid_remote_spec_async() -> Io {
    Ok(())
}

fn counted_spec() -> Result<u32, std::io::Error> {
    Ok(1)
}

async fn counted_spec_async() -> Result<u32, std::io::Error> {
    Ok(1)
}

mod fixtures {
    pub fn healthy() -> super::Io {
        Ok(())
    }
}

// Accepted: a control run without the attribute's faults, a healthy fn by path (a sync one and
// an async one), and a control with `repeat` (the control runs once). None has an error below.
#[fault_case(expect = "SUPABASE_PASSWORD_MISSING", env_remove = ["SUPABASE_PASSWORD"], control)]
fn without_faults() -> Io {
    Ok(())
}

#[fault_case(expect = "REMOTE_REQUIRES_ADAPTER", control = valid_remote_spec)]
fn healthy_fn() -> Io {
    Ok(())
}

#[fault_case(expect = "REMOTE_REQUIRES_ADAPTER", control = crate::fixtures::healthy, repeat = 3)]
fn healthy_fn_by_path() -> Io {
    Ok(())
}

#[fault_case(expect = "REMOTE_REQUIRES_ADAPTER", time = "paused", control = valid_remote_spec_async)]
async fn async_healthy_fn() -> Io {
    Ok(())
}

#[fault_case(expect = "REMOTE_REQUIRES_ADAPTER", control)]
fn nothing_to_remove() -> Io {
    Ok(())
}

// An empty list injects nothing either.
#[fault_case(expect = "REMOTE_REQUIRES_ADAPTER", env_remove = [], network = "host", control)]
fn nothing_listed() -> Io {
    Ok(())
}

#[fault_case(expect = "LEDGER_IO", sweep = "write:ENOSPC", control)]
fn with_sweep() -> Io {
    Ok(())
}

#[fault_case(expect = "LEDGER_IO", control = valid_remote_spec, sweep = "failpoints")]
fn healthy_fn_with_sweep() -> Io {
    Ok(())
}

#[fault_case(expect = "REMOTE_REQUIRES_ADAPTER", isolation = "none", control = valid_remote_spec)]
fn in_process() -> Io {
    Ok(())
}

#[fault_case(expect = "REMOTE_REQUIRES_ADAPTER", control = "valid_remote_spec")]
fn quoted_path() -> Io {
    Ok(())
}

#[fault_case(expect = "REMOTE_REQUIRES_ADAPTER", control = true)]
fn not_a_path() -> Io {
    Ok(())
}

#[fault_case(expect = "REMOTE_REQUIRES_ADAPTER", control = counted_spec)]
fn other_return_type() -> Io {
    Ok(())
}

#[fault_case(expect = "REMOTE_REQUIRES_ADAPTER", control = crate::fixtures::healthy)]
fn other_return_type_by_path() -> Result<u32, std::io::Error> {
    Ok(1)
}

#[fault_case(expect = "REMOTE_REQUIRES_ADAPTER", control = counted_spec_async)]
async fn async_other_return_type() -> Io {
    Ok(())
}

#[fault_case(expect = "REMOTE_REQUIRES_ADAPTER", control = valid_remote_spec)]
async fn sync_healthy_fn_for_async_case() -> Io {
    Ok(())
}

#[fault_case(expect = "REMOTE_REQUIRES_ADAPTER", control = valid_remote_spec_async)]
fn async_healthy_fn_for_sync_case() -> Io {
    Ok(())
}

fn main() {}
