// Table tests for the Rust provider's conversions: where cargo writes, which runtime image runs
// the binary, the OS libraries -sys crates link, and what --runtime changes.
import { convert, MemoryContext } from '../../../src';
import { app, build, lock, MAIN, toml } from './fixtures';

interface Row {
  name: string;
  df: string;
  ctx?: MemoryContext;
  options?: { runtime?: string };
  has?: string[];
  lacks?: string[];
  match?: RegExp;
  warn?: string;
}

describe('rust conversions', () => {
  it.each<Row>([
    {
      name: 'binary named after the package, dash kept, on distroless cc',
      df: build('rust:1.80', 'cargo build --release', 'CMD ["/app/target/release/my-app"]'),
      has: [
        'FROM rust:1.80 AS builder',
        'FROM gcr.io/distroless/cc-debian12\nCOPY --from=builder /app/target/release/my-app /app/target/release/my-app\n',
      ],
      lacks: ['ENV CGO', 'apt-get'],
    },
    {
      // The folder the program reads relative paths in is where the start's cd went.
      name: 'a cd in the start: the entries of that folder are the ones read at run time',
      df: build('rust:1.80', 'cargo build --release', 'CMD cd site && ../target/release/my-app'),
      ctx: app({
        'src/main.rs': 'fn main() { std::fs::read_dir("static").unwrap(); }\n',
        'site/static/index.html': '<p>hi</p>\n',
      }),
      has: ['COPY --from=builder /app/site/static /app/site/static'],
    },
    {
      name: 'a debug build goes to target/debug',
      df: build('rust:1.80', 'cargo build', 'CMD ["./target/debug/my-app"]'),
      has: ['COPY --from=builder /app/target/debug/my-app /app/target/debug/my-app'],
    },
    {
      name: '--profile names the folder (dev is debug)',
      df: build(
        'rust:1.80',
        'cargo build --profile dist && cargo build --profile dev',
        'CMD ["./target/dist/my-app"]',
      ),
      has: ['/app/target/dist/my-app', '/app/target/debug/my-app'],
    },
    {
      name: '[[bin]] name wins over the package name; default-run changes nothing',
      df: build('rust:1.80', 'cargo build --release', 'CMD ["./target/release/server"]'),
      ctx: app({
        'Cargo.toml': toml(
          'my-app',
          'default-run = "server"\n[[bin]]\nname = "server"\npath = "src/main.rs"\n',
        ),
      }),
      has: ['COPY --from=builder /app/target/release/server /app/target/release/server'],
      lacks: ['release/my-app'],
    },
    {
      name: 'src/main.rs and src/bin/*.rs are all built',
      df: build('rust:1.80', 'cargo build --release', 'CMD ["./target/release/my-app"]'),
      ctx: app({ 'src/bin/migrate.rs': MAIN, 'src/bin/admin/main.rs': MAIN }),
      has: [
        '/app/target/release/my-app',
        '/app/target/release/migrate',
        '/app/target/release/admin',
      ],
    },
    {
      name: '--bin builds only that binary',
      df: build(
        'rust:1.80',
        'cargo build --release --bin migrate',
        'CMD ["./target/release/migrate"]',
      ),
      ctx: app({ 'src/bin/migrate.rs': MAIN }),
      has: ['/app/target/release/migrate'],
      lacks: ['release/my-app'],
    },
    {
      name: 'required-features: built only when the feature is on',
      df: build(
        'rust:1.80',
        'cargo build --release --features admin',
        'CMD ["./target/release/my-app"]',
      ),
      ctx: app({
        'Cargo.toml': toml(
          'my-app',
          '[features]\nadmin = []\nall = ["admin"]\n[[bin]]\nname = "admin"\npath = "src/admin.rs"\nrequired-features = ["admin"]\n[[bin]]\nname = "extra"\npath = "src/extra.rs"\nrequired-features = ["extra"]\n',
        ),
      }),
      has: ['/app/target/release/admin', '/app/target/release/my-app'],
      lacks: ['release/extra'],
    },
    {
      name: 'edition 2015 with [[bin]] turns off automatic binaries',
      df: build('rust:1.80', 'cargo build --release', 'CMD ["./target/release/tool"]'),
      ctx: app({
        'Cargo.toml': `[package]\nname = "my-app"\nversion = "0.1.0"\n[[bin]]\nname = "tool"\npath = "src/tool.rs"\n`,
      }),
      lacks: ['release/my-app'],
      has: ['/app/target/release/tool'],
    },
    {
      name: 'virtual workspace without -p builds every member, into the root target/',
      df: build('rust:1.80', 'cargo build --release', 'CMD ["./target/release/api"]'),
      ctx: new MemoryContext({
        'Cargo.toml': '[workspace]\nmembers = ["crates/*"]\nexclude = ["crates/old"]\n',
        'crates/api/Cargo.toml': toml('api'),
        'crates/api/src/main.rs': MAIN,
        'crates/cli/Cargo.toml': toml('cli'),
        'crates/cli/src/main.rs': MAIN,
        'crates/old/Cargo.toml': toml('old'),
        'crates/old/src/main.rs': MAIN,
        'crates/lib/Cargo.toml': toml('lib'),
        'crates/lib/src/lib.rs': '',
      }),
      has: ['/app/target/release/api /app/target/release/api', '/app/target/release/cli'],
      lacks: ['release/old', 'release/lib', 'crates/api/target'],
    },
    {
      name: 'default-members limit a plain build; a member folder builds into the root target/',
      df: build(
        'rust:1.80',
        'cargo build --release && cd crates/cli && cargo build --release',
        'CMD ["./target/release/api"]',
      ),
      ctx: new MemoryContext({
        'Cargo.toml':
          '[workspace]\nmembers = ["crates/api", "crates/cli"]\ndefault-members = ["crates/api"]\n',
        'crates/api/Cargo.toml': toml('api'),
        'crates/api/src/main.rs': MAIN,
        'crates/cli/Cargo.toml': toml('cli'),
        'crates/cli/src/main.rs': MAIN,
      }),
      has: ['/app/target/release/api', '/app/target/release/cli'],
      lacks: ['crates/cli/target'],
    },
    {
      name: '--manifest-path finds the member and its workspace',
      df: build(
        'rust:1.80',
        'cargo build --release --manifest-path crates/api/Cargo.toml',
        'CMD ["./target/release/api"]',
      ),
      ctx: new MemoryContext({
        'Cargo.toml': '[workspace]\nmembers = ["crates/api"]\n',
        'crates/api/Cargo.toml': toml('api'),
        'crates/api/src/main.rs': MAIN,
      }),
      has: ['COPY --from=builder /app/target/release/api /app/target/release/api'],
    },
    {
      name: 'a package outside any workspace builds into its own target/',
      df: build(
        'rust:1.80',
        'cd server && cargo build --release',
        'CMD ["./server/target/release/srv"]',
      ),
      ctx: new MemoryContext({ 'server/Cargo.toml': toml('srv'), 'server/src/main.rs': MAIN }),
      has: ['/app/server/target/release/srv'],
    },
    {
      name: '--target-dir, CARGO_TARGET_DIR and .cargo/config.toml move the output',
      df:
        'FROM rust:1.80\nWORKDIR /app\nCOPY . .\nRUN cargo build --release --target-dir /out\n' +
        'ENV CARGO_TARGET_DIR=/cache/t\nRUN cargo build --release\nCMD ["/out/release/my-app"]\n',
      has: ['/out/release/my-app /out/release/my-app', '/cache/t/release/my-app'],
      lacks: ['/app/target'],
    },
    {
      name: '.cargo/config.toml target-dir is relative to the folder holding .cargo',
      df: build('rust:1.80', 'cargo build --release', 'CMD ["/app/build/release/my-app"]'),
      ctx: app({ '.cargo/config.toml': '[build]\ntarget-dir = "build"\n' }),
      has: ['/app/build/release/my-app'],
    },
    {
      name: 'a musl target writes to target/<triple>/release and is static',
      df: build(
        'rust:1.80',
        'cargo build --release --target x86_64-unknown-linux-musl',
        'CMD ["/app/target/x86_64-unknown-linux-musl/release/my-app"]',
      ),
      has: [
        'FROM gcr.io/distroless/static-debian12',
        '/app/target/x86_64-unknown-linux-musl/release/my-app',
      ],
    },
    {
      name: 'CARGO_BUILD_TARGET picks the triple folder too',
      df: build(
        'rust:1.80',
        'cargo build --release',
        'CMD ["/app/target/aarch64-unknown-linux-gnu/release/my-app"]',
        'ENV CARGO_BUILD_TARGET=aarch64-unknown-linux-gnu\n',
      ),
      has: [
        'gcr.io/distroless/cc-debian12',
        '/app/target/aarch64-unknown-linux-gnu/release/my-app',
      ],
    },
    {
      name: 'cargo install goes to $CARGO_HOME/bin, which the runtime searches as the rust image did',
      df: build('rust:1.80', 'cargo install --path . --locked', 'CMD ["my-app"]'),
      has: [
        'ENV PATH=/usr/local/cargo/bin:$PATH',
        'COPY --from=builder /usr/local/cargo/bin/my-app /usr/local/cargo/bin/my-app',
      ],
    },
    {
      name: 'cargo install --root /usr/local needs no PATH change',
      df: build('rust:1.80', 'cargo install --path . --root /usr/local', 'CMD ["my-app"]'),
      has: ['COPY --from=builder /usr/local/bin/my-app /usr/local/bin/my-app'],
      lacks: ['ENV PATH'],
    },
    {
      name: 'rustup on Debian: cargo install into /root/.cargo/bin, PATH carried as written',
      df:
        'FROM debian:bookworm\nRUN apt-get update && apt-get install -y curl build-essential ca-certificates\n' +
        'RUN curl -sSf https://sh.rustup.rs | sh -s -- -y\nENV PATH=/root/.cargo/bin:$PATH\n' +
        'WORKDIR /app\nCOPY . .\nRUN cargo install --path .\nCMD ["my-app"]\n',
      // distroless once the shared planner lets shipped packages (ca-certificates) through
      match: /^FROM (gcr\.io\/distroless\/cc-debian12|debian:bookworm-slim)$/m,
      has: [
        'COPY --from=builder /root/.cargo/bin/my-app /root/.cargo/bin/my-app',
        'ENV PATH=/root/.cargo/bin:$PATH\nCMD',
      ],
      lacks: ['curl'],
    },
    {
      name: 'mv out of target/ copies only the moved binary',
      df: build(
        'rust:1.80',
        'cargo build --release && mv target/release/my-app /usr/local/bin/ && rm -rf target',
        'CMD ["my-app"]',
      ),
      has: ['COPY --from=builder /usr/local/bin/my-app /usr/local/bin/my-app'],
      lacks: ['/app/target'],
    },
    {
      name: 'install -m 755 and cargo clean: only the installed copy is left',
      df: build(
        'rust:1.80',
        'cargo build --release && install -m 0755 target/release/my-app /usr/bin/app && cargo clean',
        'CMD ["app"]',
      ),
      has: ['COPY --from=builder /usr/bin/app /usr/bin/app'],
      lacks: ['/app/target'],
    },
    {
      name: 'cp into a folder made by mkdir keeps the binary name',
      df: build(
        'rust:1.80',
        'cargo build --release && mkdir /dist && cp target/release/my-app /dist',
        'CMD ["/dist/my-app"]',
      ),
      // the binary, or the whole folder the stage made (the shared planner copies made folders)
      match: /^COPY --from=builder \/dist(\/my-app)? \/dist(\/my-app)?$/m,
      lacks: ['/app/target'],
    },
    {
      name: 'cp elsewhere: the original stays behind unless the start command names it',
      df: build(
        'rust:1.80',
        'cargo build --release && cp target/release/my-app /usr/local/bin/',
        'CMD ["my-app"]\nHEALTHCHECK CMD ["/app/target/release/my-app", "--check"]',
      ),
      has: [
        'COPY --from=builder /usr/local/bin/my-app /usr/local/bin/my-app',
        'COPY --from=builder /app/target/release/my-app /app/target/release/my-app',
      ],
    },
    {
      name: 'cp elsewhere: only the copy the container runs',
      df: build(
        'rust:1.80',
        'cargo build --release && cp target/release/my-app /usr/local/bin/',
        'CMD ["my-app"]',
      ),
      has: ['COPY --from=builder /usr/local/bin/my-app /usr/local/bin/my-app'],
      lacks: ['/app/target'],
    },
    {
      name: 'rust:1.70 was bullseye: a shell needs debian:bullseye-slim',
      df: build('rust:1.70', 'cargo build --release', 'CMD ./target/release/my-app'),
      has: ['FROM debian:bullseye-slim'],
    },
    {
      name: 'rust:1.71 was last published on bookworm (1.71.1), rust:1.71.0 on bullseye',
      df: build('rust:1.71', 'cargo build --release', 'CMD ./target/release/my-app'),
      has: ['FROM debian:bookworm-slim'],
    },
    {
      name: 'rust:1.71.0 is bullseye',
      df: build('rust:1.71.0', 'cargo build --release', 'CMD ./target/release/my-app'),
      has: ['FROM debian:bullseye-slim'],
    },
    {
      name: 'rust:1.54 is buster',
      df: build('rust:1.54', 'cargo build --release', 'CMD ./target/release/my-app'),
      has: ['FROM debian:buster-slim'],
    },
    {
      name: 'rust:1.89 and later are trixie: distroless cc-debian13',
      df: build('rust:1.89', 'cargo build --release', 'CMD ["./target/release/my-app"]'),
      has: ['FROM gcr.io/distroless/cc-debian13'],
    },
    {
      name: 'rust (no tag) is trixie; trixie slim has no tzdata, so it is installed',
      df: build('rust', 'cargo build --release', 'CMD ./target/release/my-app'),
      has: ['FROM debian:trixie-slim', 'ca-certificates tzdata'],
    },
    {
      name: 'a codename tag wins over the version',
      df: build(
        'rust:1.90-slim-bookworm',
        'cargo build --release',
        'CMD ["./target/release/my-app"]',
      ),
      has: ['FROM gcr.io/distroless/cc-debian12'],
    },
    {
      name: 'openssl-sys in Cargo.lock: libssl3 ships with distroless cc on bookworm',
      df: build('rust:1.80', 'cargo build --release', 'CMD ["./target/release/my-app"]'),
      ctx: app({ 'Cargo.lock': lock('my-app', 'openssl', 'openssl-sys', 'native-tls') }),
      has: ['FROM gcr.io/distroless/cc-debian12'],
    },
    {
      name: 'openssl-sys on bullseye needs libssl1.1, which distroless cc-debian12 lacks',
      df: build('rust:1.70', 'cargo build --release', 'CMD ["./target/release/my-app"]'),
      ctx: app({ 'Cargo.lock': lock('my-app', 'openssl-sys') }),
      has: [
        'FROM debian:bullseye-slim',
        'install -y --no-install-recommends ca-certificates libssl1.1',
      ],
    },
    {
      name: 'openssl-sys on trixie: distroless cc-debian13 has libssl3t64',
      df: build('rust:1.91', 'cargo build --release', 'CMD ["./target/release/my-app"]'),
      ctx: app({ 'Cargo.lock': lock('my-app', 'openssl-sys') }),
      has: ['FROM gcr.io/distroless/cc-debian13'],
    },
    {
      name: 'vendored OpenSSL (openssl-src) links nothing',
      df: build('rust:1.70', 'cargo build --release', 'CMD ["./target/release/my-app"]'),
      ctx: app({ 'Cargo.lock': lock('my-app', 'openssl-sys', 'openssl-src') }),
      has: ['FROM gcr.io/distroless/cc-debian12'],
    },
    {
      name: 'libssl-dev installed by apt: libssl3 is there at run time',
      df: build(
        'rust:1.80',
        'cargo build --release',
        'CMD ["./target/release/my-app"]',
        'RUN apt-get update && apt-get install -y pkg-config libssl-dev\n',
      ),
      match:
        /FROM gcr\.io\/distroless\/cc-debian12|install -y --no-install-recommends[^\n]*libssl3/,
      lacks: ['pkg-config', 'libssl-dev'],
    },
    {
      name: 'pq-sys: libpq5 on Debian slim',
      df: build('rust:1.80', 'cargo build --release', 'CMD ["./target/release/my-app"]'),
      ctx: app({ 'Cargo.lock': lock('my-app', 'diesel', 'pq-sys') }),
      has: ['FROM debian:bookworm-slim', 'ca-certificates libpq5'],
    },
    {
      name: 'rusqlite with bundled SQLite links nothing; without it, libsqlite3-0',
      df: build('rust:1.80', 'cargo build --release', 'CMD ["./target/release/my-app"]'),
      ctx: app({
        'Cargo.toml': toml(
          'my-app',
          '[dependencies]\nrusqlite = { version = "0.31", features = ["bundled"] }\n',
        ),
        'Cargo.lock': lock('my-app', 'rusqlite', 'libsqlite3-sys'),
      }),
      has: ['FROM gcr.io/distroless/cc-debian12'],
    },
    {
      name: 'rusqlite with system SQLite',
      df: build('rust:1.80', 'cargo build --release', 'CMD ["./target/release/my-app"]'),
      ctx: app({
        'Cargo.toml': toml('my-app', '[dependencies]\nrusqlite = "0.31"\n'),
        'Cargo.lock': lock('my-app', 'rusqlite', 'libsqlite3-sys'),
      }),
      has: ['FROM debian:bookworm-slim', 'libsqlite3-0'],
    },
    {
      name: 'no Cargo.lock: direct dependencies decide, with a warning',
      df: build('rust:1.80', 'cargo build --release', 'CMD ["./target/release/my-app"]'),
      ctx: new MemoryContext({
        'Cargo.toml': toml(
          'my-app',
          '[dependencies]\ndiesel = { version = "2", features = ["postgres"] }\n',
        ),
        'src/main.rs': MAIN,
      }),
      has: ['libpq5'],
      warn: 'MSC105',
    },
    {
      name: 'no Cargo.lock: reqwest without default features (rustls) links no OpenSSL',
      df: build('rust:1.70', 'cargo build --release', 'CMD ["./target/release/my-app"]'),
      ctx: new MemoryContext({
        'Cargo.toml': toml(
          'my-app',
          '[dependencies]\nreqwest = { version = "0.12", default-features = false, features = ["rustls-tls"] }\n',
        ),
        'src/main.rs': MAIN,
      }),
      has: ['FROM gcr.io/distroless/cc-debian12'],
      warn: 'MSC105',
    },
    {
      name: 'an unknown -sys crate is warned about',
      df: build('rust:1.80', 'cargo build --release', 'CMD ["./target/release/my-app"]'),
      ctx: app({ 'Cargo.lock': lock('my-app', 'libfoo-sys', 'linux-raw-sys', 'zstd-sys') }),
      has: ['FROM gcr.io/distroless/cc-debian12'],
      warn: 'MSC105',
    },
    {
      name: 'rust:alpine builds static musl binaries: distroless static, musl-dev stays behind',
      df: build(
        'rust:1.80-alpine3.20',
        'cargo build --release',
        'CMD ["./target/release/my-app"]',
        'RUN apk add --no-cache musl-dev\n',
      ),
      has: ['FROM gcr.io/distroless/static-debian12'],
      lacks: ['apk add'],
    },
    {
      name: 'rust:alpine with a shell: the same Alpine release',
      df: build('rust:1.80-alpine3.20', 'cargo build --release', 'CMD ./target/release/my-app'),
      has: ['FROM alpine:3.20', 'apk add --no-cache ca-certificates tzdata'],
    },
    {
      name: "Alpine's own cargo links musl dynamically: alpine with libgcc",
      df: build(
        'alpine:3.20',
        'cargo build --release',
        'CMD ["./target/release/my-app"]',
        'RUN apk add --no-cache cargo openssl-dev\n',
      ),
      ctx: app({ 'Cargo.lock': lock('my-app', 'openssl-sys') }),
      has: ['FROM alpine:3.20', 'apk add --no-cache', 'libgcc', 'libssl3'],
      lacks: ['cargo', 'openssl-dev'],
    },
    {
      name: 'Ubuntu builder: the same Ubuntu without the toolchain',
      df: build(
        'ubuntu:24.04',
        'cargo build --release',
        'CMD ["./target/release/my-app"]',
        'RUN apt-get update && apt-get install -y cargo\n',
      ),
      has: ['FROM ubuntu:24.04\n'],
      lacks: ['cargo'],
    },
    {
      name: 'files read at run time are copied',
      df: build('rust:1.80', 'cargo build --release', 'CMD ["./target/release/my-app"]'),
      ctx: app({
        'templates/index.html': '<p>',
        'Rocket.toml': '[default]\n',
        'assets.db': '',
        'src/main.rs': 'fn main() { std::fs::read("assets.db").unwrap(); }\n',
      }),
      has: [
        'COPY --from=builder /app/templates /app/templates',
        'COPY --from=builder /app/Rocket.toml /app/Rocket.toml',
        'COPY --from=builder /app/assets.db /app/assets.db',
      ],
      lacks: ['/app/src', '/app/Cargo.toml /app'],
    },
    {
      name: 'an entrypoint script brings a shell and is copied',
      df: build(
        'rust:1.80',
        'cargo build --release',
        'ENTRYPOINT ["/app/entrypoint.sh"]\nCMD ["./target/release/my-app"]',
      ),
      ctx: app({ 'entrypoint.sh': '#!/bin/sh\nset -e\nexec "$@"\n' }),
      has: [
        'FROM debian:bookworm-slim',
        'COPY --from=builder /app/entrypoint.sh /app/entrypoint.sh',
      ],
    },
    {
      name: 'a user created in the builder brings the user database',
      df: build(
        'rust:1.80',
        'cargo build --release',
        'USER app\nCMD ["./target/release/my-app"]',
        'RUN useradd -m app\n',
      ),
      has: ['COPY --from=builder /etc/passwd /etc/passwd', 'USER app'],
      warn: 'MSC107',
    },
    {
      name: 'USER nonroot exists in distroless',
      df: build(
        'rust:1.80',
        'cargo build --release',
        'USER nonroot\nCMD ["./target/release/my-app"]',
      ),
      lacks: ['/etc/passwd'],
      has: ['FROM gcr.io/distroless/cc-debian12'],
    },
    {
      name: 'ARG used by ENV is re-declared',
      df: build(
        'rust:1.80',
        'cargo build --release',
        'ENV APP_VERSION=$VERSION\nCMD ["./target/release/my-app"]',
        'ARG VERSION=dev\n',
      ),
      has: ['FROM gcr.io/distroless/cc-debian12\nARG VERSION=dev\n'],
    },
    {
      name: '--runtime slim',
      df: build('rust:1.80', 'cargo build --release', 'CMD ["./target/release/my-app"]'),
      options: { runtime: 'slim' },
      has: ['FROM debian:bookworm-slim'],
    },
    {
      name: '--runtime with an image is taken as given, with a warning',
      df: build('rust:1.80', 'cargo build --release', 'CMD ["./target/release/my-app"]'),
      options: { runtime: 'registry.example.com/base:12' },
      has: ['FROM registry.example.com/base:12'],
      warn: 'MSC109',
    },
    {
      name: '--runtime scratch for a static musl build',
      df: build(
        'rust:1.80',
        'cargo build --release --target x86_64-unknown-linux-musl',
        'CMD ["/app/target/x86_64-unknown-linux-musl/release/my-app"]',
      ),
      options: { runtime: 'distroless' },
      has: ['FROM gcr.io/distroless/static-debian12'],
    },
  ])('$name', ({ df, ctx, options, has, lacks, match, warn }) => {
    const context = ctx ?? app();
    const r = convert(df, context, options ?? {});
    expect({ status: r.status, reason: r.reason }).toEqual({ status: 'converted', reason: null });
    expect(r.language).toBe('rust');
    for (const h of has ?? []) expect(r.output).toContain(h);
    const runtime = r.output.slice(df.length);
    for (const l of lacks ?? []) expect(runtime).not.toContain(l);
    if (match) expect(runtime).toMatch(match);
    if (warn) expect(r.warnings.map((w) => w.code)).toContain(warn);
    expect(r.output.startsWith(df.replace(/^FROM (\S+)/, 'FROM $1 AS builder'))).toBe(true);
    expect(convert(r.output, context, options ?? {}).status).toBe('unchanged');
  });
});
