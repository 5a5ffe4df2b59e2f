use rerun as _;
fault_runtime::main!();
