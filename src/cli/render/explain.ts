// The explanation printed for people beside every result: what was found and decided, and
// what --verify saw.
import { ruleUrl, type Code } from '../../codes';
import type { VerifyReport } from '../../verify';
import { oneLine } from '../../terminal';
import type { FileReport } from '../types';

export function ruleLink(code: Code | null): string {
  return code ? ` [${code}]` : '';
}

export function explain(r: FileReport): string {
  const lines: string[] = [];
  const head = `${r.path}: ${r.status}${r.language ? ` (${r.language})` : ''}`;
  if (r.status !== 'converted') {
    lines.push(`${head}: ${r.reason ?? ''}${ruleLink(r.code)}`);
    if (r.status === 'declined' && r.code) lines.push(`  see ${ruleUrl(r.code)}`);
  } else if (r.explanation) {
    const e = r.explanation;
    lines.push(head);
    lines.push(`  evidence: ${e.evidence.join('; ')}`);
    lines.push(`  runtime:  ${e.runtimeImage}: ${e.runtimeWhy}`);
    for (const c of e.copies)
      lines.push(`  copies:   ${c.src}${c.dest !== c.src ? ` -> ${c.dest}` : ''} (${c.why})`);
    if (e.packages.length) lines.push(`  installs: ${e.packages.join(' ')}`);
    for (const n of e.notes) lines.push(`  note:     ${n}`);
    for (const f of e.facts?.used ?? []) lines.push(`  fact:     ${f}`);
    for (const c of e.facts?.changed ?? []) lines.push(`  changed:  ${c}`);
    for (const c of e.cache ?? []) lines.push(`  cache:    ${c}`);
    if (e.estimate)
      lines.push(`  estimate: base image ~${e.estimate.beforeMB} MB -> ~${e.estimate.afterMB} MB`);
  }
  for (const w of r.warnings) lines.push(`  warning ${w.code}: ${w.message} (${ruleUrl(w.code)})`);
  return `${lines.map(oneLine).join('\n')}\n`;
}

export function verifyText(v: VerifyReport): string {
  const mb = (b?: number) => (b === undefined ? '?' : `${(b / 1e6).toFixed(1)} MB`);
  const lines = [
    `  verify:   ${v.verdict}: ${v.message}`,
    `  built:    original ${v.original.built ? 'yes' : 'no'}, converted ${v.converted.built ? 'yes' : 'no'}`,
  ];
  if (v.same !== null)
    lines.push(`  same:     ${v.same ? 'yes' : `no (${v.difference ?? 'see above'})`}`);
  if (v.hint) lines.push(`  hint:     ${v.hint}`);
  if (v.verdict !== 'verified')
    for (const [side, s] of [
      ['original', v.original],
      ['converted', v.converted],
    ] as const)
      if (s.lastLog) lines.push(`  ${side}: last log line: ${s.lastLog}`);
  if (v.files)
    lines.push(
      `  files:    ${v.files.note ?? `${v.files.checked} used by the original checked${v.files.missing.length ? `, missing: ${v.files.missing.join(' ')}` : ', none missing'}`}`,
    );
  if (v.sizeBefore !== undefined && v.sizeAfter !== undefined) {
    lines.push(
      `  size:     ${mb(v.sizeBefore)} -> ${mb(v.sizeAfter)} (saves ${mb(v.saving)}, ${((v.ratio ?? 0) * 100).toFixed(1)}% of the original)`,
    );
  }
  return `${lines.map(oneLine).join('\n')}\n`;
}
