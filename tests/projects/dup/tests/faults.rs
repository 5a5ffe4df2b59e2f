use dup as _;
fault_runtime::main!();
