use fault_runtime::{Attempt, Refusal};

#[derive(Debug, Refusal)]
enum Twice {
    #[refusal(code = "A", code = "B")]
    Variant,
}

#[derive(Debug, Refusal)]
enum AcrossAttributes {
    #[refusal(code = "A", gate = 1)]
    #[refusal(gate = 2)]
    Variant,
}

#[derive(Debug, Refusal)]
enum TwoHistories {
    #[refusal(code = "A")]
    Variant {
        #[refusal(attempts)]
        first: Vec<Attempt>,
        #[refusal(attempts)]
        second: Vec<Attempt>,
    },
}

fn main() {}
