//! A harness with a `main` of its own that prints on stdout first.

use chatty as _;

fn main() -> std::process::ExitCode {
    println!("{{\"hello\": \"a chatty harness prints JSON-looking text before the runtime\"}}");
    fault_runtime::run()
}
