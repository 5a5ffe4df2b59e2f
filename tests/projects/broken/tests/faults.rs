fault_runtime::main!();
