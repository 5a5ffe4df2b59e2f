use fault_runtime::{Attempt, Refusal};

#[derive(Debug, Refusal)]
enum Typo {
    #[refusal(cod = "CODE")]
    Variant,
}

#[derive(Debug, Refusal)]
enum Nonsense {
    #[refusal(code = "CODE", banana)]
    Variant,
}

#[derive(Debug, Refusal)]
enum FieldTypo {
    #[refusal(code = "CODE")]
    Variant(#[refusal(attempt)] Vec<Attempt>),
}

#[derive(Debug, Refusal)]
#[refusal(code = "CODE")]
enum CodeOnTheEnum {
    #[refusal(code = "OTHER")]
    Variant,
}

fn main() {}
