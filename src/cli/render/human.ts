// The report for people, file by file: a diff (the default), the converted file (--stdout),
// the files to convert (--check) or what was written (--write), each with its explanation.
import { ruleUrl } from '../../codes';
import { oneLine } from '../../terminal';
import type { FileReport, Io, Options } from '../types';
import { diffText } from './diff';
import { explain, ruleLink, verifyText } from './explain';

export function emit(r: FileReport, opts: Options, io: Io): void {
  if (r.status === 'error') {
    io.stderr.write(`msconvert: ${oneLine(`${r.path}: ${r.reason}`)}${ruleLink(r.code)}\n`);
    return;
  }
  if (opts.stdout) {
    io.stdout.write(r.output);
    io.stderr.write(explain(r));
  } else if (opts.check && !opts.formatGiven) {
    if (r.status === 'converted') io.stdout.write(`${oneLine(r.path)}\n`);
    else io.stderr.write(explain(r));
  } else if (opts.write) {
    if (!r.written) io.stderr.write(explain(r));
    else {
      io.stderr.write(
        `${oneLine(r.path)}: converted and written${r.language ? ` (${r.language})` : ''}\n`,
      );
      for (const w of r.warnings)
        io.stderr.write(`  warning ${w.code}: ${oneLine(w.message)} (${ruleUrl(w.code)})\n`);
    }
  } else {
    if (r.status === 'converted') {
      // A diff read on a terminal shows the file's control characters, never runs them.
      const human = opts.color || Boolean((io.stdout as NodeJS.WriteStream).isTTY);
      io.stdout.write(diffText(r.path, r.original ?? '', r.output, { color: opts.color, human }));
    }
    io.stderr.write(explain(r));
  }
  if (r.facts) {
    if (r.facts.error) io.stderr.write(`  facts:    none: ${r.facts.error}\n`);
    else
      io.stderr.write(
        `  facts:    ${r.facts.differences.length ? `changed the plan: ${r.facts.differences.join('; ')}` : 'the plan from the text stands'}\n`,
      );
  }
  if (r.verify) io.stderr.write(verifyText(r.verify));
  if (opts.write && r.verify && r.verify.verdict !== 'verified') {
    io.stderr.write(`  not written: the conversion did not verify\n`);
  }
}
