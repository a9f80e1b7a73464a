// One verification run on the daemon: builds, containers, their state and logs, helper
// containers that read an image, and the cleanup of everything the session created.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pushAll } from '../lists';
import { realpath, type Backend } from './detect';
import { exec, firstLine, LABEL, newId, tail, type ExecResult } from './exec';

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
    opts: { ports?: number[]; args?: string[]; env?: RunEnv; entrypoint?: string } = {},
  ): Promise<{ name: string; error?: string }> {
    const name = `msconvert-verify-${this.runId}-${++this.seq}`;
    this.containers.add(name);
    const args = ['run', '-d', '--name', name, '--label', `${LABEL}=${this.runId}`];
    for (const p of opts.ports ?? []) args.push('-p', `127.0.0.1::${p}`);
    pushAll(args, envArgs(opts.env));
    if (opts.entrypoint !== undefined) args.push('--entrypoint', opts.entrypoint);
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
