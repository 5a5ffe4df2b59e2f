use fault_runtime::fault_case;

#[fault_case(expect = "CODE")]
struct NotAFn;

#[fault_case(expect = "CODE")]
const ALSO_NOT: u8 = 1;

fn main() {}
