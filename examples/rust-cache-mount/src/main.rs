// Answers every request with the request line and the app's version.
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;

fn main() {
    let listener = TcpListener::bind("0.0.0.0:3000").expect("bind");
    for stream in listener.incoming().flatten() {
        let mut stream = stream;
        let mut reader = BufReader::new(stream.try_clone().expect("clone"));
        let mut first = String::new();
        let _ = reader.read_line(&mut first);
        let mut line = String::new();
        while reader.read_line(&mut line).map(|n| n > 2).unwrap_or(false) {
            line.clear();
        }
        let body = format!(
            "web-app {} saw {}\n",
            env!("CARGO_PKG_VERSION"),
            first.trim_end()
        );
        let _ = write!(
            stream,
            "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}",
            body.len(),
            body
        );
    }
}
