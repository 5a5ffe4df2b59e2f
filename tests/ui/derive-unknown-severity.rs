use fault_runtime::Refusal;

#[derive(Debug, Refusal)]
enum NearMiss {
    #[refusal(code = "CODE", severity = "crit")]
    Variant,
}

#[derive(Debug, Refusal)]
#[refusal(severity = "fatal")]
enum OnTheEnum {
    #[refusal(code = "CODE")]
    Variant,
}

fn main() {}
