use fault_runtime::fault_case;

#[fault_case(expect = "CODE", rollback = "compensate")]
fn rollback_kind_typo() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "CODE", repeat = 1)]
fn repeat_once() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "CODE", repeat = "100")]
fn repeat_a_string() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "CODE", drift = "")]
fn drift_without_a_reason() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "CODE", attempts = 0)]
fn zero_attempts() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "CODE", isolation = "thread")]
fn unknown_isolation() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "CODE", env = [("A", "1")], isolation = "none")]
fn in_process_with_env() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "CODE", isolation = "none", halt)]
fn in_process_with_halt() -> Result<(), std::io::Error> {
    Ok(())
}

fn main() {}
