// verify(): build the original and the converted Dockerfile with a real Docker daemon, run
// both, probe both the same way, compare the answers, the files the original used and the
// image sizes.
//
// The probe is chosen from the original Dockerfile unless given:
//   - an EXPOSEd port (or opts.probePort): HTTP GET opts.probePath (default '/') on the
//     published port, retried until it answers or runTimeoutMs; status and body compared;
//   - no port: the container runs to completion with opts.probeCmd as its arguments; exit
//     code and stdout compared.
// When either image has a HEALTHCHECK, both containers are also watched (bounded) until
// their health is no longer "starting", and the two statuses compared.
//
// "verified" needs the original to demonstrably work: its port answers (below 500) and it
// stays up, its healthcheck turns healthy, or its one-shot run exits 0. Anything less is
// "inconclusive" (nothing to compare with), with a hint on what to pass. While the original
// runs, the files its processes mapped and opened are read (src/facts/used.ts); one that the
// converted image lacks makes the verdict "different" whatever the answers were.
import * as http from 'http';
import { available, DockerSession, tail, type BuildResult, type RunEnv } from './docker';
import { missingFiles, usedFiles, type UsedFiles } from './facts/used';
import { parseDockerfile, type Instruction } from './parse';

export interface VerifyOptions {
  probePath?: string;
  probePort?: number;
  probeCmd?: string[];
  /** Environment for both containers (-e, --env-file). */
  env?: RunEnv;
  /**
   * An original already built (by the facts step) in this session: it is not built again,
   * and the session is left for its owner to clean up.
   */
  prebuilt?: { session: DockerSession; tag: string; build: BuildResult };
  /** Per build; default 600000 (10 min). */
  buildTimeoutMs?: number;
  /** How long a container may take to answer or to finish; default 60000. */
  runTimeoutMs?: number;
  onProgress?: (msg: string) => void;
  /** Every line of both build logs, as they arrive. */
  onBuildLine?: (which: 'original' | 'converted', line: string) => void;
}

export interface SideReport {
  built: boolean;
  /** Build time. */
  seconds: number;
  sizeBytes?: number;
  /** One line: why the build failed, or why the container gave no answer. */
  error?: string;
  /** The end of the build log when the build failed, or of the container log when it gave no answer. */
  logTail?: string;
  /** What the probe saw, in one line. */
  answer?: string;
  /** Health status when the image has a HEALTHCHECK. */
  health?: string;
  /** The container's last log line. */
  lastLog?: string;
  /** Whether the container was still running at the end of the run window. */
  running?: boolean;
}

export interface ProbeSpec {
  kind: 'http' | 'cmd';
  port?: number;
  path?: string;
  args?: string[];
}

/**
 * verdict:
 * - verified: both built, the original demonstrably worked and the converted one did the
 *   same (same answer, health, exit code and output), and it has every file the original used;
 * - different: the answers differ, the original worked and the converted one did not, or the
 *   converted image lacks a file the original's processes used;
 * - build-failed: the original or the converted Dockerfile did not build (see which side);
 * - inconclusive: the original did not demonstrably work (crashed, exited non-zero, never
 *   answered or turned healthy), so there is nothing to compare with; see hint;
 * - error: no usable Docker, or an unexpected failure.
 */
export type Verdict = 'verified' | 'different' | 'build-failed' | 'inconclusive' | 'error';

export interface VerifyReport {
  original: SideReport;
  converted: SideReport;
  probe: ProbeSpec;
  /** true when verified, false when different, null when there was nothing to compare. */
  same: boolean | null;
  /** Short: the first differing line, status or exit code. */
  difference?: string;
  sizeBefore?: number;
  sizeAfter?: number;
  /** sizeBefore - sizeAfter, in bytes. */
  saving?: number;
  /** sizeAfter / sizeBefore. */
  ratio?: number;
  verdict: Verdict;
  /** One line for people. */
  message: string;
  /** inconclusive: what to pass to make the check meaningful. */
  hint?: string;
  /** Files the original's processes used, checked in the converted image. */
  files?: { checked: number; missing: string[]; note?: string };
}

