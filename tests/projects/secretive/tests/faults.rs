use secretive as _;
fault_runtime::main!();
