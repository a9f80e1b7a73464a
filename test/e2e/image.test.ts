// The root Dockerfile packages msconvert itself. This suite builds it with a real Docker daemon
// and runs the image on a mounted copy of examples/go-basic. Without Docker it says so and
// skips itself; under CI (CI set) it fails instead, as the end-to-end suite does.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { availableSync, type Backend } from '../../src/docker';
import { EXAMPLES, ROOT } from '../helpers';

const TIMEOUT = 15 * 60 * 1000;
const docker = availableSync();
const TAG = `msconvert-image-test:${process.pid}-${Date.now().toString(36)}`;
const VERSION = (
  JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }
).version;

function exec(
  backend: Backend,
  args: string[],
  env: Record<string, string> = {},
  timeout = TIMEOUT,
) {
  const r = spawnSync(backend.bin, args, {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

if (!docker.ok) {
  if (process.env.CI) {
    it('needs Docker under CI', () => {
      throw new Error(
        `the msconvert image cannot be built: ${docker.reason}. CI must start the Docker lab (../shared/dockerlab/setup.sh).`,
      );
    });
  } else {
    console.log(`test/e2e/image.test.ts skipped: no Docker (${docker.reason})`);
    it.skip('builds and runs the msconvert image (needs Docker)', () => undefined);
  }
} else {
  const backend = docker.backend;
  let tmp: string;
  let built = false;

  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'msconvert-image-'));
    const r = exec(backend, [...backend.buildArgs, '-t', TAG, ROOT], backend.buildEnv);
    if (r.code !== 0) {
      throw new Error(
        `${backend.describe} -t ${TAG} . failed (exit ${r.code}):\n${(r.stderr || r.stdout).slice(-4000)}`,
      );
    }
    built = true;
  }, TIMEOUT);

  afterAll(() => {
    if (built) exec(backend, ['rmi', '-f', TAG], {}, 60000);
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  const runImage = (args: string[], mount?: string) =>
    exec(
      backend,
      ['run', '--rm', ...(mount ? ['-v', `${mount}:/work`] : []), TAG, ...args],
      {},
      120000,
    );

  it('runs on a mounted folder and prints the diff', () => {
    const work = path.join(tmp, 'go-basic');
    fs.cpSync(path.join(EXAMPLES, 'go-basic'), work, { recursive: true });
    const before = fs.readFileSync(path.join(work, 'Dockerfile'));
    const r = runImage([], work);
    expect(r.stderr).toContain('Dockerfile: converted (go)');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^--- a\/Dockerfile\n\+\+\+ b\/Dockerfile\n@@/);
    expect(r.stdout).toContain('+FROM gcr.io/distroless/static-debian12');
    expect(fs.readFileSync(path.join(work, 'Dockerfile'))).toEqual(before);
  });

  it('answers --version, and --check --format sarif with exit code 1', () => {
    expect(runImage(['--version']).stdout.trim()).toBe(VERSION);
    const work = path.join(tmp, 'check');
    fs.cpSync(path.join(EXAMPLES, 'go-basic'), work, { recursive: true });
    const r = runImage(['--check', '--format', 'sarif', '.'], work);
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout) as { runs: { results: { ruleId: string }[] }[] };
    expect(log.runs[0].results.map((x) => x.ruleId)).toEqual(['MSC000']);
  });

  it('is small: node:20-slim plus a few MB, without compilers or dev dependencies', () => {
    const size = (image: string) =>
      Number(exec(backend, ['image', 'inspect', '-f', '{{.Size}}', image], {}, 60000).stdout);
    const base = size('node:20-slim');
    const mine = size(TAG);
    expect(base).toBeGreaterThan(0);
    expect(mine - base).toBeLessThan(20e6);
    const probe = exec(
      backend,
      [
        'run',
        '--rm',
        '--entrypoint',
        'sh',
        TAG,
        '-c',
        'ls /opt/msconvert/node_modules; command -v gcc || true; ls /opt/msconvert',
      ],
      {},
      60000,
    );
    expect(probe.stdout).toContain('yargs');
    expect(probe.stdout).not.toMatch(/^(typescript|jest|ts-jest|prettier)$/m);
    expect(probe.stdout).not.toContain('/gcc');
    expect(probe.stdout).not.toMatch(/^(src|test|examples)$/m);
  });
}
