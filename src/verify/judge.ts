// judge(): the pure verdict from what was seen of both containers. "verified" only when the
// original demonstrably worked and the converted one did the same.

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

/** A line cut to n characters for a message. */
export function clip(s: string, n = 120): string {
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
