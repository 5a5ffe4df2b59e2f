use fault_runtime::fault_case;

#[fault_case(expect = "CODE", hide = ["/usr/bin/git"])]
fn hide_a_path() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "CODE", hide = ["git", "git"])]
fn hide_twice() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "CODE", requires = ["git"], hide = ["git"])]
fn hide_what_is_required() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "CODE", requires = ["env:"])]
fn require_an_unnamed_variable() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "CODE", requires = ["file:"])]
fn require_an_unnamed_file() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "CODE", memory_limit = "lots")]
fn memory_not_a_size() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "CODE", memory_limit = "1MiB")]
fn memory_too_small() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "CODE", memory_limit = 256)]
fn memory_a_number() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "CODE", open_files = 2)]
fn too_few_files() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "CODE", open_files = "16")]
fn files_a_string() -> Result<(), std::io::Error> {
    Ok(())
}

fn main() {}
