// The start lines of Dockerfile texts, as the Compose checks compare them: what Compose lays
// over an image (exec-form words), and what a converted image starts with.
import type { ConvertOptions } from './providers/contract';

export interface ComposeStart {
  service: string;
  /** The Compose file, as shown to people (`compose.yaml + compose.override.yaml`). */
  file: string;
  command?: string[];
  entrypoint?: string[];
  /** Why the start cannot be read (a variable Compose fills in, an unclosed quote). */
  problem?: string;
  /** The service's `profiles:` (it starts only when one is asked for, but it may be). */
  profiles?: string[];
}

export interface Converted {
  status: string;
  code: string | null;
  reason: string | null;
  output: string;
  warnings: { code: string; message: string }[];
  explanation: { evidence: string[]; runtimeImage: string } | null;
}

export type Options = ConvertOptions & { compose?: readonly ComposeStart[] };
export type Run<R> = (text: string, options: Options) => R;

/**
 * A checked conversion, or why it is declined; `retry` (with the evidence to give when it
 * succeeds) when another runtime of the same image may serve the start as written.
 */
export type Outcome<R> = { ok: R } | { declined: string; retry?: string };

/** The evidence for a start the preferred runtime would not run as written. */
export function retryNote(s: ComposeStart, image: string, problem: string): string {
  return `${who(s)} runs \`${shown(s)}\` as written, which ${image} would not (${problem}): the runtime is the one --runtime slim chooses`;
}

/** The service as people read it in messages. */
export function who(s: ComposeStart): string {
  const profiles = s.profiles?.length ? `profile ${s.profiles.join(', ')}, ` : '';
  return `the Compose service ${s.service} (${profiles}${s.file})`;
}

/**
 * Why `served` (a converted image) started by Compose with `s` would not run what `probe` (the
 * conversion of the Dockerfile with `s` appended) runs, or null when it runs exactly that.
 */
export function startProblem(served: string, probe: string, s: ComposeStart): string | null {
  const p = finalStart(probe);
  const cmd = s.command ?? [];
  if (!sameWords(p.cmd, cmd))
    return `its runtime stage starts it as \`${p.cmdLine ?? 'no CMD'}\`, rewritten for that image, while Compose lays the command over the image as written`;
  if (s.entrypoint) {
    if (!sameWords(p.entrypoint, s.entrypoint))
      return `its runtime stage starts it with \`${p.entrypointLine ?? 'no ENTRYPOINT'}\`, while Compose gives the entrypoint as written`;
    return null;
  }
  // Compose keeps the image's ENTRYPOINT: the converted one must be the probe's.
  const e = finalStart(served);
  if ((e.entrypointLine ?? null) !== (p.entrypointLine ?? null))
    return `Compose keeps the image's ENTRYPOINT (\`${e.entrypointLine ?? "the runtime image's own"}\`), while the start needs \`${p.entrypointLine ?? "the runtime image's own"}\``;
  return null;
}

/** The start as people read it: `entrypoint command`. */
export function shown(s: ComposeStart): string {
  return [...(s.entrypoint ?? []), ...(s.command ?? [])]
    .map((w) => (/[\s"'\\]/.test(w) || w === '' ? JSON.stringify(w) : w))
    .join(' ');
}

/** The lines Docker would apply for the service's start, in Dockerfile form. */
export function startLines(s: ComposeStart): string[] {
  const lines: string[] = [];
  // Compose's entrypoint drops the image's CMD unless the service gives a command.
  if (s.entrypoint) lines.push(`ENTRYPOINT ${JSON.stringify(s.entrypoint)}`);
  if (s.command) lines.push(`CMD ${JSON.stringify(s.command)}`);
  else if (s.entrypoint) lines.push('CMD []');
  return lines;
}

/** The Dockerfile with the service's start appended as the instructions Docker would apply. */
export function withStart(text: string, s: ComposeStart): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const sep = text.endsWith('\n') ? '' : eol;
  return `${text}${sep}${startLines(s).join(eol)}${eol}`;
}

const START = /^(CMD|ENTRYPOINT)(\s|\[|$)/i;

/** Offsets of the lines that begin a stage (`FROM ...`). */
function stageStarts(lines: string[]): number[] {
  return lines.flatMap((l, i) => (/^FROM\s/i.test(l) ? [i] : []));
}

/** Every stage after the builder, without its start lines: what the runtime is made of. */
export function runtimePart(output: string): string {
  const lines = output.split(/\r?\n/);
  const starts = stageStarts(lines);
  return lines
    .slice(starts[1] ?? lines.length)
    .filter((l) => !START.test(l))
    .join('\n');
}

/** A start instruction's words in exec form, or null for shell form (or none). */
function execWords(line: string | undefined): string[] | null {
  if (line === undefined) return null;
  const arg = line.replace(/^\S+\s*/, '');
  if (!arg.startsWith('[')) return null;
  try {
    const v: unknown = JSON.parse(arg);
    return Array.isArray(v) && v.every((w) => typeof w === 'string') ? v : null;
  } catch {
    return null;
  }
}

export interface FinalStart {
  cmdLine?: string;
  entrypointLine?: string;
  cmd: string[] | null;
  entrypoint: string[] | null;
}

/** The last CMD and ENTRYPOINT of the final stage (start instructions are one line here). */
export function finalStart(output: string): FinalStart {
  const lines = output.split(/\r?\n/);
  const starts = stageStarts(lines);
  const last = lines.slice(starts[starts.length - 1] ?? 0);
  const cmdLine = last
    .filter((l) => /^CMD(\s|\[|$)/i.test(l))
    .pop()
    ?.trimEnd();
  const entrypointLine = last
    .filter((l) => /^ENTRYPOINT(\s|\[|$)/i.test(l))
    .pop()
    ?.trimEnd();
  return {
    cmdLine,
    entrypointLine,
    cmd: execWords(cmdLine),
    entrypoint: execWords(entrypointLine),
  };
}

export function sameWords(a: string[] | null, b: string[]): boolean {
  return a !== null && a.length === b.length && a.every((w, i) => w === b[i]);
}

/**
 * The converted text of `probe` (the Dockerfile with `appended` start lines) without them: the
 * builder as the original text converts (named, the added lines gone), the runtime stages as
 * the probe planned them with the start lines `keep` says to keep. Null when the appended lines
 * are not where they were put (a start rewrite added its build step after them).
 */
export function withoutStart(
  probe: string,
  appended: string[],
  keep: (line: string) => boolean,
): string | null {
  const eol = probe.includes('\r\n') ? '\r\n' : '\n';
  const lines = probe.split(eol);
  const starts = stageStarts(lines);
  if (starts.length < 2) return null;
  const builder = lines.slice(0, starts[1]);
  // The builder ends with the appended lines and the blank lines before the next stage.
  let end = builder.length;
  while (end > 0 && builder[end - 1] === '') end--;
  const tail = builder.slice(end - appended.length, end);
  if (end < appended.length || tail.join('\n') !== appended.join('\n')) return null;
  const head = builder.slice(0, end - appended.length);
  const last = starts[starts.length - 1];
  const rest = lines
    .slice(starts[1])
    .filter((l, i) => i + starts[1] < last || !START.test(l) || keep(l));
  // As the conversion of the original writes it: its text, then a blank line unless it ends
  // with one already, then the next stage.
  const blank = head.length > 0 && head[head.length - 1] === '' ? [] : [''];
  return [...head, ...blank, ...rest].join(eol);
}
