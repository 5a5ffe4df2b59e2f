use fault_runtime::fault_case;

#[fault_case(expect = "CODE", time = "paused")]
fn not_async() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "CODE", time = "fast")]
async fn unknown_clock() -> Result<(), std::io::Error> {
    Ok(())
}

fn main() {}
