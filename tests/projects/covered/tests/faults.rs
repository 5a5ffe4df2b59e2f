use covered as _;
fault_runtime::main!();
