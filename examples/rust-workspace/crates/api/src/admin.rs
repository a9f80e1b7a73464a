// An admin command, built only with --features admin.
fn main() {
    println!("{} items", shop_core::price_list().len());
}
