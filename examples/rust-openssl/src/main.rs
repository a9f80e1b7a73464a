// Fetches a URL over HTTPS with reqwest's default TLS (native-tls, so OpenSSL) and prints the status.
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let url = std::env::var("PROBE_URL").unwrap_or_else(|_| "https://example.com/".to_string());
    let status = reqwest::blocking::get(&url)?.status();
    println!("{} {}", url, status);
    Ok(())
}
