use fault_runtime::fault_case;

#[fault_case(expect = "CODE")]
fn takes_a_parameter(spec: &str) -> Result<(), std::io::Error> {
    let _ = spec;
    Ok(())
}

#[fault_case(expect = "CODE")]
fn generic<T: Default>() -> Result<T, std::io::Error> {
    Ok(T::default())
}

#[fault_case(expect = "CODE")]
unsafe fn unsafe_case() -> Result<(), std::io::Error> {
    Ok(())
}

fn main() {}
