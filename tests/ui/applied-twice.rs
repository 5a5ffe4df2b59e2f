use fault_runtime::fault_case;

#[fault_case(expect = "CODE")]
#[fault_case(expect = "OTHER")]
fn twice() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "CODE")]
#[test]
fn also_a_test() -> Result<(), std::io::Error> {
    Ok(())
}

fn main() {}
