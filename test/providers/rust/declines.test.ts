// What the Rust provider declines, with which code; the Dockerfile is left as it was.
import { convert, MemoryContext } from '../../../src';
import { app, build, MAIN, toml } from './fixtures';

describe('rust declines', () => {
  it.each<{
    name: string;
    df: string;
    code: string;
    ctx?: MemoryContext;
    options?: { runtime?: string };
  }>([
    {
      name: 'cargo run at start through a shell command line (the rewrite reads plain starts)',
      df: build('rust:1.80', 'cargo build --release', 'CMD ["sh", "-c", "cargo run --release"]'),
      code: 'MSC005',
    },
    {
      name: 'cargo watch in the entrypoint script',
      df: build('rust:1.80', 'cargo build --release', 'CMD ["/app/start.sh"]'),
      code: 'MSC005',
      ctx: app({ 'start.sh': '#!/bin/sh\ncargo watch -x run\n' }),
    },
    {
      name: 'a binary built on the host',
      df: 'FROM rust:1.80\nCOPY target/release/my-app /usr/local/bin/\nCMD ["my-app"]\n',
      code: 'MSC006',
    },
    {
      name: 'Cargo.toml not in the context',
      df: build('rust:1.80', 'cargo build --release', 'CMD ["./target/release/my-app"]'),
      code: 'MSC007',
      ctx: new MemoryContext({ 'src/main.rs': MAIN }),
    },
    {
      name: 'unreadable Cargo.toml',
      df: build('rust:1.80', 'cargo build --release', 'CMD ["./target/release/my-app"]'),
      code: 'MSC007',
      ctx: app({ 'Cargo.toml': '[package\nname = "x"\n' }),
    },
    {
      name: 'binary name through a build argument',
      df: build(
        'rust:1.80',
        'cargo build --release --bin $BIN',
        'CMD ["./target/release/x"]',
        'ARG BIN\n',
      ),
      code: 'MSC007',
    },
    {
      name: 'the binary stays in the cache mount',
      df: 'FROM rust:1.80\nWORKDIR /app\nCOPY . .\nRUN --mount=type=cache,target=/app/target cargo build --release\nCMD ["./target/release/my-app"]\n',
      code: 'MSC007',
    },
    {
      name: 'a library crate builds no binary',
      df: build('rust:1.80', 'cargo build --release', 'CMD ["./target/release/my-app"]'),
      code: 'MSC007',
      ctx: new MemoryContext({ 'Cargo.toml': toml('my-app'), 'src/lib.rs': '' }),
    },
    {
      name: 'the target folder set through --config',
      df: build(
        'rust:1.80',
        `cargo build --release --config 'build.target-dir="/out"'`,
        'CMD ["/out/release/my-app"]',
      ),
      code: 'MSC007',
    },
    {
      name: 'a WebAssembly target',
      df: build(
        'rust:1.80',
        'cargo build --release --target wasm32-unknown-unknown',
        'CMD ["./target/release/my-app"]',
      ),
      code: 'MSC007',
    },
    {
      name: 'CMD runs a binary cargo does not build (unknown name)',
      df: build('rust:1.80', 'cargo build --release', 'CMD ["./target/release/other"]'),
      code: 'MSC008',
    },
    {
      name: 'CMD runs a name nothing provides',
      df: build('rust:1.80', 'cargo build --release', 'CMD ["myapp"]'),
      code: 'MSC008',
    },
    {
      name: 'a tool from cargo install that the container runs',
      df: build(
        'rust:1.80',
        'cargo install diesel_cli --no-default-features --features postgres && cargo build --release',
        'CMD diesel migration run && ./target/release/my-app',
      ),
      code: 'MSC008',
    },
    {
      name: 'a builder whose glibc msconvert cannot tell',
      df: build('fedora:40', 'cargo build --release', 'CMD ["./target/release/my-app"]'),
      code: 'MSC015',
    },
    {
      name: 'musl linked dynamically on Debian',
      df: build(
        'rust:1.80',
        'RUSTFLAGS="-C target-feature=-crt-static" cargo build --release --target x86_64-unknown-linux-musl',
        'CMD ["./target/x86_64-unknown-linux-musl/release/my-app"]',
      ),
      code: 'MSC011',
    },
    {
      name: '--runtime scratch for a glibc binary',
      df: build('rust:1.80', 'cargo build --release', 'CMD ["./target/release/my-app"]'),
      code: 'MSC011',
      options: { runtime: 'scratch' },
    },
    {
      name: 'a -dev library with no known run-time package',
      df: build(
        'rust:1.80',
        'cargo build --release',
        'CMD ["./target/release/my-app"]',
        'RUN apt-get update && apt-get install -y libfoo-dev\n',
      ),
      code: 'MSC009',
    },
    {
      name: 'idle development container',
      df: build('rust:1.80', 'cargo build --release', 'CMD ["tail", "-f", "/dev/null"]'),
      code: 'MSC006',
    },
  ])('declines: $name', ({ df, code, ctx, options }) => {
    const r = convert(df, ctx ?? app(), options ?? {});
    expect(r.status).toBe('declined');
    expect(r.code).toBe(code);
    expect(r.reason).toMatch(/\w/);
    expect(r.output).toBe(df);
  });
});
