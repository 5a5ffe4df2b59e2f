//! Does not compile.

pub fn answer() -> u32 {
    "forty-two"
}
