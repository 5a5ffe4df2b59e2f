use fault_runtime::{Attempt, Refusal};

#[derive(Debug, Refusal)]
enum WithCode {
    #[refusal(transparent, code = "CODE")]
    Io(std::io::Error),
}

#[derive(Debug, Refusal)]
enum NoField {
    #[refusal(transparent)]
    Unit,
}

#[derive(Debug, Refusal)]
enum TwoFields {
    #[refusal(transparent)]
    Pair(std::io::Error, String),
}

#[derive(Debug, Refusal)]
enum Marked {
    #[refusal(transparent)]
    Retried(#[refusal(attempts)] Vec<Attempt>),
}

#[derive(Debug, Refusal)]
enum NotARefusal {
    #[refusal(transparent)]
    Text(String),
}

fn main() {}
