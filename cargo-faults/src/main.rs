//! The `cargo-faults` executable; cargo runs it for `cargo faults`.

fn main() -> std::process::ExitCode {
    cargo_faults::main()
}
