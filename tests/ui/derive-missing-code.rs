use fault_runtime::Refusal;

#[derive(Debug, Refusal)]
enum SpecError {
    #[refusal(code = "REMOTE_REQUIRES_ADAPTER", gate = 4)]
    MissingAdapter,
    #[refusal(gate = 4)]
    NoCode,
    Bare { tool_id: String },
}

#[derive(Debug, Refusal)]
struct Unlabelled {
    reason: String,
}

fn main() {}
