// End to end: examples copied into a temporary folder and polluted the way real checkouts
// are (a .git with history, a host node_modules or virtual environment, a .env with a secret,
// a private key) get a .dockerignore proposal from the CLI. Applied, the converted image still
// builds and verifies like the original, the context sent to the builder and the image are
// smaller, and the secrets are no longer in the image.
//
// Without Docker the suite is skipped, except under CI, where it fails (as test/e2e/examples.test.ts).
// The lab daemon is shared: every image and container carries a unique name and the
// msconvert.verify label, and only those are removed.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { availableSync, DockerSession, exec } from '../../src/docker';
import { verify } from '../../src/verify';
import { CLI, EXAMPLES, examples } from '../helpers';

const TIMEOUT = 15 * 60 * 1000;
const docker = availableSync();

interface Case {
  name: string;
  /** Host dependency folder to fake: node_modules or a virtual environment. */
  hostDeps: 'node_modules' | '.venv';
  /** Where the app lives in the image, to look for the secrets. */
  appDir: string;
  /** Start without the example's own .dockerignore (a project that has none). */
  noIgnoreFile?: boolean;
  /** Lines the proposal must add. */
  lines: string[];
}

const CASES: Case[] = [
  {
    name: 'node-express',
    hostDeps: 'node_modules',
    appDir: '/usr/src/app',
    noIgnoreFile: true,
    lines: ['.git', 'node_modules', '**/.env', '**/*.key'],
  },
  // Its .dockerignore has node_modules already: lines are appended after it.
  {
    name: 'node-user',
    hostDeps: 'node_modules',
    appDir: '/home/node/app',
    lines: ['.git', '**/.env', '**/*.key'],
  },
  {
    name: 'python-user',
    hostDeps: '.venv',
    appDir: '/home/app/service',
    lines: ['.git', '.venv', '**/__pycache__', '**/.env', '**/*.key'],
  },
];

function git(dir: string, ...args: string[]): void {
  const r = spawnSync(
    'git',
    [
      '-c',
      'user.email=e2e@msconvert',
      '-c',
      'user.name=e2e',
      '-c',
      'commit.gpgsign=false',
      ...args,
    ],
    { cwd: dir, encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
}

/** Incompressible bytes, so that neither git nor the image layers shrink them. */
function junk(file: string, bytes: number): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const buf = Buffer.alloc(bytes);
  let x = 2463534242;
  for (let i = 0; i < bytes; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    buf[i] = x & 0xff;
  }
  fs.writeFileSync(file, buf);
}

/** A real repository whose history holds a large file the working tree no longer has. */
function gitHistory(dir: string): void {
  git(dir, 'init', '-q');
  junk(path.join(dir, 'assets.bin'), 3_000_000);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'with assets');
  fs.rmSync(path.join(dir, 'assets.bin'));
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'without assets');
}

function pollute(dir: string, c: Case): void {
  gitHistory(dir);
  if (c.hostDeps === 'node_modules') {
    junk(path.join(dir, 'node_modules', 'host-only', 'binding.node'), 2_000_000);
    fs.writeFileSync(path.join(dir, 'node_modules', 'host-only', 'package.json'), '{}');
  } else {
    fs.mkdirSync(path.join(dir, '.venv', 'lib'), { recursive: true });
    fs.writeFileSync(path.join(dir, '.venv', 'pyvenv.cfg'), 'home = /usr/bin\n');
    junk(path.join(dir, '.venv', 'lib', 'wheel-cache.bin'), 2_000_000);
  }
  fs.writeFileSync(path.join(dir, '.env'), 'API_KEY=sk-live-e2e\n');
  fs.writeFileSync(path.join(dir, '.env.example'), 'API_KEY=\n');
  fs.writeFileSync(path.join(dir, 'deploy.key'), '-----BEGIN PRIVATE KEY-----\nMIIE\n');
}

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** BuildKit's "transferring context: 3.21MB" in the plain progress output, in bytes. */
function contextBytes(lines: string[]): number | undefined {
  let last: number | undefined;
  for (const l of lines) {
    const m = /transferring context: ([\d.]+)([kMG]?B)/.exec(l);
    if (m) last = Number(m[1]) * ({ B: 1, kB: 1e3, MB: 1e6, GB: 1e9 } as const)[m[2] as 'B'];
  }
  return last;
}

