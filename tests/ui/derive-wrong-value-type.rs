use fault_runtime::Refusal;

const CODE: &str = "CODE";

#[derive(Debug, Refusal)]
enum NotALiteral {
    #[refusal(code = CODE)]
    Variant,
}

#[derive(Debug, Refusal)]
enum Number {
    #[refusal(code = 4)]
    Variant,
}

#[derive(Debug, Refusal)]
enum Spaces {
    #[refusal(code = "TWO WORDS")]
    Variant,
}

#[derive(Debug, Refusal)]
enum NoValue {
    #[refusal(code)]
    Variant,
}

#[derive(Debug, Refusal)]
enum BadGate {
    #[refusal(code = "CODE", gate = 4.5)]
    Variant,
}

#[derive(Debug, Refusal)]
enum FlagWithValue {
    #[refusal(transparent = true)]
    Variant(std::io::Error),
}

fn main() {}
