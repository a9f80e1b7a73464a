// The registry's quick test before loading the Rust provider (see src/providers/index.ts).
export const hint: RegExp = /rust|cargo/i;