async function hasFile(session: DockerSession, tag: string, file: string): Promise<boolean> {
  const name = `msconvert-e2e-ignore-${session.runId}-${Math.random().toString(36).slice(2, 8)}`;
  const bin = session.backend.bin;
  const created = await exec(bin, [
    'create',
    '--name',
    name,
    '--label',
    `msconvert.verify=${session.runId}`,
    tag,
  ]);
  if (created.code !== 0) throw new Error(`docker create: ${created.stderr}`);
  try {
    const cp = await exec(bin, ['cp', `${name}:${file}`, '-'], { timeoutMs: 60000 });
    return cp.code === 0;
  } finally {
    await exec(bin, ['rm', '-f', name]);
  }
}

if (!docker.ok && process.env.CI) {
  describe('.dockerignore end to end', () => {
    it('needs a Docker daemon under CI', () => {
      throw new Error(
        `CI is set but Docker is not usable (${docker.reason}). CI must start the lab first: ` +
          'run ../shared/dockerlab/setup.sh (as root) before the tests.',
      );
    });
  });
} else if (!docker.ok) {
  console.log(
    `dockerignore e2e: skipped, Docker is not usable here (${docker.reason}). Start the lab ` +
      'with ../shared/dockerlab/setup.sh to run it.',
  );
  describe.skip('.dockerignore end to end (no Docker)', () => {
    it.each(CASES.map((c) => c.name))('%s', () => undefined);
  });
} else {
  const backend = docker.backend;
  const metas = new Map(examples().map((e) => [e.name, e.meta]));
  let tmp: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'msconvert-ignore-e2e-'));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  describe('.dockerignore end to end', () => {
    it.each(CASES)(
      '$name: a polluted context gets a proposal that keeps the build working and the image smaller',
      async (c) => {
        const meta = metas.get(c.name);
        if (!meta?.buildable) throw new Error(`${c.name} is not a buildable example`);
        const dir = path.join(tmp, c.name);
        fs.cpSync(path.join(EXAMPLES, c.name), dir, { recursive: true });
        if (c.noIgnoreFile) fs.rmSync(path.join(dir, '.dockerignore'));
        pollute(dir, c);
        const original = fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8');

        const r = cli(['--json', dir]);
        expect(r.code).toBe(0);
        const report = JSON.parse(r.stdout) as {
          files: { status: string; output: string }[];
          dockerignore: { added: { line: string }[]; output: string; keptOutBytes: number }[];
        };
        expect(report.files[0].status).toBe('converted');
        const converted = report.files[0].output;
        expect(report.dockerignore).toHaveLength(1);
        const proposal = report.dockerignore[0];
        const lines = proposal.added.map((a) => a.line);
        expect(lines).toEqual(c.lines);
        expect(proposal.keptOutBytes).toBeGreaterThan(3_000_000);

        const session = new DockerSession(backend);
        try {
          // The converted Dockerfile without, then with the proposal.
          const withoutLog: string[] = [];
          const tagWithout = session.newTag(`ignore-e2e-${c.name}-without`);
          const without = await session.build(converted, dir, tagWithout, TIMEOUT, (l) =>
            withoutLog.push(l),
          );
          expect(without).toEqual(expect.objectContaining({ ok: true }));
          expect(await hasFile(session, tagWithout, `${c.appDir}/.env`)).toBe(true);

          // A second folder: BuildKit sends a context it has seen before incrementally, which
          // would make any second build look smaller.
          const applied = path.join(tmp, `${c.name}-applied`);
          fs.cpSync(dir, applied, { recursive: true });
          fs.writeFileSync(path.join(applied, '.dockerignore'), proposal.output);
          const withLog: string[] = [];
          const tagWith = session.newTag(`ignore-e2e-${c.name}-with`);
          const withIgnore = await session.build(converted, applied, tagWith, TIMEOUT, (l) =>
            withLog.push(l),
          );
          expect(withIgnore).toEqual(expect.objectContaining({ ok: true }));
          expect(await hasFile(session, tagWith, `${c.appDir}/.env`)).toBe(false);
          expect(await hasFile(session, tagWith, `${c.appDir}/deploy.key`)).toBe(false);
          expect(await hasFile(session, tagWith, `${c.appDir}/.env.example`)).toBe(true);

          const sizeWithout = (await session.imageSize(tagWithout)) as number;
          const sizeWith = (await session.imageSize(tagWith)) as number;
          const sentWithout = contextBytes(withoutLog);
          const sentWith = contextBytes(withLog);
          console.log(
            `${c.name}: context sent ${sentWithout} -> ${sentWith} bytes; image ${sizeWithout} -> ${sizeWith} bytes; the proposal keeps out ${proposal.keptOutBytes} bytes`,
          );
          expect(sizeWith).toBeLessThan(sizeWithout);
          expect(sentWith).toBeDefined();
          expect(sentWithout).toBeDefined();
          expect(sentWith as number).toBeLessThan(sentWithout as number);

          // And the whole conversion still verifies with the proposal in place.
          const v = await verify(original, converted, applied, {
            ...(meta.probe.http
              ? { probePort: meta.probe.http.port, probePath: meta.probe.http.path }
              : { probeCmd: meta.probe.cmd ?? [] }),
          });
          expect({ verdict: v.verdict, message: v.message }).toEqual({
            verdict: 'verified',
            message: expect.any(String),
          });
        } finally {
          await session.cleanup();
        }
      },
      TIMEOUT,
    );

    it(
      'go-basic: a .env the program reads stays (the runtime stage copies it), and the build with the proposal still verifies',
      async () => {
        const meta = metas.get('go-basic');
        if (!meta?.probe.http) throw new Error('go-basic has no HTTP probe');
        const dir = path.join(tmp, 'go-basic');
        fs.cpSync(path.join(EXAMPLES, 'go-basic'), dir, { recursive: true });
        gitHistory(dir);
        fs.writeFileSync(path.join(dir, '.env'), 'GREETING=hello\n');
        // The program reads .env by its path, so the runtime stage must copy it.
        fs.writeFileSync(
          path.join(dir, 'env.go'),
          'package main\n\nimport "os"\n\nvar _, _ = os.ReadFile(".env")\n',
        );
        const original = fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
        const r = cli(['--json', dir]);
        const report = JSON.parse(r.stdout) as {
          files: { output: string; warnings: { code: string; message: string }[] }[];
          dockerignore: { added: { line: string }[]; output: string }[];
        };
        const converted = report.files[0].output;
        expect(converted).toContain('COPY --from=builder /src/.env /src/.env');
        expect(report.dockerignore[0].added.map((a) => a.line)).toEqual(['.git']);
        expect(report.files[0].warnings).toContainEqual({
          code: 'MSC141',
          message: expect.stringContaining('.env looks like a secret but stays'),
        });
        fs.writeFileSync(path.join(dir, '.dockerignore'), report.dockerignore[0].output);
        const session = new DockerSession(backend);
        try {
          const tag = session.newTag('ignore-e2e-go-basic');
          const built = await session.build(converted, dir, tag, TIMEOUT);
          expect(built).toEqual(expect.objectContaining({ ok: true }));
          expect(await hasFile(session, tag, '/src/.env')).toBe(true);
          const v = await verify(original, converted, dir, {
            probePort: meta.probe.http.port,
            probePath: meta.probe.http.path,
          });
          expect({ verdict: v.verdict, message: v.message }).toEqual({
            verdict: 'verified',
            message: expect.any(String),
          });
        } finally {
          await session.cleanup();
        }
      },
      TIMEOUT,
    );
  });
}
