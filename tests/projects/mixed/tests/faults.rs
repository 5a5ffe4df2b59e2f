use mixed as _;
fault_runtime::main!();
