use drifty as _;
fault_runtime::main!();
