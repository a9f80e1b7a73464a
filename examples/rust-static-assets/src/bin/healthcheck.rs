// Exits 0 when the server answers on its port: a health probe that needs no curl or shell.
use std::io::{Read, Write};
use std::net::TcpStream;

fn main() {
    let ok = TcpStream::connect(("127.0.0.1", site::PORT))
        .and_then(|mut s| {
            s.write_all(b"GET / HTTP/1.0\r\n\r\n")?;
            let mut buf = String::new();
            s.read_to_string(&mut buf)?;
            Ok(buf.starts_with("HTTP/1.1 200"))
        })
        .unwrap_or(false);
    std::process::exit(if ok { 0 } else { 1 });
}
