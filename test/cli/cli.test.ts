// The built CLI as a child process, on temporary copies: every flag, every exit code, and
// files left untouched whenever something goes wrong.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CLI, EXAMPLES, ROOT } from '../helpers';

function run(args: string[], opts: { cwd?: string; input?: string | Buffer } = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: opts.cwd ?? ROOT,
    input: opts.input,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let tmp: string;
function copyExample(name: string): string {
  const dest = fs.mkdtempSync(path.join(tmp, `${name}-`));
  fs.cpSync(path.join(EXAMPLES, name), dest, { recursive: true });
  return dest;
}

beforeAll(() => {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'cli', 'index.js'))) {
    throw new Error('dist/ is missing: run npm run build (npm test does it)');
  }
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'msconvert-cli-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('diff mode', () => {
  it('prints a unified diff and an explanation, exit 0, file untouched', () => {
    const dir = copyExample('go-basic');
    const before = fs.readFileSync(path.join(dir, 'Dockerfile'));
    const r = run([dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^--- \/.*Dockerfile\n\+\+\+ \/.*Dockerfile\n@@/);
    expect(r.stdout).toContain('+FROM gcr.io/distroless/static-debian12');
    expect(r.stdout).not.toContain('\x1b[');
    expect(r.stderr).toContain('converted (go)');
    expect(r.stderr).toContain('runtime:  gcr.io/distroless/static-debian12');
    expect(fs.readFileSync(path.join(dir, 'Dockerfile'))).toEqual(before);
  });

  it('labels files under the current folder git-style, so git apply takes the diff', () => {
    const dir = copyExample('go-basic');
    const r = run(['Dockerfile'], { cwd: dir });
    expect(r.stdout).toMatch(/^--- a\/Dockerfile\n\+\+\+ b\/Dockerfile\n/);
  });

  it('colours only when asked (or on a terminal)', () => {
    const dir = copyExample('go-basic');
    expect(run(['--color', dir]).stdout).toContain('\x1b[32m+');
    expect(run(['--no-color', dir]).stdout).not.toContain('\x1b[');
  });

  it('uses the current folder when no path is given', () => {
    const dir = copyExample('node-express');
    const r = run([], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('+FROM gcr.io/distroless/nodejs20-debian12');
  });

  it('reads stdin with -, using --context for the manifests', () => {
    const dir = copyExample('go-templates');
    const r = run(['-', '--context', dir], {
      input: fs.readFileSync(path.join(dir, 'Dockerfile')),
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('+COPY --from=builder /app/templates /app/templates');
  });

  it('finds Dockerfile variants in a folder', () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'variants-'));
    const df = fs.readFileSync(path.join(EXAMPLES, 'go-basic', 'Dockerfile'));
    for (const n of ['Dockerfile', 'api.Dockerfile', 'Dockerfile.prod', 'dockerfile'])
      fs.writeFileSync(path.join(dir, n), df);
    fs.writeFileSync(path.join(dir, 'Dockerfile.dockerignore'), 'node_modules\n');
    fs.mkdirSync(path.join(dir, 'node_modules'));
    fs.writeFileSync(path.join(dir, 'node_modules', 'Dockerfile'), df);
    const r = run(['--json', dir]);
    const paths = (JSON.parse(r.stdout) as { files: { path: string }[] }).files
      .map((f) => path.basename(f.path))
      .sort();
    expect(paths).toEqual(['Dockerfile', 'Dockerfile.prod', 'api.Dockerfile', 'dockerfile'].sort());
  });
});

