use fault_runtime::fault_case;

#[fault_case(expect = "CODE", category = "validaton")]
fn near_miss() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "CODE", category = "storage")]
fn unmarked_custom() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "CODE", category = "custom:Bad Label")]
fn bad_custom_label() -> Result<(), std::io::Error> {
    Ok(())
}

fn main() {}
