// The closing summary of a run of several files.
import { CODES, type Code } from '../../codes';
import { oneLine } from '../../terminal';
import type { FileReport, Line } from '../types';

export function summary(lines: Line[]): string {
  const out: string[] = ['', 'Summary:'];
  const width = Math.min(
    60,
    lines.reduce((w, l) => Math.max(w, l.path.length), 0),
  );
  for (const l of lines) {
    const detail =
      l.status === 'converted'
        ? `${l.language} -> ${l.runtime}${l.savingMB !== null ? ` (~${l.savingMB} MB smaller base)` : ''}`
        : `${l.language ?? ''}${l.code ? ` ${l.code}` : ''}`.trim();
    out.push(
      `  ${l.status.padEnd(9)} ${l.path.padEnd(width)}  ${detail}${l.verdict ? ` [${l.verdict}]` : ''}`,
    );
  }
  const count = (s: string) => lines.filter((l) => l.status === s).length;
  const declined = new Map<string, number>();
  for (const l of lines)
    if (l.status === 'declined')
      declined.set(l.code ?? '?', (declined.get(l.code ?? '?') ?? 0) + 1);
  const byReason = [...declined].map(([c, n]) => `${n} ${c} (${CODES[c as Code] ?? c})`).join(', ');
  const saved = lines.reduce((a, l) => a + (l.savingMB ?? 0), 0);
  out.push(
    `${lines.length} files: ${count('converted')} converted, ${count('unchanged')} unchanged, ${count('declined')} declined${byReason ? ` [${byReason}]` : ''}, ${count('error')} errors${saved ? `; about ${saved} MB of base images saved` : ''}.`,
  );
  return `${out.map(oneLine).join('\n')}\n`;
}

/** A file's line in the summary. */
export function lineOf(r: FileReport): Line {
  return {
    path: r.path,
    status: r.status,
    language: r.language,
    code: r.code,
    runtime: r.explanation?.runtimeImage ?? null,
    verdict: r.verify?.verdict ?? null,
    originalFailed: r.verify ? !r.verify.original.built : false,
    savingMB: r.explanation?.estimate
      ? r.explanation.estimate.beforeMB - r.explanation.estimate.afterMB
      : null,
  };
}
