use fault_runtime::Refusal;

#[derive(Debug, Refusal)]
enum NotAField {
    #[refusal(code = "CODE", message = "tool `{nme}` is invalid")]
    Named { name: String, id: u32 },
}

#[derive(Debug, Refusal)]
enum OutOfRange {
    #[refusal(code = "CODE", message = "second is {1}")]
    Tuple(String),
}

#[derive(Debug, Refusal)]
enum Unnamed {
    #[refusal(code = "CODE", message = "value {}")]
    Tuple(String),
}

#[derive(Debug, Refusal)]
enum Unclosed {
    #[refusal(code = "CODE", message = "value {0")]
    Tuple(String),
}

#[derive(Debug, Refusal)]
#[refusal(message = "{0}")]
enum FormatOnTheEnum {
    #[refusal(code = "CODE")]
    Tuple(String),
}

fn main() {}
