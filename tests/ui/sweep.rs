use fault_runtime::fault_case;

// Accepted: a syscall sweep with its bound and several codes, and a failpoint sweep with
// syscall faults of other syscalls. Neither has an error below.
#[fault_case(expect = ["LEDGER_IO", "LEDGER_FULL"], sweep = "write:ENOSPC", sweep_max = 50)]
fn syscall_sweep() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "LEDGER_IO", sweep = "failpoints", syscalls = ["fsync:EIO"])]
fn failpoint_sweep() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "LEDGER_IO", sweep = "wirte:ENOSPC")]
fn unknown_syscall() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "LEDGER_IO", sweep = "write:ENOSPACE")]
fn unknown_errno() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "LEDGER_IO", sweep = "write:ENOSPC@3")]
fn pinned_call() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "LEDGER_IO", sweep = "write:ENOSPC@2..")]
fn pinned_calls_from() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "LEDGER_IO", sweep = "failpoint")]
fn near_failpoints() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "LEDGER_IO", sweep = "ledger.write")]
fn neither_form() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "LEDGER_IO", sweep = 3)]
fn not_a_string() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "LEDGER_IO", isolation = "none", sweep = "write:ENOSPC")]
fn in_process() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "LEDGER_IO", sweep = "write:ENOSPC", sweep_max = 0)]
fn no_runs() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "LEDGER_IO", sweep_max = 10)]
fn bound_without_sweep() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = ["LEDGER_IO", "LEDGER_FULL"])]
fn codes_without_sweep() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = ["LEDGER_IO"], syscalls = ["write:ENOSPC"])]
fn one_listed_code_without_sweep() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = [], sweep = "write:ENOSPC")]
fn no_codes() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = ["LEDGER_IO", "LEDGER_FULL", "LEDGER_IO"], sweep = "write:ENOSPC")]
fn code_twice() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = ["LEDGER_IO", "TWO WORDS"], sweep = "write:ENOSPC")]
fn code_with_space() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = ["LEDGER_IO", 4], sweep = "write:ENOSPC")]
fn code_not_a_string() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "LEDGER_IO", sweep = "write:ENOSPC", repeat = 3)]
fn repeated_sweep() -> Result<(), std::io::Error> {
    Ok(())
}

// The order of the options does not matter.
#[fault_case(expect = "LEDGER_IO", repeat = 3, sweep = "failpoints")]
fn repeat_before_sweep() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "LEDGER_IO", sweep = "failpoints", failpoints = "ledger.write=return")]
fn failpoints_armed_twice() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "LEDGER_IO", syscalls = ["fsync:EIO", "write:EIO@2"], sweep = "write:ENOSPC")]
fn syscall_swept_and_faulted() -> Result<(), std::io::Error> {
    Ok(())
}

fn main() {}
