// verify(): build the original and the converted Dockerfile with a real Docker daemon, run
// both, probe both the same way, compare the answers and the image sizes.
//
// The probe is chosen from the original Dockerfile unless given:
//   - an EXPOSEd port (or opts.probePort): HTTP GET opts.probePath (default '/') on the
//     published port, retried until it answers or runTimeoutMs; status and body compared;
//   - no port: the container runs to completion with opts.probeCmd as its arguments; exit
//     code and stdout compared.
// When either image has a HEALTHCHECK, both containers are also watched (bounded) until
// their health is no longer "starting", and the two statuses compared.
import * as http from 'http';
import { available, DockerSession, tail, type BuildResult } from './docker';
import { parseDockerfile, type Instruction } from './parse';

export interface VerifyOptions {
  probePath?: string;
  probePort?: number;
  probeCmd?: string[];
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
}

export interface ProbeSpec {
  kind: 'http' | 'cmd';
  port?: number;
  path?: string;
  args?: string[];
}

/**
 * verdict:
 * - verified: both built, both answered, the answers (and health statuses) are the same;
 * - different: the answers differ, or the original answered and the converted one did not;
 * - build-failed: the original or the converted Dockerfile did not build (see which side);
 * - no-answer: the original container gave no answer, so there is nothing to compare with;
 * - error: no usable Docker, or an unexpected failure.
 */
export type Verdict = 'verified' | 'different' | 'build-failed' | 'no-answer' | 'error';

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

