// Serves files from ./static, read at run time, with a banner from site.toml.
use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;

fn main() {
    let banner = fs::read_to_string("site.toml")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("banner"))
                .map(|l| l.split('=').nth(1).unwrap_or("").trim().trim_matches('"').to_string())
        })
        .unwrap_or_else(|| "no banner".to_string());
    let listener = TcpListener::bind(("0.0.0.0", site::PORT)).expect("bind");
    for stream in listener.incoming().flatten() {
        let mut stream = stream;
        let mut reader = BufReader::new(stream.try_clone().expect("clone"));
        let mut first = String::new();
        let _ = reader.read_line(&mut first);
        let mut line = String::new();
        while reader.read_line(&mut line).map(|n| n > 2).unwrap_or(false) {
            line.clear();
        }
        let path = first.split_whitespace().nth(1).unwrap_or("/");
        let file = if path == "/" { "index.html" } else { path.trim_start_matches('/') };
        let (status, body) = match fs::read_to_string(format!("static/{}", file)) {
            Ok(b) if !file.contains("..") => ("200 OK", format!("{}\n{}", banner, b)),
            _ => ("404 Not Found", "not found\n".to_string()),
        };
        let _ = write!(
            stream,
            "HTTP/1.1 {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}",
            status,
            body.len(),
            body
        );
    }
}
