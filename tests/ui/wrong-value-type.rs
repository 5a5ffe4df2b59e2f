use fault_runtime::fault_case;

#[fault_case(expect = 4)]
fn expect_number() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "TWO WORDS")]
fn expect_with_space() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "CODE", gate = 4.5)]
fn gate_float() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "CODE", gate = -1)]
fn gate_negative() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "CODE", halt = "yes")]
fn halt_string() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "CODE", name = "")]
fn empty_name() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "CODE", tags = "phase7")]
fn tags_not_a_list() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "CODE", tags = ["a b"])]
fn tag_with_space() -> Result<(), std::io::Error> {
    Ok(())
}

fn main() {}
