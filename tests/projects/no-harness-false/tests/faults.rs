use no_harness_false as _;
fault_runtime::main!();
