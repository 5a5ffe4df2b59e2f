use fault_runtime::fault_case;

#[fault_case(expect = "CODE", failpoints = "ledger.write")]
fn no_action() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "CODE", failpoints = "ledger.write=retrun")]
fn unknown_task() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "CODE", failpoints = "ledger.write=sleep")]
fn sleep_without_time() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "CODE", failpoints = "a=return;a=off")]
fn armed_twice() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "CODE", failpoints = ["ledger.write=return"])]
fn not_a_string() -> Result<(), std::io::Error> {
    Ok(())
}

fn main() {}