const DEFAULT_BUILD_TIMEOUT = 600000;
const DEFAULT_RUN_TIMEOUT = 60000;

function lastStage(text: string): Instruction[] {
  const parsed = parseDockerfile(text);
  const stage = parsed.stages[parsed.stages.length - 1];
  return stage ? stage.instructions : [];
}

/** The first port EXPOSEd by the final stage, if it is a plain number. */
export function exposedPort(text: string): number | undefined {
  for (const ins of lastStage(text)) {
    if (ins.keyword !== 'EXPOSE') continue;
    for (const w of ins.words) {
      const m = /^(\d+)(\/tcp)?$/i.exec(w);
      if (m) return Number(m[1]);
    }
  }
  return undefined;
}

/** Go durations as HEALTHCHECK flags use them (1m30s, 500ms), in ms. */
function duration(value: string | null | undefined, fallback: number): number {
  if (!value) return fallback;
  let total = 0;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  let m: RegExpExecArray | null;
  let matched = '';
  while ((m = re.exec(value))) {
    matched += m[0];
    total +=
      Number(m[1]) * { ms: 1, s: 1000, m: 60000, h: 3600000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
  }
  return matched === value ? total : fallback;
}

/**
 * How long a HEALTHCHECK may take to leave "starting" in the worst case (start period, then
 * retries+1 rounds of interval and timeout), or undefined when the final stage has none.
 */
export function healthcheckBound(text: string): number | undefined {
  const hc = lastStage(text).find((i) => i.keyword === 'HEALTHCHECK');
  if (!hc || /^\s*NONE\s*$/i.test(hc.args)) return undefined;
  const flag = (name: string) => hc.flags.find((f) => f.name.toLowerCase() === name)?.value;
  const interval = duration(flag('interval'), 30000);
  const timeout = duration(flag('timeout'), 30000);
  const start = duration(flag('start-period'), 0);
  const retries = Number(flag('retries') ?? 3) || 3;
  return start + (retries + 1) * (interval + timeout) + 5000;
}

export function chooseProbe(original: string, opts: VerifyOptions): ProbeSpec {
  const port = opts.probePort ?? (opts.probeCmd ? undefined : exposedPort(original));
  if (port !== undefined) return { kind: 'http', port, path: opts.probePath ?? '/' };
  return { kind: 'cmd', args: opts.probeCmd ?? [] };
}

function clip(s: string, n = 120): string {
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}

/** The first line where two texts differ, as `line N: "a" vs "b"`. */
export function firstDifference(a: string, b: string): string {
  const al = a.split('\n');
  const bl = b.split('\n');
  for (let i = 0; i < Math.max(al.length, bl.length); i++) {
    if (al[i] !== bl[i]) {
      const show = (s: string | undefined) => (s === undefined ? '<end>' : JSON.stringify(clip(s)));
      return `line ${i + 1}: ${show(al[i])} (original) vs ${show(bl[i])} (converted)`;
    }
  }
  return 'no difference';
}

function httpGet(port: number, path: string): Promise<{ code: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      { host: '127.0.0.1', port, path, timeout: 10000, headers: { Connection: 'close' } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          if (body.length < 1024 * 1024) body += c;
        });
        res.on('end', () => resolve({ code: res.statusCode ?? 0, body }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('no answer within 10 s')));
    req.on('error', reject);
  });
}

/**
 * The line of a container log that says most: the last one naming an error among the last
 * 30 (Node ends a crash with its version, Python with the exception), else the last one.
 */
