use fault_runtime::fault_case;

#[fault_case(expect = "CODE", timeout = "soon")]
fn not_a_duration() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "CODE", timeout = 5)]
fn bare_number() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "CODE", timeout = "0s")]
fn zero() -> Result<(), std::io::Error> {
    Ok(())
}

fn main() {}
