// Which docker CLI and build command work here (see index.ts), found once per process and
// proven by a probe build of a one-line `FROM scratch` image.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { exec, firstLine, LABEL, newId, type ExecResult } from './exec';

/** A docker CLI and the way it builds images. */
export interface Backend {
  bin: string;
  /** Extra environment for builds (DOCKER_BUILDKIT=1). */
  buildEnv: Record<string, string>;
  /** Arguments that start a build: ['buildx', 'build', '--load'] or ['build']. */
  buildArgs: string[];
  /** The build command as a user would type it, for messages. */
  describe: string;
}

export type Availability =
  { ok: true; reason: string; backend: Backend } | { ok: false; reason: string };

function which(name: string): string | null {
  if (name.includes('/')) return fs.existsSync(name) ? name : null;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const p = path.join(dir, name);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return null;
}

export function realpath(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

/** The docker CLIs to try, in order, without duplicates. */
function clis(): string[] {
  const override = process.env.MSCONVERT_DOCKER;
  if (override) return [override];
  const seen = new Set<string>();
  const out: string[] = [];
  for (const name of ['docker', '/usr/bin/docker']) {
    const found = which(name);
    if (!found) continue;
    const real = realpath(found);
    if (seen.has(real)) continue;
    seen.add(real);
    out.push(found);
  }
  return out;
}

function candidates(bin: string): Backend[] {
  return [
    {
      bin,
      buildEnv: {},
      buildArgs: ['buildx', 'build', '--load'],
      describe: `${bin} buildx build --load`,
    },
    {
      bin,
      buildEnv: { DOCKER_BUILDKIT: '1' },
      buildArgs: ['build'],
      describe: `DOCKER_BUILDKIT=1 ${bin} build`,
    },
  ];
}

function where(): string {
  return process.env.DOCKER_HOST ? `DOCKER_HOST=${process.env.DOCKER_HOST}` : 'the default socket';
}

// The probe build: a FROM scratch image with our label and a unique tag, removed at once.
function probeFiles(): { dir: string; dockerfile: string; context: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msconvert-probe-'));
  const context = path.join(dir, 'context');
  fs.mkdirSync(context);
  const dockerfile = path.join(dir, 'Dockerfile');
  fs.writeFileSync(dockerfile, 'FROM scratch\n');
  return { dir, dockerfile, context };
}

function probeBuildArgs(b: Backend, tag: string, files: { dockerfile: string; context: string }) {
  return [
    ...b.buildArgs,
    '-q',
    '--label',
    `${LABEL}=probe`,
    '-t',
    tag,
    '-f',
    files.dockerfile,
    files.context,
  ];
}

let cached: Availability | undefined;

interface Step {
  bin: string;
  args: string[];
  env?: Record<string, string>;
  timeoutMs: number;
}

// The detection as a sequence of docker commands, so that available() and availableSync()
// run the same logic: each yield is one command, answered with its result.
function* detect(): Generator<Step, Availability, ExecResult> {
  const bins = clis();
  if (bins.length === 0) return { ok: false, reason: 'no docker CLI found in PATH' };
  const tried: string[] = [];
  let daemon = false;
  for (const bin of bins) {
    const info = yield {
      bin,
      args: ['version', '--format', '{{.Server.Version}}'],
      timeoutMs: 20000,
    };
    if (info.code !== 0) {
      tried.push(`${bin}: no daemon answers on ${where()} (${firstLine(info)})`);
      continue;
    }
    daemon = true;
    for (const b of candidates(bin)) {
      if (b.buildArgs[0] === 'buildx') {
        const v = yield { bin, args: ['buildx', 'version'], timeoutMs: 20000 };
        if (v.code !== 0) {
          tried.push(`${b.describe}: ${firstLine(v)}`);
          continue;
        }
      }
      const files = probeFiles();
      const tag = `msconvert-verify-probe:${newId()}`;
      try {
        const r = yield {
          bin,
          args: probeBuildArgs(b, tag, files),
          env: b.buildEnv,
          timeoutMs: 60000,
        };
        if (r.code === 0) {
          yield { bin, args: ['rmi', tag], timeoutMs: 30000 };
          return {
            ok: true,
            reason: `${b.describe} (daemon ${info.stdout.trim()} on ${where()})`,
            backend: b,
          };
        }
        tried.push(`${b.describe}: ${firstLine(r)}`);
      } finally {
        fs.rmSync(files.dir, { recursive: true, force: true });
      }
    }
  }
  return {
    ok: false,
    reason: daemon
      ? `no working BuildKit build command: ${tried.join('; ')}`
      : `no Docker daemon answers: ${tried.join('; ')}`,
  };
}

/**
 * Whether a Docker daemon answers and which build command works with it. The answer is
 * cached for the life of the process.
 */
export async function available(): Promise<Availability> {
  if (cached) return cached;
  const steps = detect();
  let next = steps.next();
  while (!next.done) {
    const s = next.value;
    next = steps.next(
      await exec(s.bin, s.args, { env: { ...process.env, ...s.env }, timeoutMs: s.timeoutMs }),
    );
  }
  cached = next.value;
  return cached;
}

/** available() for synchronous callers (a test file deciding which tests to define). */
export function availableSync(): Availability {
  if (cached) return cached;
  const steps = detect();
  let next = steps.next();
  while (!next.done) {
    const s = next.value;
    const r = spawnSync(s.bin, s.args, {
      env: { ...process.env, ...s.env },
      encoding: 'utf8',
      timeout: s.timeoutMs,
    });
    const err = r.error as NodeJS.ErrnoException | undefined;
    next = steps.next({
      code: r.status,
      stdout: r.stdout ?? '',
      stderr: r.stderr ?? '',
      timedOut: err?.code === 'ETIMEDOUT',
      spawnError: err?.message,
    });
  }
  cached = next.value;
  return cached;
}

/** Environment for the containers: -e KEY=VALUE (or KEY, passed from ours) and --env-file. */
