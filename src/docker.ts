// A thin wrapper over the docker CLI for verify(): child_process.spawn, never a shell. It
// honours DOCKER_HOST (the environment is passed through) and picks a build command that
// works here:
//   1. `<docker> buildx build --load` when `<docker> buildx version` works;
//   2. `DOCKER_BUILDKIT=1 <docker> build`;
// for `docker` in PATH, then `/usr/bin/docker` (Debian's CLI 20.10 has BuildKit built in,
// while a newer CLI without the buildx plugin refuses DOCKER_BUILDKIT=1). MSCONVERT_DOCKER=path
// names the one CLI to use instead. A candidate counts as working only after it has built a
// one-line `FROM scratch` image.
//
// Every container and image a session creates carries the label msconvert.verify=<run id>
// and a unique name; cleanup() removes them, and nothing else is ever touched.
import { spawn, spawnSync } from 'child_process';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const LABEL = 'msconvert.verify';

export interface ExecResult {
  /** Exit code, or null when the process was killed or could not start. */
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** Set when the process could not be started (ENOENT ...). */
  spawnError?: string;
}

export interface ExecOptions {
  env?: NodeJS.ProcessEnv;
  /** Kill the child (SIGTERM, then SIGKILL 3 s later) after this long. */
  timeoutMs?: number;
  /** Called with every complete line of stdout and stderr, as it arrives. */
  onLine?: (line: string) => void;
}

const MAX_CAPTURE = 4 * 1024 * 1024;

/** Runs a program with arguments (no shell) and collects its output. Never rejects. */
export function exec(bin: string, args: string[], opts: ExecOptions = {}): Promise<ExecResult> {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let settled = false;
    let killTimer: NodeJS.Timeout | undefined;
    let hardKill: NodeJS.Timeout | undefined;
    const finish = (r: Omit<ExecResult, 'stdout' | 'stderr' | 'timedOut'>): void => {
      if (settled) return;
      settled = true;
      if (killTimer) clearTimeout(killTimer);
      if (hardKill) clearTimeout(hardKill);
      resolve({ ...r, stdout, stderr, timedOut });
    };
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(bin, args, {
        env: opts.env ?? process.env,
        stdio: ['ignore', 'pipe', 'pipe'],
        shell: false,
      });
    } catch (e) {
      finish({ code: null, spawnError: (e as Error).message });
      return;
    }
    const partial = { out: '', err: '' };
    const feed = (which: 'out' | 'err', chunk: string): void => {
      if (which === 'out') {
        if (stdout.length < MAX_CAPTURE) stdout += chunk;
      } else {
        stderr += chunk;
        // Keep the tail of stderr: build logs can be long, and the end is what matters.
        if (stderr.length > MAX_CAPTURE) stderr = stderr.slice(-MAX_CAPTURE / 2);
      }
      if (!opts.onLine) return;
      const lines = (partial[which] + chunk).split(/\r?\n/);
      partial[which] = lines.pop() ?? '';
      for (const line of lines) opts.onLine(line);
    };
    child.stdout?.setEncoding('utf8');
    child.stderr?.setEncoding('utf8');
    child.stdout?.on('data', (c: string) => feed('out', c));
    child.stderr?.on('data', (c: string) => feed('err', c));
    child.on('error', (e) => finish({ code: null, spawnError: e.message }));
    child.on('close', (code) => {
      if (opts.onLine) {
        if (partial.out) opts.onLine(partial.out);
        if (partial.err) opts.onLine(partial.err);
      }
      finish({ code: timedOut ? null : code });
    });
    if (opts.timeoutMs !== undefined && opts.timeoutMs > 0) {
      killTimer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGTERM');
        hardKill = setTimeout(() => child.kill('SIGKILL'), 3000);
      }, opts.timeoutMs);
    }
  });
}

/** The last `n` non-empty lines of a log. */
export function tail(text: string, n: number): string {
  return text
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .slice(-n)
    .join('\n');
}

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

