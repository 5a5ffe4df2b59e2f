use fault_runtime::fault_case;

#[fault_case(expect = "CODE", severity = "crit")]
fn near_miss() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "CODE", severity = "fatal")]
fn unknown() -> Result<(), std::io::Error> {
    Ok(())
}

fn main() {}
