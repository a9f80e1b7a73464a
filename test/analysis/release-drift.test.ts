// MSC156: a glibc binary built on a tag that follows the newest Debian release, run on a runtime
// that names today's release.
import { convert, MemoryContext } from '../../src';
import { parseImage } from '../../src/analysis/image';
import { followsNewestRelease } from '../../src/analysis/release-drift';

const img = (ref: string) => parseImage(ref, ref);

describe('followsNewestRelease', () => {
  it.each([
    ['rust', true],
    ['rust:latest', true],
    ['rust:1', true],
    ['rust:slim', true],
    ['golang:1', true],
    ['docker.io/library/rust', true],
    ['rustlang/rust:nightly', true],
    ['rustlang/rust:nightly-slim', true],
    ['rust:stable', true],
    ['rustlang/rust:nightly-bookworm', false],
    ['rustlang/rust:nightly-alpine', false],
    ['rust:1-trixie', false],
    ['rust:trixie', false],
    ['rust:1.83', false],
    ['rust:1.83-slim', false],
    ['golang:1.24', false],
    ['rust:alpine', false],
    ['rust@sha256:0123', false],
  ])('%s: %s', (ref, floats) => expect(followsNewestRelease(img(ref))).toBe(floats));
});

const CARGO = {
  'Cargo.toml': '[package]\nname = "indexer"\nversion = "0.1.0"\nedition = "2021"\n',
  'src/main.rs': 'fn main() {}\n',
};
const rust = (from: string, extra = '') =>
  convert(
    `FROM ${from}\nWORKDIR /app\nCOPY . .\n${extra}RUN cargo build --release\nCMD ["./target/release/indexer"]\n`,
    new MemoryContext(CARGO),
  );
const GO = {
  'go.mod': 'module example.com/x\n\ngo 1.22\n',
  'main.go': 'package main\n\nimport "C"\n\nfunc main() {}\n',
};
const go = (from: string, cgo: string) =>
  convert(
    `FROM ${from}\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=${cgo} go build -o /usr/local/bin/x .\nCMD ["x"]\n`,
    new MemoryContext(GO),
  );
const codes = (r: ReturnType<typeof convert>) => r.warnings.map((w) => w.code);

describe('MSC156', () => {
  it('warns for a glibc Rust binary on an unpinned rust tag, naming the pinned tag', () => {
    const r = rust('rust');
    expect(r.status).toBe('converted');
    expect(r.output).toContain('FROM gcr.io/distroless/cc-debian13');
    const w = r.warnings.find((x) => x.code === 'MSC156');
    expect(w?.message).toContain('FROM rust:trixie');
    expect(rust('rust:1').warnings.find((x) => x.code === 'MSC156')?.message).toContain(
      'FROM rust:1-trixie',
    );
  });

  it('is quiet for a pinned release or version line, and for a static musl build', () => {
    expect(codes(rust('rust:1-trixie'))).not.toContain('MSC156');
    expect(codes(rust('rust:1.83'))).not.toContain('MSC156');
    const musl = convert(
      'FROM rust\nWORKDIR /app\nCOPY . .\nRUN rustup target add x86_64-unknown-linux-musl && cargo build --release --target x86_64-unknown-linux-musl\nCMD ["./target/x86_64-unknown-linux-musl/release/indexer"]\n',
      new MemoryContext(CARGO),
    );
    expect(musl.status).toBe('converted');
    expect(musl.output).toContain('FROM gcr.io/distroless/static');
    expect(codes(musl)).not.toContain('MSC156');
  });

  it('warns for a cgo Go binary on golang:1, not for a static one', () => {
    const cgo = go('golang:1', '1');
    expect(cgo.status).toBe('converted');
    expect(codes(cgo)).toContain('MSC156');
    const stat = go('golang:1', '0');
    expect(stat.status).toBe('converted');
    expect(codes(stat)).not.toContain('MSC156');
    expect(codes(go('golang:1.24', '1'))).not.toContain('MSC156');
  });
});
