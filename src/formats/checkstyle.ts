// Checkstyle XML for CI tools that read it (Jenkins warnings-ng, reviewdog, GitLab
// converters): a <file> per Dockerfile; an error of severity "warning" when it would change
// (source msconvert.MSC000), "info" for a decline and for each warning, "error" when the file
// could not be read or parsed.
import {
  CONVERTIBLE,
  convertedMessage,
  declinedMessage,
  fromLine,
  type FormatOptions,
  type ReportEntry,
} from './report';

type Severity = 'error' | 'warning' | 'info';

/** XML attribute text: markup characters, quotes and line breaks escaped; control characters dropped. */
export function xmlAttr(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;')
    .replace(/\n/g, '&#10;')
    .replace(/\t/g, '&#9;');
}

export function checkstyle(entries: readonly ReportEntry[], _opts: FormatOptions): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', '<checkstyle version="4.3">'];
  for (const e of entries) {
    const { line } = fromLine(e.original);
    const errors: { severity: Severity; message: string; source: string }[] = [];
    if (e.status === 'converted')
      errors.push({ severity: 'warning', message: convertedMessage(e), source: CONVERTIBLE });
    else if (e.status === 'declined')
      errors.push({ severity: 'info', message: declinedMessage(e), source: e.code ?? 'declined' });
    else if (e.status === 'error')
      errors.push({ severity: 'error', message: e.reason ?? 'error', source: e.code ?? 'error' });
    for (const w of e.warnings)
      errors.push({ severity: 'info', message: w.message, source: w.code });
    if (errors.length === 0) {
      out.push(`  <file name="${xmlAttr(e.path)}"/>`);
      continue;
    }
    out.push(`  <file name="${xmlAttr(e.path)}">`);
    for (const x of errors) {
      out.push(
        `    <error line="${line}" column="1" severity="${x.severity}" message="${xmlAttr(x.message)}" source="msconvert.${xmlAttr(x.source)}"/>`,
      );
    }
    out.push('  </file>');
  }
  out.push('</checkstyle>');
  return `${out.join('\n')}\n`;
}
