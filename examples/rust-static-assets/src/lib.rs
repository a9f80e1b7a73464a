//! Shared by the server and its health probe.
pub const PORT: u16 = 8080;
