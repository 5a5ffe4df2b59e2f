use fault_runtime::fault_case;

#[fault_case(expect = "CODE", gat = 4)]
fn typo() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "CODE", banana = true)]
fn nonsense() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "CODE", fault_runtime::gate = 4)]
fn path_key() -> Result<(), std::io::Error> {
    Ok(())
}

fn main() {}
