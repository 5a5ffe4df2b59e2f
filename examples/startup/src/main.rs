//! `startup`: see the library's documentation.

fn main() -> std::process::ExitCode {
    startup::cli::main()
}
