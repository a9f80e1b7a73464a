//! Shared logic: the price list the API serves.
pub fn price_list() -> Vec<(&'static str, u32)> {
    vec![("apple", 30), ("pear", 45), ("plum", 12)]
}

pub fn render(items: &[(&str, u32)]) -> String {
    items
        .iter()
        .map(|(n, p)| format!("{}={}", n, p))
        .collect::<Vec<_>>()
        .join(",")
}
