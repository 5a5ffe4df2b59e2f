use fault_runtime::Refusal;

#[derive(Refusal)]
union Bits {
    word: u32,
    bytes: [u8; 4],
}

fn main() {}
