// `cargo run` at start, rewritten to `cargo build` in the builder and the binary in the
// runtime (MSC194), and the starts that cannot be mapped exactly, which stay declined (MSC005).
import { convert, MemoryContext } from '../../../src';

const MAIN = 'fn main() {}\n';
const TOML = '[package]\nname = "shop"\nversion = "0.1.0"\nedition = "2021"\n';
const TWO_BINS = `${TOML}\n[[bin]]\nname = "api"\npath = "src/api.rs"\n\n[[bin]]\nname = "worker"\npath = "src/worker.rs"\n`;
const rust = (extra: Record<string, string> = {}) =>
  new MemoryContext({ 'Cargo.toml': TOML, 'src/main.rs': MAIN, ...extra });
const head = 'FROM rust:1.75\nWORKDIR /src\nCOPY . .\n';

/** The builder's added lines and the runtime's start lines. */
function rewritten(text: string, ctx = rust()) {
  const r = convert(text, ctx);
  expect({ status: r.status, reason: r.reason }).toEqual({ status: 'converted', reason: null });
  const [builder, runtime] = r.output.split(/\n\nFROM /);
  return {
    added: builder
      .slice(text.length + ' AS builder'.length)
      .split('\n')
      .filter(Boolean),
    start: runtime.split('\n').filter((l) => /^(CMD|ENTRYPOINT) /.test(l)),
    copies: runtime.split('\n').filter((l) => l.startsWith('COPY --from=builder')),
    codes: r.warnings.map((w) => w.code),
  };
}

describe('cargo run at start: rewritten (MSC194)', () => {
  it.each([
    [
      'debug profile, exec form',
      'CMD ["cargo", "run"]',
      ['RUN cargo build'],
      ['CMD ["/src/target/debug/shop"]'],
    ],
    [
      'release, program arguments after --',
      'CMD ["cargo", "run", "--release", "--", "--port", "8080"]',
      ['RUN cargo build --release'],
      ['CMD ["/src/target/release/shop", "--port", "8080"]'],
    ],
    [
      'shell form keeps the shell form (and its variables)',
      'ENV PORT=8080\nCMD cargo run -r -- --port $PORT',
      ['RUN cargo build -r'],
      ['CMD /src/target/release/shop --port $PORT'],
    ],
    [
      'ENTRYPOINT with the arguments in CMD',
      'ENTRYPOINT ["cargo", "run", "--release", "--"]\nCMD ["serve"]',
      ['RUN cargo build --release'],
      ['ENTRYPOINT ["/src/target/release/shop"]', 'CMD ["serve"]'],
    ],
    [
      'CARGO_TARGET_DIR and a --target triple',
      'ENV CARGO_TARGET_DIR=/build\nCMD ["cargo", "run", "--release", "--target", "x86_64-unknown-linux-gnu"]',
      ['RUN cargo build --release --target x86_64-unknown-linux-gnu'],
      ['CMD ["/build/x86_64-unknown-linux-gnu/release/shop"]'],
    ],
    [
      'a custom profile and features',
      'CMD ["cargo", "run", "--profile", "prod", "--features", "tls"]',
      ['RUN cargo build --profile prod --features tls'],
      ['CMD ["/src/target/prod/shop"]'],
    ],
  ])('%s', (_name, start, added, starts) => {
    const r = rewritten(`${head}${start}\n`);
    expect(r.added).toEqual(added);
    expect(r.start).toEqual(starts);
    expect(r.codes).toContain('MSC194');
  });

  it('--bin picks one of several binaries', () => {
    const ctx = rust({ 'Cargo.toml': TWO_BINS, 'src/api.rs': MAIN, 'src/worker.rs': MAIN });
    const r = rewritten(`${head}CMD ["cargo", "run", "--release", "--bin", "worker"]\n`, ctx);
    expect(r.added).toEqual(['RUN cargo build --release --bin worker']);
    expect(r.copies).toEqual([
      'COPY --from=builder /src/target/release/worker /src/target/release/worker',
    ]);
  });

  it('keeps the original lines and adds the build as the last builder line', () => {
    const text = `${head}RUN cargo build --release\nCMD ["cargo", "run", "--release"]\n`;
    const r = convert(text, rust());
    expect(r.output.startsWith(text.replace('FROM rust:1.75', 'FROM rust:1.75 AS builder'))).toBe(
      true,
    );
    expect(r.output).toContain(
      'CMD ["cargo", "run", "--release"]\nRUN cargo build --release\n\nFROM ',
    );
  });
});

describe('cargo run that cannot be mapped exactly: declined with MSC005', () => {
  it.each([
    ['cargo watch', 'CMD ["cargo", "watch", "-x", "run"]', {}],
    ['arguments without --', 'CMD ["cargo", "run", "serve"]', {}],
    ['options before the subcommand', 'CMD ["cargo", "--locked", "run"]', {}],
    ['a variable in the options', 'CMD cargo run --bin $BIN', {}],
    ['through a shell', 'CMD ["sh", "-c", "cargo run --release"]', {}],
    ['several binaries, none named', 'CMD ["cargo", "run"]', { 'Cargo.toml': TWO_BINS }],
  ])('%s', (_name, start, extra: Record<string, string>) => {
    const r = convert(
      `${head}${start}\n`,
      rust({ 'src/api.rs': MAIN, 'src/worker.rs': MAIN, ...extra }),
    );
    expect({ status: r.status, code: r.code }).toEqual({ status: 'declined', code: 'MSC005' });
  });

  it('--keep-start (keepStart) declines as before, with the same reason', () => {
    const text = `${head}CMD ["cargo", "run", "--release"]\n`;
    const kept = convert(text, rust(), { keepStart: true });
    expect(kept.status).toBe('declined');
    expect(kept.reason).toBe(
      'CMD runs `cargo run --release`, which needs the Rust toolchain when the container starts; build with cargo build --release in a RUN step and start the binary.',
    );
  });
});