type Answer = { ok: true; text: string; code: number; body: string } | { ok: false; why: string };

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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function containerGone(
  session: DockerSession,
  name: string,
): Promise<{ why: string; logTail: string } | null> {
  const st = await session.state(name);
  if (!st) return { why: 'the container disappeared', logTail: '' };
  if (st.status === 'running' || st.status === 'created' || st.status === 'restarting') return null;
  const logs = await session.logs(name);
  const lastLine = tail(logs.stderr || logs.stdout, 1);
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

async function probeCmd(
  session: DockerSession,
  image: string,
  args: string[],
  timeoutMs: number,
  side: SideReport,
): Promise<Answer> {
  const c = await session.run(image, { args });
  if (c.error) return { ok: false, why: `the container did not start: ${c.error}` };
  const code = await session.wait(c.name, timeoutMs);
  const logs = await session.logs(c.name);
  if (code === null) {
    side.logTail = tail(logs.stdout + '\n' + logs.stderr, 20);
    return { ok: false, why: `still running after ${Math.round(timeoutMs / 1000)} s` };
  }
  if (code !== 0) side.logTail = tail(logs.stdout + '\n' + logs.stderr, 20);
  return { ok: true, code, body: logs.stdout, text: `exit ${code}` };
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
  try {
    report.probe = chooseProbe(original, opts);
    const docker = await available();
    if (!docker.ok) {
      report.message = `Docker is not available: ${docker.reason}`;
      return report;
    }
    session = new DockerSession(docker.backend);
    progress(`building with ${docker.backend.describe}`);

    const tagA = session.newTag('original');
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
    report.original.sizeBytes = report.sizeBefore = await session.imageSize(tagA);
    progress(`original built in ${a.seconds.toFixed(1)} s`);

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

    // Probe both the same way, at the same time.
    const probe = report.probe;
    let answers: [Answer, Answer];
    let healths: [string | null, string | null] = [null, null];
    if (probe.kind === 'http') {
      const port = probe.port as number;
      const path = probe.path ?? '/';
      progress(`starting both containers, probing GET ${path} on port ${port}`);
      const started = await Promise.all(
        [tagA, tagB].map((t) => (session as DockerSession).run(t, { ports: [port] })),
      );
      const deadline = Date.now() + runTimeout;
      answers = (await Promise.all(
        started.map((c, i) => {
          const side = i === 0 ? report.original : report.converted;
          if (c.error)
            return Promise.resolve<Answer>({
              ok: false,
              why: `the container did not start: ${c.error}`,
            });
          return probeHttp(session as DockerSession, c.name, port, path, deadline, side);
        }),
      )) as [Answer, Answer];
      // Health: watched only when one of the images has a healthcheck.
      const states = await Promise.all(
        started.map((c) => (c.error ? undefined : (session as DockerSession).state(c.name))),
      );
      if (states.some((s) => s?.health)) {
        const bound = Math.max(
          runTimeout,
          healthcheckBound(original) ?? 0,
          healthcheckBound(converted) ?? 0,
        );
        progress(`waiting for the healthchecks (at most ${Math.round(bound / 1000)} s)`);
        const hDeadline = Date.now() + bound;
        healths = (await Promise.all(
          started.map((c) =>
            c.error ? null : waitHealth(session as DockerSession, c.name, hDeadline),
          ),
        )) as [string | null, string | null];
        report.original.health = healths[0] ?? 'none';
        report.converted.health = healths[1] ?? 'none';
      }
    } else {
      const args = probe.args ?? [];
      progress(`running both containers${args.length ? ` with ${args.join(' ')}` : ''}`);
      answers = (await Promise.all([
        probeCmd(session, tagA, args, runTimeout, report.original),
        probeCmd(session, tagB, args, runTimeout, report.converted),
      ])) as [Answer, Answer];
    }

    const [ansA, ansB] = answers;
    if (ansA.ok) report.original.answer = ansA.text;
    else report.original.error = ansA.why;
    if (ansB.ok) report.converted.answer = ansB.text;
    else report.converted.error = ansB.why;
    const what = probe.kind === 'http' ? `GET ${probe.path} on port ${probe.port}` : 'the command';
    if (!ansA.ok) {
      report.verdict = 'no-answer';
      report.message = `the original container gave no answer to ${what}: ${ansA.why}`;
      return report;
    }
    if (!ansB.ok) {
      report.verdict = 'different';
      report.same = false;
      report.difference = `converted: no answer (${ansB.why})`;
      report.message = `the original answers ${what} (${ansA.text}) but the converted container does not: ${ansB.why}`;
      return report;
    }
    const label = probe.kind === 'http' ? 'status' : 'exit code';
    if (ansA.code !== ansB.code) {
      report.difference = `${label} ${ansA.code} (original) vs ${ansB.code} (converted)`;
    } else if (ansA.body !== ansB.body) {
      report.difference = `${probe.kind === 'http' ? 'body' : 'stdout'} ${firstDifference(ansA.body, ansB.body)}`;
    } else if (healths[0] !== healths[1]) {
      report.difference = `health ${healths[0] ?? 'none'} (original) vs ${healths[1] ?? 'none'} (converted)`;
    }
    if (report.difference) {
      report.verdict = 'different';
      report.same = false;
      report.message = `the converted image answers ${what} differently: ${report.difference}`;
      return report;
    }
    if (healths[0] === 'starting') {
      report.verdict = 'no-answer';
      report.message = 'both healthchecks were still starting at the deadline';
      return report;
    }
    report.verdict = 'verified';
    report.same = true;
    const sizes =
      report.sizeBefore !== undefined && report.sizeAfter !== undefined
        ? `; ${mb(report.sizeBefore)} -> ${mb(report.sizeAfter)}` +
          (report.ratio !== undefined ? ` (${(report.ratio * 100).toFixed(1)}%)` : '')
        : '';
    const health = healths[0] ? `, health ${healths[0]}` : '';
    report.message = `same answer to ${what} (${ansA.text}${health})${sizes}`;
    return report;
  } catch (e) {
    report.verdict = 'error';
    report.same = null;
    report.message = `verification failed: ${(e as Error).message}`;
    return report;
  } finally {
    if (session) {
      progress('removing the containers and images');
      await session.cleanup();
    }
  }
}
