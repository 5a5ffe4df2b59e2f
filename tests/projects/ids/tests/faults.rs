use ids as _;
fault_runtime::main!();
