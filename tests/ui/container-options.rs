use fault_runtime::fault_case;

#[fault_case(expect = "CODE", network = "none")]
fn no_network_without_a_container() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "CODE", network = "none", isolation = "process")]
fn no_network_in_a_plain_process() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "CODE", network = "off", isolation = "container")]
fn unknown_network() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "CODE", isolation = "none", network = "host")]
fn network_in_the_harness_process() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "CODE", hide = ["git", "/etc/app.toml"])]
fn hide_a_path_without_a_container() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "CODE", isolation = "container", hide = ["/"])]
fn hide_the_root() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "CODE", isolation = "container", hide = ["/etc//app.toml"])]
fn hide_an_empty_component() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "CODE", isolation = "container", hide = ["/etc/app/"])]
fn hide_a_trailing_slash() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "CODE", isolation = "container", hide = ["/etc/../root"])]
fn hide_a_parent_component() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "CODE", isolation = "container", hide = ["/etc/app\0.toml"])]
fn hide_a_nul() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "CODE", isolation = "container", hide = ["bin/git"])]
fn hide_a_relative_path() -> Result<(), std::io::Error> {
    Ok(())
}

fn main() {}
