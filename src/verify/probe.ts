// How both containers are probed: the probe chosen from the original (an EXPOSEd port, else
// a run to completion), HTTP GET retried until the deadline, the wait for an exit or for the
// healthcheck, and the container log line that says most.
import * as http from 'http';
import { tail, type DockerSession } from '../docker';
import { parseDockerfile, type Instruction } from '../parse';
import { clip, type Answer } from './judge';
import type { ProbeSpec, SideReport, VerifyOptions } from './types';

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

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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

export async function probeHttp(
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
export async function probeExit(
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

export async function waitHealth(
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
