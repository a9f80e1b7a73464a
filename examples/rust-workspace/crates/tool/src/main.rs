// A maintenance tool of the same workspace; the image does not build it.
fn main() {
    println!("{}", shop_core::render(&shop_core::price_list()));
}
