// --cache and cargo's target folder: the mount goes on a folder of its own that cargo builds
// into through CARGO_TARGET_DIR, and the same RUN copies each binary to the path the original
// build wrote it to, so the runtime stage is the plain conversion's, byte for byte.
import { convert, MemoryContext, type ConvertResult } from '../../src';

const FILES = {
  'Cargo.toml': '[package]\nname = "web"\nversion = "0.1.0"\nedition = "2021"\n',
  'Cargo.lock': 'version = 3\n',
  'src/main.rs': 'fn main() {}\n',
};
const BASE =
  'FROM rust:1.63\nWORKDIR /app\nCOPY . .\nRUN cargo build --release\nCMD ["./target/release/web"]\n';

function run(text: string, files: Record<string, string> = FILES, cache = true): ConvertResult {
  return convert(text, new MemoryContext(files), { cache });
}

const runtimeOf = (r: ConvertResult) => r.output.slice(r.output.search(/\n\nFROM /));

describe('cargo target folder as a cache', () => {
  it('builds into a mounted folder and copies the binary out to target/ in the same RUN', () => {
    const r = run(BASE);
    expect(r.status).toBe('converted');
    expect(r.output).toContain(
      'RUN --mount=type=cache,target=/usr/local/cargo/registry --mount=type=cache,target=/usr/local/cargo/git --mount=type=cache,target=/root/.cache/cargo/app/target CARGO_TARGET_DIR=/root/.cache/cargo/app/target cargo build --release && install -D /root/.cache/cargo/app/target/release/web target/release/web\n',
    );
    expect(runtimeOf(r)).toBe(runtimeOf(run(BASE, FILES, false)));
    expect(r.explanation?.cache?.join('\n')).toMatch(/copies web out to \/app\/target/);
  });

  it('copies right after cargo build, before the commands that use the binary', () => {
    const r = run(BASE.replace('--release', '--release && strip target/release/web'));
    expect(r.output).toMatch(/install -D \S+ target\/release\/web && strip target\/release\/web/);
  });

  it.each([
    [
      '--target-dir',
      BASE.replace('--release', '--release --target-dir /out').replace('./target', '/out'),
      /own target folder/,
    ],
    [
      'CARGO_TARGET_DIR',
      BASE.replace('RUN cargo', 'ENV CARGO_TARGET_DIR=/out\nRUN cargo').replace('./target', '/out'),
      /own target folder/,
    ],
    [
      'a mount on target/',
      BASE.replace('RUN cargo', 'RUN --mount=type=cache,target=/app/target cargo')
        .replace('--release', '--release && cp target/release/web /usr/local/bin/web')
        .replace('./target/release/web', 'web'),
      /already mounts/,
    ],
    [
      'two builds',
      BASE.replace(
        'RUN cargo build --release',
        'RUN cargo build --release\nRUN cargo build --release --bin web',
      ),
      /more than once/,
    ],
    [
      'a RUN that is not an && chain',
      BASE.replace('--release', '--release; ls'),
      /not a plain && chain/,
    ],
  ])('leaves target/ alone with %s (MSC151)', (_what, text, reason) => {
    const r = run(text);
    expect(r.output).not.toContain('CARGO_TARGET_DIR=/root');
    expect(
      r.warnings.find((w) => w.code === 'MSC151' && /target/.test(w.message))?.message,
    ).toMatch(reason);
  });

  it('leaves target/ alone where a .cargo/config may move it', () => {
    const r = run(BASE, { ...FILES, '.cargo/config.toml': '[build]\ntarget-dir = "out"\n' });
    expect(r.output).not.toContain('CARGO_TARGET_DIR');
  });

  it('gives cargo install only the registry mounts (it builds in a folder of its own)', () => {
    const r = run(
      'FROM rust:1.63\nWORKDIR /app\nCOPY . .\nRUN cargo install --path .\nCMD ["web"]\n',
    );
    expect(r.output).toContain('--mount=type=cache,target=/usr/local/cargo/registry');
    expect(r.output).not.toContain('CARGO_TARGET_DIR');
  });

  it('converts to unchanged the second time', () => {
    const r = run(BASE);
    expect(run(r.output).status).toBe('unchanged');
  });
});
