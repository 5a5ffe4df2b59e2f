use fault_runtime::Refusal;

#[derive(Debug, Refusal)]
enum WrongTypes {
    #[refusal(code = "RETRY_EXHAUSTED")]
    Retried(#[refusal(attempts)] Vec<String>),
    #[refusal(code = "ROLLED_BACK")]
    RolledBack(#[refusal(rollback)] Vec<String>),
}

fn main() {}
