// msconvert --verify from the command line, with a real Docker daemon: a verified
// conversion, one that does not verify (never written), and no daemon at all.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { availableSync } from '../src/docker';
import { CLI, EXAMPLES } from './helpers';

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
    const r = run(['--verify', '--write', '--json', dir]);
    expect(r.code).toBe(0);
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
    // An explicit runtime image is trusted as given: distroless has no shell for the shell-form CMD.
    const r = run(['--verify', '--write', '--runtime', 'gcr.io/distroless/static-debian12', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/verify: +(different|build-failed)/);
    expect(r.stderr).toContain('not written');
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    const left = spawnSync('/usr/bin/docker', ['ps', '-aq', '--filter', 'label=msconvert.verify'], {
      encoding: 'utf8',
    });
    expect(left.stdout.trim()).toBe('');
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

  it('probe flags need --verify', () => {
    const r = run(['--probe-path', '/health', path.join(EXAMPLES, 'go-basic')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--probe-path only makes sense with --verify');
  });
});
