// msconvert --verify from the command line, with a real Docker daemon: a verified
// conversion, one that does not verify (never written), and no daemon at all.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { availableSync } from '../../src/docker';
import { CLI, EXAMPLES } from '../helpers';

const docker = availableSync();
const describeDocker = docker.ok ? describe : describe.skip;
if (!docker.ok) {
  if (process.env.CI)
    throw new Error(`CI needs a Docker daemon for --verify tests: ${docker.reason}`);
  console.log(`--verify CLI tests skipped: no Docker daemon (${docker.reason})`);
}

function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'msconvert-verify-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function copy(name: string): string {
  const dir = fs.mkdtempSync(path.join(tmp, `${name}-`));
  fs.cpSync(path.join(EXAMPLES, name), dir, { recursive: true });
  return dir;
}

describeDocker('--verify', () => {
  it('verifies a conversion, reports sizes, and --write writes it', () => {
    const dir = copy('go-basic');
    const r = runLogged(['--verify', '--write', '--json', dir]);
    expect(r.code).toBe(0);
    // The original and the converted image were started, detached, and are gone.
    expect(r.names.filter((n) => n.detached).length).toBeGreaterThanOrEqual(2);
    expectGone(r.names);
    const file = (
      JSON.parse(r.stdout) as {
        files: {
          verify: { verdict: string; sizeBefore: number; sizeAfter: number };
          written: boolean;
        }[];
      }
    ).files[0];
    expect(file.verify.verdict).toBe('verified');
    expect(file.verify.sizeAfter).toBeLessThan(file.verify.sizeBefore);
    expect(file.written).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toContain('AS builder');
  }, 600000);

  it('a conversion that does not behave the same is reported, exits 1 and is not written', () => {
    const dir = copy('go-shell-cmd');
    const file = path.join(dir, 'Dockerfile');
    const before = fs.readFileSync(file);
    // An explicit runtime image is trusted as given: distroless has no shell for the shell-form
    // CMD (nor apt for the certificates, so the converted build fails).
    const r = runLogged([
      '--verify',
      '--write',
      '--runtime',
      'gcr.io/distroless/static-debian12',
      dir,
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/verify: +(different|build-failed)/);
    expect(r.stderr).toContain('not written');
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expectGone(r.names);
  }, 600000);
});

/**
 * run() through a docker CLI that logs what msconvert asks of it. Other e2e suites run --verify
 * at the same time, so the msconvert.verify label alone cannot say whose containers are left:
 * the names in the log can.
 */
function runLogged(args: string[]) {
  const { bin, log } = loggingDocker();
  const r = run(args, { MSCONVERT_DOCKER: bin });
  return { ...r, names: containerNames(fs.readFileSync(log, 'utf8')) };
}

function expectGone(names: { name: string }[]): void {
  const all = spawnSync(realDocker(), ['ps', '-a', '--format', '{{.Names}}'], {
    encoding: 'utf8',
  });
  expect(all.status).toBe(0);
  const left = new Set(all.stdout.split('\n'));
  expect(names.map((n) => n.name).filter((n) => left.has(n))).toEqual([]);
}

function realDocker(): string {
  return docker.ok ? docker.backend.bin : '/usr/bin/docker';
}

/** A docker CLI that logs each call's arguments, one per line, before running the real one. */
function loggingDocker(): { bin: string; log: string } {
  const dir = fs.mkdtempSync(path.join(tmp, 'docker-'));
  const log = path.join(dir, 'calls.log');
  const bin = path.join(dir, 'docker');
  fs.writeFileSync(
    bin,
    `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexec '${realDocker()}' "$@"\n`,
    { mode: 0o755 },
  );
  return { bin, log };
}

/** The containers named by `docker run|create --name X` in a logged session. */
function containerNames(log: string): { name: string; detached: boolean }[] {
  const names: { name: string; detached: boolean }[] = [];
  for (const line of log.split('\n')) {
    const m = /^(?:container )?(run|create)\b(.*?)--name (\S+)/.exec(line);
    if (m) names.push({ name: m[3], detached: m[1] === 'run' && /(^| )-d( |$)/.test(m[2]) });
  }
  return names;
}

function write(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(tmp, 'case-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

function json(stdout: string) {
  return (
    JSON.parse(stdout) as {
      files: {
        status: string;
        code: string | null;
        output: string;
        written?: boolean;
        explanation: { facts?: { used: string[]; changed: string[] } } | null;
        facts?: { differences: string[]; image?: { runtimes: Record<string, string> } };
        verify?: {
          verdict: string;
          message: string;
          hint?: string;
          original: { lastLog?: string };
          files?: { checked: number; missing: string[] };
        };
      }[];
    }
  ).files[0];
}

// A Node server whose original dies at start: the module it requires was never installed.
const CRASHING = {
  Dockerfile: [
    'FROM node:20',
    'WORKDIR /app',
    'COPY package.json ./',
    'RUN npm install --omit=dev',
    'COPY server.js ./',
    'EXPOSE 3000',
    'CMD ["node", "server.js"]',
    '',
  ].join('\n'),
  'package.json': '{"name":"crash","version":"1.0.0","main":"server.js"}\n',
  'server.js':
    'require("not-installed");\nrequire("http").createServer((q, s) => s.end("x")).listen(3000);\n',
};

describeDocker('--verify: honest verdicts', () => {
  it('an original that crashes at start is inconclusive (exit 2), never verified, never written', () => {
    const dir = write(CRASHING);
    const before = fs.readFileSync(path.join(dir, 'Dockerfile'));
    const r = run(['--verify', '--write', '--json', '--run-timeout', '30', dir]);
    expect(r.code).toBe(2);
    const file = json(r.stdout);
    expect(file.verify?.verdict).toBe('inconclusive');
    expect(file.verify?.message).toContain("Cannot find module 'not-installed'");
    expect(file.verify?.hint).toMatch(/--env-file/);
    expect(file.written).toBeUndefined();
    expect(fs.readFileSync(path.join(dir, 'Dockerfile')).equals(before)).toBe(true);
  }, 600000);

  // The converted Dockerfiles below are written by hand, each leaving out one thing the
  // original's process loaded: the verdict must name it.
  it('a converted image that lacks a library the original mapped is different, naming it', async () => {
    const { verify } = await import('../../src/verify');
    const dir = write({
      'app.py': [
        'import ctypes, http.server',
        'ctypes.CDLL("libpq.so.5")',
        'class H(http.server.BaseHTTPRequestHandler):',
        '    def do_GET(self):',
        '        self.send_response(200); self.end_headers(); self.wfile.write(b"ok")',
        'http.server.HTTPServer(("", 8000), H).serve_forever()',
        '',
      ].join('\n'),
    });
    const original =
      'FROM python:3.11\nWORKDIR /app\nCOPY app.py .\nEXPOSE 8000\nCMD ["python3", "app.py"]\n';
    const converted =
      'FROM python:3.11 AS builder\nWORKDIR /app\nCOPY app.py .\n\nFROM python:3.11-slim\nWORKDIR /app\nCOPY --from=builder /app /app\nEXPOSE 8000\nCMD ["python3", "app.py"]\n';
    const v = await verify(original, converted, dir, { runTimeoutMs: 30000 });
    expect(v.verdict).toBe('different');
    expect(v.files?.missing.some((p) => /\/libpq\.so\.5/.test(p))).toBe(true);
    expect(v.message).toMatch(/^the converted image lacks \/usr\/lib\/\S+\.so/);
  }, 600000);

  it('a converted image that lacks the module folder the original loaded is different, naming it', async () => {
    const { verify } = await import('../../src/verify');
    const dir = write({
      'vendor/greet/index.js': 'module.exports = () => "hello";\n',
      'vendor/greet/package.json': '{"name":"greet","version":"1.0.0"}\n',
      'server.js':
        'const g = require("greet");\nrequire("http").createServer((q, s) => s.end(g())).listen(3000);\n',
    });
    const original = [
      'FROM node:20',
      'WORKDIR /srv/app',
      'COPY vendor/greet /srv/node_modules/greet',
      'COPY server.js .',
      'EXPOSE 3000',
      'CMD ["node", "server.js"]',
      '',
    ].join('\n');
    const converted = [
      'FROM node:20 AS builder',
      'WORKDIR /srv/app',
      'COPY vendor/greet /srv/node_modules/greet',
      'COPY server.js .',
      '',
      'FROM node:20-slim',
      'COPY --from=builder /srv/app /srv/app',
      'WORKDIR /srv/app',
      'EXPOSE 3000',
      'CMD ["node", "server.js"]',
      '',
    ].join('\n');
    const v = await verify(original, converted, dir, { runTimeoutMs: 30000 });
    expect(v.verdict).toBe('different');
    expect(v.files?.missing).toContain('/srv/node_modules');
    expect(v.message).toContain('/srv/node_modules');
  }, 600000);
});

describeDocker('an image under a name msconvert does not know', () => {
  // A private base image, as a user's registry would have it: the lab's node:20 under a new name.
  const privateImage = `msconvert-test-private-${process.pid}/node-base:3`;
  beforeAll(() => {
    const t = spawnSync('/usr/bin/docker', ['tag', 'node:20', privateImage], { encoding: 'utf8' });
    if (t.status !== 0) throw new Error(`docker tag failed: ${t.stderr}`);
  });
  afterAll(() => {
    spawnSync('/usr/bin/docker', ['rmi', privateImage], { encoding: 'utf8' });
  });

  function privateApp(): string {
    const dir = copy('node-express');
    const file = path.join(dir, 'Dockerfile');
    fs.writeFileSync(
      file,
      fs.readFileSync(file, 'utf8').replace(/^FROM .*$/m, `FROM ${privateImage}`),
    );
    return dir;
  }

  it('declines without Docker, as from the text alone', () => {
    const r = run(['--json', privateApp()]);
    expect(r.code).toBe(0);
    expect(json(r.stdout)).toMatchObject({ status: 'declined', code: 'MSC008' });
  });

  it('converts with --verify from its facts, and verifies', () => {
    const r = run(['--verify', '--json', privateApp()]);
    const file = json(r.stdout);
    expect(file.status).toBe('converted');
    expect(file.output).toContain(`FROM ${privateImage} AS builder`);
    expect(file.explanation?.facts?.changed[0]).toMatch(/^planned as node:20-bookworm/);
    expect(file.facts?.differences[0]).toMatch(/^status declined \[MSC008\] -> converted/);
    expect(file.facts?.image?.runtimes.node).toMatch(/^20\./);
    expect(file.verify?.verdict).toBe('verified');
    expect(file.verify?.files?.missing).toEqual([]);
    expect(r.code).toBe(0);
  }, 600000);

  it('--inspect converts from the facts without running anything', () => {
    const r = run(['--inspect', '--stdout', privateApp()]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`FROM ${privateImage} AS builder`);
    expect(r.stderr).toContain('fact:     node version 20.');
    expect(r.stderr).not.toContain('verify:');
  }, 600000);
});

describe('--verify without a daemon', () => {
  it('exits 2 with a clear message and touches nothing', () => {
    const dir = copy('go-basic');
    const file = path.join(dir, 'Dockerfile');
    const before = fs.readFileSync(file);
    const r = run(['--verify', '--write', dir], {
      DOCKER_HOST: 'unix:///nonexistent/docker.sock',
      MSCONVERT_DOCKER: '/usr/bin/docker',
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^msconvert: --verify needs a Docker daemon: /);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  }, 60000);

  it('--inspect needs a daemon too, and says so', () => {
    const r = run(['--inspect', path.join(EXAMPLES, 'go-basic')], {
      DOCKER_HOST: 'unix:///nonexistent/docker.sock',
      MSCONVERT_DOCKER: '/usr/bin/docker',
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^msconvert: --inspect needs a Docker daemon: /);
  }, 60000);

  it('probe flags need --verify', () => {
    const r = run(['--probe-path', '/health', path.join(EXAMPLES, 'go-basic')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--probe-path only makes sense with --verify');
  });
});
