use fault_runtime::fault_case;

#[fault_case(gate = 4, halt)]
fn no_expect() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case]
fn no_options() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect)]
fn expect_without_value() -> Result<(), std::io::Error> {
    Ok(())
}

fn main() {}
