use fault_runtime::fault_case;

#[fault_case(expect = "CODE", gate = 4, gate = 5)]
fn repeated_gate() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "CODE", halt, halt = false)]
fn repeated_flag() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "CODE", env_remove = ["A"], env_remove = ["B"])]
fn repeated_list() -> Result<(), std::io::Error> {
    Ok(())
}

fn main() {}
