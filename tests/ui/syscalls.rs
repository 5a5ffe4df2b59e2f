use fault_runtime::fault_case;

#[fault_case(expect = "DISK_FULL", syscalls = ["wirte:ENOSPC"])]
fn unknown_syscall() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "DISK_FULL", syscalls = ["write:ENOSPACE"])]
fn unknown_errno() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "DISK_FULL", syscalls = ["write:ENOSPC@0"])]
fn call_zero() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "DISK_FULL", syscalls = ["write"])]
fn no_errno() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "DISK_FULL", syscalls = ["fsync:EIO", "fsync:EIO"])]
fn twice() -> Result<(), std::io::Error> {
    Ok(())
}

#[fault_case(expect = "DISK_FULL", isolation = "none", syscalls = ["fsync:EIO"])]
fn in_process() -> Result<(), std::io::Error> {
    Ok(())
}

fn main() {}