describe('--write', () => {
  it('writes atomically, keeps the mode, and is idempotent', () => {
    const dir = copyExample('go-basic');
    const file = path.join(dir, 'Dockerfile');
    fs.chmodSync(file, 0o640);
    const r = run(['--write', dir]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('converted and written');
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toContain('FROM golang:1.19 AS builder');
    expect(fs.statSync(file).mode & 0o777).toBe(0o640);
    expect(fs.readdirSync(dir).filter((n) => n.includes('.tmp'))).toEqual([]);
    const mtime = fs.statSync(file).mtimeMs;
    const again = run(['--write', dir]);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('unchanged');
    expect(fs.statSync(file).mtimeMs).toBe(mtime);
  });

  it('--keep-start and "keepStart": true decline a start that builds at start, as before', () => {
    const dir = copyExample('go-run');
    const rewritten = run(['--stdout', dir]);
    expect(rewritten.code).toBe(0);
    expect(rewritten.stdout).toContain('RUN go build -o /usr/local/bin/run .');
    expect(rewritten.stderr).toContain('MSC185');
    const declined =
      /declined \(go\): CMD runs `go run \.`, which compiles when the container starts; build a binary in a RUN step first\. \[MSC005\]/;
    const kept = run(['--keep-start', dir]);
    expect(kept.code).toBe(0);
    expect(kept.stderr).toMatch(declined);
    fs.writeFileSync(path.join(dir, '.msconvertrc.json'), '{"keepStart": true}');
    const configured = run([dir]);
    expect(configured.stderr).toMatch(declined);
    fs.writeFileSync(path.join(dir, '.msconvertrc.json'), '{"keepStart": "yes"}');
    const bad = run([dir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"keepStart" must be true or false');
  });

  it('does not touch declined files', () => {
    const dir = copyExample('python-runserver');
    const file = path.join(dir, 'Dockerfile');
    const before = fs.readFileSync(file);
    const mtime = fs.statSync(file).mtimeMs;
    const r = run(['--write', dir]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('declined');
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.statSync(file).mtimeMs).toBe(mtime);
  });

  it('--backup keeps the original next to the new file', () => {
    const dir = copyExample('go-basic');
    const before = fs.readFileSync(path.join(dir, 'Dockerfile'));
    expect(run(['--write', '--backup', dir]).code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'Dockerfile.orig'))).toEqual(before);
  });
});

describe('--check, --stdout, --json', () => {
  it('--check exits 1 and lists the files that would change', () => {
    const dir = copyExample('go-basic');
    const r = run(['--check', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout.trim()).toBe(path.join(dir, 'Dockerfile'));
  });

  it('--check exits 0 when nothing would change', () => {
    const dir = copyExample('go-multistage');
    expect(run(['--check', dir]).code).toBe(0);
  });

  it('--stdout prints the new Dockerfile', () => {
    const dir = copyExample('node-express');
    const r = run(['--stdout', path.join(dir, 'Dockerfile')]);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('FROM node:20 AS builder\n')).toBe(true);
    expect(r.stdout).toContain('FROM gcr.io/distroless/nodejs20-debian12');
  });

  it('--stdout prints the original when declined', () => {
    const dir = copyExample('node-dev-npm-env');
    const file = path.join(dir, 'Dockerfile');
    const r = run(['--stdout', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(fs.readFileSync(file, 'utf8'));
    expect(r.stderr).toContain('declined');
  });

  it('--json reports the stable fields', () => {
    const dir = copyExample('go-cgo');
    const r = run(['--json', dir]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { files: Record<string, unknown>[] };
    expect(report.files).toHaveLength(1);
    const f = report.files[0];
    expect(Object.keys(f)).toEqual(
      expect.arrayContaining(['path', 'status', 'language', 'reason', 'warnings', 'output']),
    );
    expect(f.status).toBe('converted');
    expect(f.language).toBe('go');
    expect(f.output).toContain('gcr.io/distroless/base-debian12');
  });

  it('--lang and --runtime are passed through', () => {
    const dir = copyExample('go-basic');
    const r = run(['--stdout', '--runtime', 'slim', path.join(dir, 'Dockerfile')]);
    expect(r.stdout).toContain('FROM debian:bookworm-slim');
    const forced = run(['--json', '--lang', 'node', dir]);
    expect((JSON.parse(forced.stdout) as { files: { language: string }[] }).files[0].language).toBe(
      'node',
    );
  });
});

describe('flags and exit code 2', () => {
  it.each([
    [['--write', '--stdout']],
    [['--write', '--check']],
    [['--stdout', '--json']],
    [['--check', '--stdout']],
    [['--write', '-']],
    [['--backup']],
    [['--lang', 'cobol']],
    [['--context', '/does/not/exist']],
    [['--no-such-flag']],
  ])('rejects %j before any work', (args) => {
    const dir = copyExample('go-basic');
    const file = path.join(dir, 'Dockerfile');
    const before = fs.readFileSync(file);
    const r = run([...args, file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^msconvert: /);
    expect(r.stdout).toBe('');
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('prints help with examples and the version', () => {
    const help = run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Examples:');
    expect(run(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('bad input: exit 2, one line naming the file, file untouched', () => {
  const cases: [string, Buffer | string][] = [
    ['binary', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01, 0x02])],
    ['empty', ''],
    ['only comments', '# nothing here\n'],
    ['invalid UTF-8', Buffer.from([0x46, 0x52, 0x4f, 0x4d, 0x20, 0xff, 0xfe, 0x0a])],
    ['UTF-16', Buffer.from('\ufeffFROM golang:1.19\n', 'utf16le')],
    ['malformed', 'FROM golang:1.19\nENV PATH\n'],
    ['unknown instruction', 'FROM golang:1.19\nRUNN go build\n'],
    ['huge', `FROM golang:1.19\n${'# padding padding padding padding\n'.repeat(400000)}`],
  ];
  it.each(cases)('%s', (_name, content) => {
    const dir = fs.mkdtempSync(path.join(tmp, 'bad-'));
    const file = path.join(dir, 'Dockerfile');
    fs.writeFileSync(file, content);
    const before = fs.readFileSync(file);
    for (const args of [[file], ['--write', file], ['--check', file]]) {
      const r = run(args);
      expect(r.code).toBe(2);
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(file);
      expect(lines[0]).toMatch(/\[MSC9\d\d\]$|\[MSC01[34]\]$/);
      expect(fs.readFileSync(file).equals(before)).toBe(true);
    }
    const json = JSON.parse(run(['--json', file]).stdout) as {
      files: { status: string; reason: string }[];
    };
    expect(json.files[0].status).toBe('error');
    expect(json.files[0].reason).toMatch(/\w/);
  });

  it('a missing file', () => {
    const r = run([path.join(tmp, 'nope', 'Dockerfile')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no such file');
  });

  it('an unreadable file (not as root)', () => {
    if (process.getuid?.() === 0) return; // root reads everything; covered by the EACCES mapping
    const dir = copyExample('go-basic');
    const file = path.join(dir, 'Dockerfile');
    fs.chmodSync(file, 0o000);
    const r = run([file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('permission denied');
  });

  it('an error in one file does not stop the others', () => {
    const good = copyExample('go-basic');
    const badDir = fs.mkdtempSync(path.join(tmp, 'bad-'));
    fs.writeFileSync(path.join(badDir, 'Dockerfile'), Buffer.from([0, 1, 2]));
    const r = run(['--write', badDir, good]);
    expect(r.code).toBe(2);
    expect(fs.readFileSync(path.join(good, 'Dockerfile'), 'utf8')).toContain('AS builder');
  });

  it('CRLF and BOM files convert and keep their style', () => {
    const dir = copyExample('go-basic');
    const file = path.join(dir, 'Dockerfile');
    const crlf = `\ufeff${fs.readFileSync(file, 'utf8').replace(/\n/g, '\r\n')}`;
    fs.writeFileSync(file, crlf);
    expect(run(['--write', dir]).code).toBe(0);
    const out = fs.readFileSync(file, 'utf8');
    expect(out.startsWith('\ufeffFROM golang:1.19 AS builder\r\n')).toBe(true);
    expect(out.replace(/\r\n/g, '')).not.toContain('\n');
  });
});
