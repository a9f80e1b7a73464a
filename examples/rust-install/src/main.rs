// A command-line greeter: prints who it greets, which user runs it and where its home is.
use std::env;
use std::fs;

fn uid() -> String {
    fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .and_then(|l| l.split_whitespace().nth(1).map(String::from))
        })
        .unwrap_or_else(|| "?".to_string())
}

fn main() {
    let args: Vec<String> = env::args().collect();
    let mut name = "world".to_string();
    let mut i = 1;
    while i < args.len() {
        if args[i] == "--name" && i + 1 < args.len() {
            name = args[i + 1].clone();
            i += 1;
        }
        i += 1;
    }
    let home = env::var("HOME").unwrap_or_default();
    let home_exists = !home.is_empty() && fs::metadata(&home).map(|m| m.is_dir()).unwrap_or(false);
    println!("Hello, {}!", name);
    println!("uid={} home={} home_exists={}", uid(), home, home_exists);
}
