use fault_runtime::fault_case;

#[fault_case(expect = "CODE", env = [("A", "1"), ("A", "2")])]
fn duplicate_name() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "CODE", env = [("A=B", "1")])]
fn name_with_equals() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "CODE", env = ["A"])]
fn not_a_pair() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "CODE", env_remove = ["__FAULTS_CASE"])]
fn reserved_name() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "CODE", env_pass = ["HOME", "HOME"])]
fn passed_twice() -> Result<(), std::io::Error> {
    Ok(())
}

fn main() {}
