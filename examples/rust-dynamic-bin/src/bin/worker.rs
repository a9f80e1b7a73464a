// One of several services in this package; the image builds the one named by --build-arg BIN.
fn main() {
    println!("worker ready");
}
