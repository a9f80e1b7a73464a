import { convert } from '../src/convert';
import { MemoryContext } from '../src/context';
import { sentContext } from '../src/sent-context';

const RUST = `FROM rust:1.63
WORKDIR /app
COPY . .
RUN cargo build --release
CMD ["./target/release/hello"]
`;

const app = (extra: Record<string, string>) =>
  new MemoryContext({
    'Cargo.toml': '[package]\nname = "hello"\nversion = "0.1.0"\nedition = "2021"\n',
    'src/main.rs': 'fn main() { std::fs::read_to_string("config/app.toml").unwrap(); }\n',
    'config/app.toml': 'name = "x"\n',
    '.env': 'SECRET=1\n',
    'migrations/1.sql': '-- one\n',
    'migrations/keep.sql': '-- kept\n',
    ...extra,
  });

const copied = (out: string) =>
  out
    .split('\n')
    .filter((l) => l.startsWith('COPY --from=builder'))
    .map((l) => l.split(' ')[2]);

describe('the context as Docker sends it (.dockerignore)', () => {
  // kcnklub/zero2prod (wild set): .dockerignore leaves out .env and migrations/, and the runtime
  // stage copied both from the builder: `COPY --from=builder /app/migrations` fails to build
  // ("not found"), checked in the lab with a stand-in of the same shape.
  it.each<[string, string | undefined, string[]]>([
    [
      'no ignore file: every conventional entry',
      undefined,
      ['/app/.env', '/app/config', '/app/migrations'],
    ],
    ['.env and migrations/ left out', '.env\nmigrations/\n', ['/app/config']],
    [
      'a folder left out with a file brought back',
      'migrations\n!migrations/keep.sql\n',
      ['/app/.env', '/app/config', '/app/migrations'],
    ],
    ['** patterns', '**/.env\n**/migrations\n', ['/app/config']],
  ])('%s', (_name, ignore, paths) => {
    const r = convert(RUST, app(ignore === undefined ? {} : { '.dockerignore': ignore }));
    expect(r.status).toBe('converted');
    expect(copied(r.output).filter((p) => !p.includes('target'))).toEqual(paths);
  });

  it('an ignore file named for the Dockerfile replaces the context one, even empty', () => {
    const ctx = app({ '.dockerignore': '.env\nmigrations/\n' });
    const r = convert(RUST, ctx, { dockerignore: '' });
    expect(copied(r.output)).toContain('/app/migrations');
    expect(copied(convert(RUST, ctx, { dockerignore: 'config\n' }).output)).not.toContain(
      '/app/config',
    );
  });

  it('hides what the patterns leave out from every reading, the ignore file excepted', () => {
    const ctx = sentContext(app({ '.dockerignore': '.env\nmigrations/\n!migrations/keep.sql\n' }));
    expect(ctx.exists('.env')).toBe(false);
    expect(ctx.readText('.env')).toBeNull();
    expect(ctx.list('')).not.toContain('.env');
    expect(ctx.list('migrations')).toEqual(['keep.sql']);
    expect(ctx.isDir('migrations')).toBe(true);
    expect(ctx.readText('migrations/1.sql')).toBeNull();
    expect(ctx.readText('.dockerignore')).not.toBeNull();
    expect(sentContext(ctx)).toBe(ctx);
  });
});