function realpath(p: string): string {
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

function firstLine(r: ExecResult): string {
  if (r.spawnError) return r.spawnError;
  if (r.timedOut) return 'timed out';
  const text = (r.stderr.trim() || r.stdout.trim()).split(/\r?\n/);
  return (text.find((l) => /error|unknown|missing|cannot|denied/i.test(l)) ?? text[0] ?? '')
    .trim()
    .slice(0, 200);
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

function newId(): string {
  return `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
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
export interface RunEnv {
  vars?: string[];
  files?: string[];
}

function envArgs(env: RunEnv | undefined): string[] {
  const out: string[] = [];
  for (const v of env?.vars ?? []) out.push('-e', v);
  for (const f of env?.files ?? []) out.push('--env-file', f);
  return out;
}

/** What `docker image inspect` says an image runs with. */
export interface ImageConfig {
  workdir: string;
  user: string;
  entrypoint: string[] | null;
  cmd: string[] | null;
  env: Record<string, string>;
  exposed: string[];
}

export interface BuildResult {
  ok: boolean;
  seconds: number;
  /** One line: why the build failed. */
  error?: string;
  /** The last lines of the build log (on failure). */
  logTail?: string;
}

export interface ContainerState {
  status: string;
  exitCode: number;
  /** Health status, or null when the container has no healthcheck. */
  health: string | null;
}

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(realpath(parent), realpath(child));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The most telling line of a failed build log. */
export function buildError(log: string): string {
  const lines = log.split(/\r?\n/).filter((l) => l.trim() !== '');
  const pick =
    [...lines].reverse().find((l) => /^(ERROR|error):|failed to solve|executor failed/.test(l)) ??
    lines[lines.length - 1] ??
    'the build failed';
  return pick.trim().slice(0, 400);
}

/**
 * One verification run: unique names under one run id, every container and image tracked
 * and removed by cleanup().
 */
export class DockerSession {
  readonly runId: string;
  private seq = 0;
  private readonly containers = new Set<string>();
  private readonly images = new Set<string>();

  constructor(readonly backend: Backend) {
    this.runId = newId();
  }

  private docker(args: string[], timeoutMs = 60000): Promise<ExecResult> {
    return exec(this.backend.bin, args, { timeoutMs });
  }

  /** A fresh image tag for this run. */
  newTag(role: string): string {
    return `msconvert-verify:${this.runId}-${role.replace(/[^\w.-]/g, '-')}-${++this.seq}`;
  }

  /**
   * Builds `dockerfileText` with `contextDir` as the context. The Dockerfile is written to a
   * temporary folder outside the context and passed with -f.
   */
  async build(
    dockerfileText: string,
    contextDir: string,
    tag: string,
    timeoutMs: number,
    onLine?: (line: string) => void,
  ): Promise<BuildResult> {
    const started = Date.now();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msconvert-verify-'));
    if (isInside(dir, contextDir)) {
      fs.rmSync(dir, { recursive: true, force: true });
      return {
        ok: false,
        seconds: 0,
        error: `the temporary folder ${dir} is inside the build context ${contextDir}`,
      };
    }
    const dockerfile = path.join(dir, 'Dockerfile');
    fs.writeFileSync(dockerfile, dockerfileText);
    this.images.add(tag);
    try {
      const r = await exec(
        this.backend.bin,
        [
          ...this.backend.buildArgs,
          '--progress=plain',
          '--label',
          `${LABEL}=${this.runId}`,
          '-t',
          tag,
          '-f',
          dockerfile,
          contextDir,
        ],
        { env: { ...process.env, ...this.backend.buildEnv }, timeoutMs, onLine },
      );
      const seconds = (Date.now() - started) / 1000;
      if (r.code === 0) return { ok: true, seconds };
      const log = r.stderr + (r.stdout ? '\n' + r.stdout : '');
      return {
        ok: false,
        seconds,
        error: r.timedOut
          ? `the build timed out after ${Math.round(timeoutMs / 1000)} s`
          : r.spawnError
            ? `${this.backend.bin} did not start: ${r.spawnError}`
            : buildError(log),
        logTail: tail(log, 30),
      };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  /** `docker image inspect -f {{.Size}}`, in bytes. */
  async imageSize(tag: string): Promise<number | undefined> {
    const r = await this.docker(['image', 'inspect', '-f', '{{.Size}}', tag]);
    const n = Number(r.stdout.trim());
    return r.code === 0 && Number.isFinite(n) ? n : undefined;
  }

  /**
   * Starts a container detached. `ports` are published on 127.0.0.1 at random host ports.
   * Resolves to the container name, or to an error when `docker run` failed (the container
   * may still exist, and cleanup() removes it).
   */
  async run(
    image: string,
    opts: { ports?: number[]; args?: string[]; env?: RunEnv } = {},
  ): Promise<{ name: string; error?: string }> {
    const name = `msconvert-verify-${this.runId}-${++this.seq}`;
    this.containers.add(name);
    const args = ['run', '-d', '--name', name, '--label', `${LABEL}=${this.runId}`];
    for (const p of opts.ports ?? []) args.push('-p', `127.0.0.1::${p}`);
    args.push(...envArgs(opts.env));
    args.push(image, ...(opts.args ?? []));
    const r = await this.docker(args);
    if (r.code === 0) return { name };
    // "docker: Error response from daemon: failed to create shim task: OCI runtime create
    // failed: runc create failed: unable to start container process: exec: ..." -> "exec: ..."
    const line = firstLine({
      ...r,
      stderr: r.stderr.replace(/^.*unable to start container process: /s, ''),
    });
    return { name, error: line || `docker run exited with ${r.code}` };
  }

  /** The host port that `port`/tcp of the container is published on. */
  async hostPort(name: string, port: number): Promise<number | undefined> {
    const r = await this.docker(['port', name, `${port}/tcp`]);
    if (r.code !== 0) return undefined;
    for (const line of r.stdout.split(/\r?\n/)) {
      const m = /^127\.0\.0\.1:(\d+)$/.exec(line.trim()) ?? /:(\d+)$/.exec(line.trim());
      if (m) return Number(m[1]);
    }
    return undefined;
  }

  async state(name: string): Promise<ContainerState | undefined> {
    const r = await this.docker([
      'inspect',
      '-f',
      '{{.State.Status}} {{.State.ExitCode}} {{if .State.Health}}{{.State.Health.Status}}{{end}}',
      name,
    ]);
    if (r.code !== 0) return undefined;
    const [status, code, health] = r.stdout.trim().split(' ');
    return { status, exitCode: Number(code), health: health || null };
  }

  /** Waits for the container to exit; the exit code, or null on timeout. */
  async wait(name: string, timeoutMs: number): Promise<number | null> {
    const r = await this.docker(['wait', name], timeoutMs);
    if (r.code !== 0) return null;
    const n = Number(r.stdout.trim().split(/\r?\n/).pop());
    return Number.isFinite(n) ? n : null;
  }

  /** The container's stdout and stderr, as separate streams. */
  async logs(name: string): Promise<{ stdout: string; stderr: string }> {
    const r = await this.docker(['logs', name]);
    return { stdout: r.stdout, stderr: r.stderr };
  }

  /**
   * Runs a short-lived helper container to completion and returns its output: `image` with
   * `entrypoint` (a program of that image, so the image's own tools do the work), `args`,
   * and `extra` docker run flags (--pid container:X to see another container's processes).
   */
  async helper(
    image: string,
    entrypoint: string,
    args: string[],
    extra: string[] = [],
    timeoutMs = 60000,
  ): Promise<ExecResult> {
    const name = `msconvert-verify-${this.runId}-${++this.seq}`;
    this.containers.add(name);
    const r = await this.docker(
      [
        'run',
        '--name',
        name,
        '--label',
        `${LABEL}=${this.runId}`,
        '--network',
        'none',
        ...extra,
        '--entrypoint',
        entrypoint,
        image,
        ...args,
      ],
      timeoutMs,
    );
    await this.docker(['rm', '-f', '-v', name]);
    this.containers.delete(name);
    return r;
  }

  /**
   * A container of `image` that is created and never started, so its files can be read with
   * `docker cp` whatever the image has (no shell is needed: distroless, scratch).
   */
  async created(image: string): Promise<string | undefined> {
    const name = `msconvert-verify-${this.runId}-${++this.seq}`;
    this.containers.add(name);
    const r = await this.docker([
      'create',
      '--name',
      name,
      '--label',
      `${LABEL}=${this.runId}`,
      '--entrypoint',
      '/msconvert-never-started',
      image,
    ]);
    return r.code === 0 ? name : undefined;
  }

  /** Whether `file` exists in a (created) container; a symbolic link counts as it is. */
  async exists(container: string, file: string): Promise<boolean> {
    const r = await this.docker(['cp', `${container}:${file}`, '-'], 60000);
    return r.code === 0;
  }

  /** `docker image inspect`: the image's configuration, or undefined. */
  async imageConfig(tag: string): Promise<ImageConfig | undefined> {
    const r = await this.docker(['image', 'inspect', '-f', '{{json .Config}}', tag]);
    if (r.code !== 0) return undefined;
    try {
      const c = JSON.parse(r.stdout) as Record<string, unknown>;
      const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : null);
      return {
        workdir: typeof c.WorkingDir === 'string' ? c.WorkingDir : '',
        user: typeof c.User === 'string' ? c.User : '',
        entrypoint: list(c.Entrypoint),
        cmd: list(c.Cmd),
        env: Object.fromEntries(
          (list(c.Env) ?? []).map((e) => {
            const i = e.indexOf('=');
            return i < 0 ? [e, ''] : [e.slice(0, i), e.slice(i + 1)];
          }),
        ),
        exposed: Object.keys((c.ExposedPorts as Record<string, unknown> | null) ?? {}),
      };
    } catch {
      return undefined;
    }
  }

  /** Removes every container and image this session created (and only those). */
  async cleanup(): Promise<void> {
    const containers = new Set(this.containers);
    const byLabel = await this.docker([
      'ps',
      '-aq',
      '--no-trunc',
      '--filter',
      `label=${LABEL}=${this.runId}`,
    ]);
    for (const id of byLabel.stdout.split(/\s+/).filter(Boolean)) containers.add(id);
    if (containers.size > 0) await this.docker(['rm', '-f', '-v', ...containers]);
    this.containers.clear();
    if (this.images.size > 0) {
      // Tags that were never created (a failed build) make rmi complain; that is fine.
      for (const tag of this.images) await this.docker(['rmi', tag]);
    }
    this.images.clear();
    const left = await this.docker([
      'images',
      '-q',
      '--no-trunc',
      '--filter',
      `label=${LABEL}=${this.runId}`,
    ]);
    const ids = [...new Set(left.stdout.split(/\s+/).filter(Boolean))];
    if (ids.length > 0) await this.docker(['rmi', ...ids]);
  }
}
