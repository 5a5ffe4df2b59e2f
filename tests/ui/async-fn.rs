use fault_runtime::fault_case;

#[fault_case(expect = "CODE")]
async fn async_case() -> Result<(), std::io::Error> {
    Ok(())
}

fn main() {}
