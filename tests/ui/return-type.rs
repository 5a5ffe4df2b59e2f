use fault_runtime::fault_case;

#[fault_case(expect = "CODE")]
fn returns_nothing() {}

#[fault_case(expect = "CODE")]
fn error_is_not_a_refusal() -> Result<(), String> {
    Err("refused".to_owned())
}

fn main() {}
