use fault_runtime::fault_case;

// `repeat` runs copies in processes of their own: an in-process case cannot have it.
#[fault_case(expect = "CODE", isolation = "none", repeat = 10)]
fn repeated_in_process() -> Result<(), std::io::Error> {
    Ok(())
}

// The order of the options does not matter.
#[fault_case(expect = "CODE", repeat = 10, isolation = "none")]
fn repeated_first() -> Result<(), std::io::Error> {
    Ok(())
}

fn main() {}
