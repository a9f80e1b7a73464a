// The .dockerignore proposal through the built CLI, on temporary polluted copies of the
// examples: the second diff, --write, opt-outs, several Dockerfiles sharing a context, JSON.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CLI, EXAMPLES, ROOT } from '../helpers';

function run(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let tmp: string;
beforeAll(() => {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'cli', 'index.js')))
    throw new Error('dist/ is missing: run npm run build (npm test does it)');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'msconvert-dockerignore-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A copy of an example with a .git folder, a host node_modules, a .env and a key. */
function polluted(name: string): string {
  const dir = fs.mkdtempSync(path.join(tmp, `${name}-`));
  fs.cpSync(path.join(EXAMPLES, name), dir, { recursive: true });
  // A .git folder cannot be committed inside the repository: made here.
  fs.mkdirSync(path.join(dir, '.git', 'objects'), { recursive: true });
  fs.writeFileSync(path.join(dir, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  fs.writeFileSync(path.join(dir, '.git', 'objects', 'pack'), Buffer.alloc(200000, 1));
  fs.mkdirSync(path.join(dir, 'node_modules', 'left-pad'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'node_modules', 'left-pad', 'index.js'), 'x'.repeat(150000));
  fs.writeFileSync(path.join(dir, '.env'), 'API_KEY=sk-live-1\n');
  fs.writeFileSync(path.join(dir, '.env.example'), 'API_KEY=\n');
  fs.writeFileSync(path.join(dir, 'id_rsa'), '-----BEGIN OPENSSH PRIVATE KEY-----\n');
  return dir;
}

describe('the second diff', () => {
  it('appends to an existing .dockerignore, git-style, and says what it keeps out', () => {
    const dir = polluted('node-express');
    const before = fs.readFileSync(path.join(dir, '.dockerignore'), 'utf8');
    const r = run([], dir);
    expect(r.code).toBe(0);
    const second = r.stdout.slice(r.stdout.indexOf('--- a/.dockerignore'));
    expect(second).toMatch(/^--- a\/\.dockerignore\n\+\+\+ b\/\.dockerignore\n@@/);
    expect(second).toContain('+.git\n+**/.env\n+**/id_rsa\n');
    expect(second).not.toContain('+node_modules'); // the file has it already
    expect(r.stderr).toContain('warning MSC140');
    expect(r.stderr).toMatch(/keeps out: 0\.2 MB of the 0\.\d MB the context sent \(\.git 0\.2 MB/);
    expect(r.stderr).toContain('secrets:   out of the image now: .env, id_rsa');
    expect(fs.readFileSync(path.join(dir, '.dockerignore'), 'utf8')).toBe(before);
  });

  it('a new file diffs from /dev/null, and git apply takes both diffs', () => {
    const dir = polluted('python-user');
    const r = run([], dir);
    expect(r.stdout).toContain('--- /dev/null\n+++ b/.dockerignore\n');
    fs.writeFileSync(path.join(tmp, 'patch.diff'), r.stdout);
    const apply = spawnSync('git', ['apply', path.join(tmp, 'patch.diff')], { cwd: dir });
    expect(apply.status).toBe(0);
    const written = fs.readFileSync(path.join(dir, '.dockerignore'), 'utf8');
    expect(written).toContain('\n.git\n');
    expect(written).toContain('**/.env\n');
    expect(run([], dir).stderr).toContain('unchanged');
  });

  it('--write writes it atomically, once, and a second run changes nothing', () => {
    const dir = polluted('node-npm-start');
    const r = run(['--write', dir]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('.dockerignore: written');
    const text = fs.readFileSync(path.join(dir, '.dockerignore'), 'utf8');
    expect(text.startsWith('node_modules\n')).toBe(true);
    expect(text).toContain('# Kept out of the build context by msconvert (MSC140)\n.git\n');
    expect(fs.readdirSync(dir).filter((n) => n.includes('.tmp'))).toEqual([]);
    const mtime = fs.statSync(path.join(dir, '.dockerignore')).mtimeMs;
    const again = run(['--write', dir]);
    expect(again.stderr).not.toContain('.dockerignore');
    expect(fs.statSync(path.join(dir, '.dockerignore')).mtimeMs).toBe(mtime);
  });

  it('--check lists it with the Dockerfile', () => {
    const dir = polluted('node-express');
    const r = run(['--check', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout.trim().split('\n')).toEqual([
      path.join(dir, 'Dockerfile'),
      path.join(dir, '.dockerignore'),
    ]);
  });
});

describe('what the build reads stays', () => {
  it('a .env the app loads (dotenv) stays, with MSC141 saying why', () => {
    const dir = polluted('node-express');
    const pkg = path.join(dir, 'package.json');
    const json = JSON.parse(fs.readFileSync(pkg, 'utf8')) as {
      dependencies: Record<string, string>;
    };
    json.dependencies.dotenv = '^16.4.5';
    fs.writeFileSync(pkg, JSON.stringify(json, null, 2));
    const r = run([dir]);
    expect(r.stdout).toContain('+.git\n');
    expect(r.stdout).not.toContain('+**/.env');
    expect(r.stderr).toContain(
      'warning MSC141: .env looks like a secret but stays in the build context: the app loads .env files (package.json)',
    );
    expect(r.stderr).toContain('left out:  **/.env, because .env: the app loads .env files');
  });
});

describe('opting out', () => {
  it.each([
    [['--no-dockerignore'], null],
    [['--ignore', 'MSC140'], null],
    [[], '{"dockerignore": false}'],
    [[], '{"ignore": ["MSC140"]}'],
  ])('%j with settings %s: no proposal, the Dockerfile diff as before', (flags, rc) => {
    const dir = polluted('node-express');
    if (rc) fs.writeFileSync(path.join(dir, '.msconvertrc.json'), rc);
    const r = run([...(flags as string[]), dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('.dockerignore');
    expect(r.stdout).toContain('+FROM gcr.io/distroless/nodejs20-debian12');
    expect(r.stderr).not.toContain('MSC140');
  });

  it('an inline ignore in the Dockerfile turns it off for that file', () => {
    const dir = polluted('node-express');
    const file = path.join(dir, 'Dockerfile');
    fs.writeFileSync(file, `# msconvert ignore=MSC140\n${fs.readFileSync(file, 'utf8')}`);
    expect(run([dir]).stdout).not.toContain('.dockerignore');
  });
});

describe('many files at once', () => {
  it('Dockerfiles sharing a context get one merged proposal, written once', () => {
    const dir = polluted('node-express');
    fs.copyFileSync(path.join(dir, 'Dockerfile'), path.join(dir, 'Dockerfile.prod'));
    const r = run(['--json', dir]);
    const report = JSON.parse(r.stdout) as {
      files: { path: string; warnings: { code: string }[] }[];
      dockerignore: {
        path: string;
        dockerfiles: string[];
        added: { line: string }[];
        keptOutBytes: number;
        secrets: { path: string; inImage: boolean }[];
        output: string;
      }[];
    };
    expect(report.files).toHaveLength(2);
    for (const f of report.files) expect(f.warnings.map((w) => w.code)).toContain('MSC140');
    expect(report.dockerignore).toHaveLength(1);
    const d = report.dockerignore[0];
    expect(d.dockerfiles.map((p) => path.basename(p))).toEqual(['Dockerfile', 'Dockerfile.prod']);
    expect(d.added.map((a) => a.line)).toEqual(['.git', '**/.env', '**/id_rsa']);
    expect(d.keptOutBytes).toBeGreaterThan(200000);
    expect(d.secrets).toEqual([
      { path: '.env', inImage: true },
      { path: 'id_rsa', inImage: true },
    ]);
  });

  it('a Dockerfile that uses the context differently keeps what it needs', () => {
    const dir = polluted('node-express');
    // Installs nothing and runs from the host's node_modules: that folder must stay.
    fs.writeFileSync(
      path.join(dir, 'Dockerfile.dev'),
      'FROM node:20\nWORKDIR /app\nCOPY . .\nCMD ["node", "server.js"]\n',
    );
    fs.writeFileSync(path.join(dir, '.dockerignore'), '');
    const r = run(['--json', path.join(dir, 'Dockerfile')]);
    const d = (JSON.parse(r.stdout) as { dockerignore: { added: { line: string }[] }[] })
      .dockerignore[0];
    expect(d.added.map((a) => a.line)).not.toContain('node_modules');
  });

  it('a Dockerfile with its own <name>.dockerignore gets the proposal there', () => {
    const dir = polluted('node-express');
    fs.renameSync(path.join(dir, 'Dockerfile'), path.join(dir, 'api.Dockerfile'));
    fs.writeFileSync(path.join(dir, 'api.Dockerfile.dockerignore'), 'node_modules\n');
    const r = run(['--write', path.join(dir, 'api.Dockerfile')]);
    expect(r.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'api.Dockerfile.dockerignore'), 'utf8')).toContain(
      '\n.git\n',
    );
    expect(fs.readFileSync(path.join(dir, '.dockerignore'), 'utf8')).toBe(
      'node_modules\nnpm-debug.log\n',
    );
  });
});
