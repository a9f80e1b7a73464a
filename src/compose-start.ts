// A Compose service that builds this Dockerfile and gives `command:` or `entrypoint:` starts
// the image with that, not with the Dockerfile's CMD: the runtime stage must serve it too. The
// check is a second conversion of the Dockerfile with the service's start appended (the last
// CMD/ENTRYPOINT wins, as Docker reads it): when it converts to the same runtime stage, apart
// from the start lines, the conversion serves both and the evidence says so; otherwise the file
// is declined, because a runtime stage planned for the CMD alone could break what Compose runs.
import type { ConvertOptions } from './providers/contract';

export interface ComposeStart {
  service: string;
  /** The Compose file, as shown to people. */
  file: string;
  command?: string[];
  entrypoint?: string[];
  /** Why the start cannot be read (a variable Compose fills in, an unclosed quote). */
  problem?: string;
}

interface Converted {
  status: string;
  code: string | null;
  reason: string | null;
  output: string;
  explanation: { evidence: string[] } | null;
}

/** The start as people read it: `entrypoint command`. */
function shown(s: ComposeStart): string {
  return [...(s.entrypoint ?? []), ...(s.command ?? [])].join(' ');
}

/** The Dockerfile with the service's start appended as the instructions Docker would apply. */
function withStart(text: string, s: ComposeStart): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines: string[] = [];
  // Compose's entrypoint drops the image's CMD unless the service gives a command.
  if (s.entrypoint) lines.push(`ENTRYPOINT ${JSON.stringify(s.entrypoint)}`);
  if (s.command) lines.push(`CMD ${JSON.stringify(s.command)}`);
  else if (s.entrypoint) lines.push('CMD []');
  const sep = text.endsWith('\n') ? '' : eol;
  return `${text}${sep}${lines.join(eol)}${eol}`;
}

/** Every stage after the builder, without its start lines: what the runtime is made of. */
function runtimePart(output: string): string {
  const lines = output.split(/\r?\n/);
  const starts = lines.flatMap((l, i) => (/^FROM\s/i.test(l) ? [i] : []));
  return lines
    .slice(starts[1] ?? lines.length)
    .filter((l) => !/^(CMD|ENTRYPOINT)(\s|\[|$)/i.test(l))
    .join('\n');
}

/**
 * The conversion, checked against each Compose start: unchanged when every start is served by
 * the same runtime stage, declined (MSC022) when one is not or cannot be read.
 */
export function withComposeStarts<R extends Converted>(
  text: string,
  options: ConvertOptions & { compose?: readonly ComposeStart[] },
  run: (t: string) => R,
  declined: (plain: R, reason: string) => R,
): R {
  const plain = run(text);
  if (plain.status !== 'converted' || !plain.explanation) return plain;
  for (const s of options.compose ?? []) {
    if (!s.command && !s.entrypoint) continue;
    const who = `the Compose service ${s.service} (${s.file})`;
    if (s.problem)
      return declined(
        plain,
        `${who} starts the image with a command msconvert cannot read (${s.problem}), and the runtime stage must serve it too; convert with --context and no Compose file to plan for the Dockerfile's CMD alone.`,
      );
    const probe = run(withStart(text, s));
    if (probe.status !== 'converted')
      return declined(
        plain,
        `${who} starts the image with \`${shown(s)}\`, and for that start: ${probe.reason ?? probe.status}`,
      );
    if (runtimePart(probe.output) !== runtimePart(plain.output))
      return declined(
        plain,
        `${who} starts the image with \`${shown(s)}\`, which needs another runtime stage than the Dockerfile's own start; make the CMD the command Compose runs, or convert each start by hand.`,
      );
    plain.explanation.evidence.push(`${who} starts \`${shown(s)}\`: the runtime serves it too`);
  }
  return plain;
}