export function tellingLine(logs: { stdout: string; stderr: string }): string {
  const lines = tail(logs.stderr || logs.stdout, 30).split('\n');
  const telling = [...lines]
    .reverse()
    .find((l) => /error|exception|fatal|panic|not found|cannot|denied|no such/i.test(l));
  return (telling ?? lines[lines.length - 1] ?? '').trim();
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function containerGone(
  session: DockerSession,
  name: string,
): Promise<{ why: string; logTail: string } | null> {
  const st = await session.state(name);
  if (!st) return { why: 'the container disappeared', logTail: '' };
  if (st.status === 'running' || st.status === 'created' || st.status === 'restarting') return null;
  const logs = await session.logs(name);
  const lastLine = tellingLine(logs);
  return {
    why: `the container ${st.status} with code ${st.exitCode}${lastLine ? `: ${clip(lastLine, 200)}` : ''}`,
    logTail: tail(logs.stdout + '\n' + logs.stderr, 20),
  };
}

async function probeHttp(
  session: DockerSession,
  name: string,
  port: number,
  path: string,
  deadline: number,
  side: SideReport,
): Promise<Answer> {
  let lastError = 'no attempt';
  let hostPort: number | undefined;
  let last5xx: { code: number; body: string } | undefined;
  while (Date.now() < deadline) {
    hostPort ??= await session.hostPort(name, port);
    if (hostPort !== undefined) {
      try {
        const r = await httpGet(hostPort, path);
        // A 5xx while the app is still starting is not its answer yet: retry until the
        // deadline and keep the last one.
        if (r.code < 500) return { ok: true, code: r.code, body: r.body, text: `HTTP ${r.code}` };
        last5xx = r;
      } catch (e) {
        lastError = (e as Error).message;
      }
    }
    const gone = await containerGone(session, name);
    if (gone) {
      side.logTail = gone.logTail || undefined;
      return { ok: false, why: gone.why };
    }
    await sleep(500);
  }
  if (last5xx)
    return { ok: true, code: last5xx.code, body: last5xx.body, text: `HTTP ${last5xx.code}` };
  const logs = await session.logs(name);
  side.logTail = tail(logs.stdout + '\n' + logs.stderr, 20) || undefined;
  return {
    ok: false,
    why: `no HTTP answer on port ${port} within the run timeout (last error: ${lastError})`,
  };
}

/** Waits (until the deadline) for a started container to exit; its answer is its exit code and stdout. */
async function probeExit(
  session: DockerSession,
  name: string,
  deadline: number,
  side: SideReport,
): Promise<Answer> {
  for (;;) {
    const st = await session.state(name);
    if (!st) return { ok: false, why: 'the container disappeared' };
    if (st.status === 'exited' || st.status === 'dead') {
      const logs = await session.logs(name);
      if (st.exitCode !== 0) side.logTail = tail(logs.stdout + '\n' + logs.stderr, 20);
      return { ok: true, code: st.exitCode, body: logs.stdout, text: `exit ${st.exitCode}` };
    }
    if (Date.now() >= deadline) {
      const logs = await session.logs(name);
      side.logTail = tail(logs.stdout + '\n' + logs.stderr, 20) || undefined;
      return { ok: false, why: 'still running at the end of the run window' };
    }
    await sleep(500);
  }
}

async function waitHealth(
  session: DockerSession,
  name: string,
  deadline: number,
): Promise<string | null> {
  for (;;) {
    const st = await session.state(name);
    if (!st || st.health === null) return null;
    if (st.health !== 'starting' || Date.now() >= deadline) return st.health;
    await sleep(1000);
  }
}

function sideOf(b: BuildResult): SideReport {
  return b.ok
    ? { built: true, seconds: round(b.seconds) }
    : { built: false, seconds: round(b.seconds), error: b.error, logTail: b.logTail };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** What was seen of both containers; judge() turns it into a verdict. */
export interface Observed {
  kind: 'http' | 'cmd';
  /** The probe, for messages: "GET / on port 3000", "the command". */
  what: string;
  a: Answer;
  b: Answer;
  /** Still running at the end (a server must stay up). */
  runningA: boolean;
  runningB: boolean;
  healthA: string | null;
  healthB: string | null;
  /** Files the original used that the converted image lacks (undefined: not checked). */
  missing?: string[];
  lastA?: string;
  lastB?: string;
  /** Ports the original listened on. */
  listening?: number[];
}

export type Answer =
  { ok: true; text: string; code: number; body: string } | { ok: false; why: string };

export interface Judgement {
  verdict: 'verified' | 'different' | 'inconclusive';
  message: string;
  difference?: string;
  hint?: string;
}

const ENV_HINT = 'pass what it needs with -e KEY=VALUE or --env-file FILE';

/** Why the original does not demonstrably work, and what to pass; null when it works. */
function originalFailure(o: Observed): { why: string; hint: string } | null {
  const { a } = o;
  if (o.kind === 'http') {
    const probeHint = `${ENV_HINT}, or probe something that works without it (--probe-path PATH, --probe-port PORT, --probe-cmd "ARGS")`;
    if (!a.ok) return { why: a.why, hint: probeHint };
    if (a.code >= 500) return { why: `it answers ${o.what} only with ${a.text}`, hint: probeHint };
    if (!o.runningA)
      return {
        why: `it answered (${a.text}) but then exited, and a server must stay up`,
        hint: probeHint,
      };
    if (o.healthA !== null && o.healthA !== 'healthy')
      return {
        why: `its healthcheck is ${o.healthA}`,
        hint: `${ENV_HINT} so that its healthcheck passes`,
      };
    return null;
  }
  if (!a.ok) {
    const port = o.listening?.[0];
    return {
      why: `${a.why}${port !== undefined ? ` and listens on port ${port}` : ''}`,
      hint:
        port !== undefined
          ? `it is a server: pass --probe-port ${port} (and --probe-path PATH)`
          : 'it keeps running and exposes no port: pass --probe-port PORT for a server, or --probe-cmd "ARGS" for a run that exits (e.g. --version)',
    };
  }
  if (a.code !== 0)
    return {
      why: `it exits with code ${a.code}`,
      hint: `${ENV_HINT}, or --probe-cmd "ARGS" for a run that exits 0`,
    };
  return null;
}

/** The verdict from what was seen: "verified" only when the original demonstrably worked. */
export function judge(o: Observed): Judgement {
  const last = (s?: string, said = '') =>
    s && !said.includes(s) ? `; last log line: ${JSON.stringify(clip(s, 160))}` : '';
  if (o.missing && o.missing.length > 0) {
    const more = o.missing.length > 1 ? ` (and ${o.missing.length - 1} more)` : '';
    const difference = `converted image lacks ${o.missing[0]}${more}`;
    return {
      verdict: 'different',
      difference,
      message: `the converted image lacks ${o.missing[0]}${more}, which the original's processes used`,
    };
  }
  const failure = originalFailure(o);
  if (failure) {
    // A converted container that dies while the original keeps running is a difference
    // even when the original gave no usable answer.
    if (o.runningA && !o.runningB) {
      const why = o.b.ok ? `exited (${o.b.text})` : o.b.why;
      return {
        verdict: 'different',
        difference: 'converted: exited while the original keeps running',
        message: `the original keeps running but the converted container ${why.replace(/^the container /, '')}${last(o.lastB)}`,
      };
    }
    return {
      verdict: 'inconclusive',
      message: `the original does not demonstrably work, so there is nothing to compare with: ${failure.why}${last(o.lastA, failure.why)}`,
      hint: failure.hint,
    };
  }
  const { a, b } = o;
  if (!a.ok) throw new Error('unreachable');
  if (!b.ok)
    return {
      verdict: 'different',
      difference: `converted: no answer (${b.why})`,
      message: `the original answers ${o.what} (${a.text}) but the converted container does not: ${b.why}${last(o.lastB)}`,
    };
  const label = o.kind === 'http' ? 'status' : 'exit code';
  let difference: string | undefined;
  if (a.code !== b.code) difference = `${label} ${a.code} (original) vs ${b.code} (converted)`;
  else if (a.body !== b.body)
    difference = `${o.kind === 'http' ? 'body' : 'stdout'} ${firstDifference(a.body, b.body)}`;
  else if (o.kind === 'http' && !o.runningB)
    difference = 'the converted server exited within the run window (the original stays up)';
  else if (o.healthA !== o.healthB)
    difference = `health ${o.healthA ?? 'none'} (original) vs ${o.healthB ?? 'none'} (converted)`;
  if (difference)
    return {
      verdict: 'different',
      difference,
      message: `the converted image answers ${o.what} differently: ${difference}${last(o.lastB)}`,
    };
  const health = o.healthA ? `, health ${o.healthA}` : '';
  return { verdict: 'verified', message: `same answer to ${o.what} (${a.text}${health})` };
}

export async function verify(
  original: string,
  converted: string,
  contextDir: string,
  opts: VerifyOptions = {},
): Promise<VerifyReport> {
  const progress = opts.onProgress ?? (() => undefined);
  const buildTimeout = opts.buildTimeoutMs ?? DEFAULT_BUILD_TIMEOUT;
  const runTimeout = opts.runTimeoutMs ?? DEFAULT_RUN_TIMEOUT;
  const report: VerifyReport = {
    original: { built: false, seconds: 0 },
    converted: { built: false, seconds: 0 },
    probe: { kind: 'cmd' },
    same: null,
    verdict: 'error',
    message: '',
  };
  let session: DockerSession | undefined;
  const owned = !opts.prebuilt;
  try {
    report.probe = chooseProbe(original, opts);
    let tagA: string;
    if (opts.prebuilt) {
      session = opts.prebuilt.session;
      tagA = opts.prebuilt.tag;
      report.original = sideOf(opts.prebuilt.build);
      if (!opts.prebuilt.build.ok) {
        report.converted.error = 'not built: the original does not build';
        report.verdict = 'build-failed';
        report.message = `the original does not build: ${opts.prebuilt.build.error}`;
        return report;
      }
    } else {
      const docker = await available();
      if (!docker.ok) {
        report.message = `Docker is not available: ${docker.reason}`;
        return report;
      }
      session = new DockerSession(docker.backend);
      progress(`building with ${docker.backend.describe}`);
      tagA = session.newTag('original');
      progress('building the original');
      const a = await session.build(original, contextDir, tagA, buildTimeout, (l) =>
        opts.onBuildLine?.('original', l),
      );
      report.original = sideOf(a);
      if (!a.ok) {
        report.converted.error = 'not built: the original does not build';
        report.verdict = 'build-failed';
        report.message = `the original does not build: ${a.error}`;
        return report;
      }
      progress(`original built in ${a.seconds.toFixed(1)} s`);
    }
    report.original.sizeBytes = report.sizeBefore = await session.imageSize(tagA);

    const tagB = session.newTag('converted');
    progress('building the converted Dockerfile');
    const b = await session.build(converted, contextDir, tagB, buildTimeout, (l) =>
      opts.onBuildLine?.('converted', l),
    );
    report.converted = sideOf(b);
    if (!b.ok) {
      report.verdict = 'build-failed';
      report.message = `the converted Dockerfile does not build (the original does): ${b.error}`;
      return report;
    }
    report.converted.sizeBytes = report.sizeAfter = await session.imageSize(tagB);
    progress(`converted built in ${b.seconds.toFixed(1)} s`);
    if (report.sizeBefore !== undefined && report.sizeAfter !== undefined) {
      report.saving = report.sizeBefore - report.sizeAfter;
      report.ratio = report.sizeBefore > 0 ? report.sizeAfter / report.sizeBefore : undefined;
    }

    // Both started the same way at the same time, then probed the same way.
    const probe = report.probe;
    const s = session;
    const ports = probe.kind === 'http' ? [probe.port as number] : [];
    const args = probe.kind === 'cmd' ? (probe.args ?? []) : [];
    progress(
      probe.kind === 'http'
        ? `starting both containers, probing GET ${probe.path} on port ${probe.port}`
        : `running both containers${args.length ? ` with ${args.join(' ')}` : ''}`,
    );
    const started = await Promise.all(
      [tagA, tagB].map((t) => s.run(t, { ports, args, env: opts.env })),
    );
    const sides = [report.original, report.converted];
    const deadline = Date.now() + runTimeout;
    const answers = (await Promise.all(
      started.map((c, i) => {
        if (c.error)
          return Promise.resolve<Answer>({
            ok: false,
            why: `the container did not start: ${c.error}`,
          });
        return probe.kind === 'http'
          ? probeHttp(s, c.name, probe.port as number, probe.path ?? '/', deadline, sides[i])
          : probeExit(s, c.name, deadline, sides[i]);
      }),
    )) as [Answer, Answer];
    let healths: [string | null, string | null] = [null, null];
    const states = await Promise.all(started.map((c) => (c.error ? undefined : s.state(c.name))));
    if (states.some((st) => st?.health)) {
      const bound = Math.max(
        runTimeout,
        healthcheckBound(original) ?? 0,
        healthcheckBound(converted) ?? 0,
      );
      progress(`waiting for the healthchecks (at most ${Math.round(bound / 1000)} s)`);
      const hDeadline = Date.now() + bound;
      healths = (await Promise.all(
        started.map((c) => (c.error ? null : waitHealth(s, c.name, hDeadline))),
      )) as [string | null, string | null];
      report.original.health = healths[0] ?? 'none';
      report.converted.health = healths[1] ?? 'none';
    }

    // What the original's processes used, read while they run.
    const isRunning = async (i: number) =>
      !started[i].error && (await s.state(started[i].name))?.status === 'running';
    let usedA: UsedFiles | undefined;
    let missing: string[] | undefined;
    if (await isRunning(0)) {
      progress("reading the files the original's processes use");
      usedA = await usedFiles(s, started[0].name, tagA);
      const usedB = (await isRunning(1)) ? await usedFiles(s, started[1].name, tagA) : undefined;
      if (usedA) {
        const m = await missingFiles(s, usedA, tagA, tagB, usedB);
        if (m) {
          missing = m.missing;
          report.files = { checked: m.checked, missing: m.missing };
        }
      }
      if (!report.files)
        report.files = {
          checked: 0,
          missing: [],
          note: "the original's processes could not be read (no sh in its image, or /proc closed to a helper container)",
        };
    } else {
      report.files = {
        checked: 0,
        missing: [],
        note: 'the original was not running when its files could be read',
      };
    }
    // A server must stay up: looked at after the answers, the healthchecks and the file
    // reading, so a server that answers once and then dies is caught.
    if (probe.kind === 'http') await sleep(1000);
    const running = await Promise.all([isRunning(0), isRunning(1)]);
    const lastLines = await Promise.all(
      started.map(async (c) => {
        if (c.error) return undefined;
        const logs = await s.logs(c.name);
        return tellingLine(logs) || undefined;
      }),
    );
    sides.forEach((side, i) => {
      side.running = running[i];
      side.lastLog = lastLines[i];
      const ans = answers[i];
      if (ans.ok) side.answer = ans.text;
      else side.error = ans.why;
    });
    const what = probe.kind === 'http' ? `GET ${probe.path} on port ${probe.port}` : 'the command';
    const j = judge({
      kind: probe.kind,
      what,
      a: answers[0],
      b: answers[1],
      runningA: running[0],
      runningB: running[1],
      healthA: healths[0],
      healthB: healths[1],
      missing,
      lastA: lastLines[0],
      lastB: lastLines[1],
      listening: usedA?.listening,
    });
    report.verdict = j.verdict;
    report.difference = j.difference;
    report.hint = j.hint;
    report.same = j.verdict === 'verified' ? true : j.verdict === 'different' ? false : null;
    const sizes =
      report.sizeBefore !== undefined && report.sizeAfter !== undefined
        ? `; ${mb(report.sizeBefore)} -> ${mb(report.sizeAfter)}` +
          (report.ratio !== undefined ? ` (${(report.ratio * 100).toFixed(1)}%)` : '')
        : '';
    const files =
      j.verdict === 'verified' && report.files?.checked
        ? `; the ${report.files.checked} files the original used are all there`
        : '';
    report.message = j.verdict === 'verified' ? `${j.message}${files}${sizes}` : j.message;
    return report;
  } catch (e) {
    report.verdict = 'error';
    report.same = null;
    report.message = `verification failed: ${(e as Error).message}`;
    return report;
  } finally {
    if (session && owned) {
      progress('removing the containers and images');
      await session.cleanup();
    }
  }
}
