fn main() {
    println!("a custom harness of another kind");
}
