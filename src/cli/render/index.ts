// The run's output: each file's report to the renderer of the format asked for, in the order
// the files are done, then what closes the run (the JSON document's end, SARIF or Checkstyle,
// the summary, the --check line) and the exit code.
import type { ReportEntry } from '../../formats/report';
import type { IgnoreReport } from '../../dockerignore/run';
import { oneLine } from '../../terminal';
import { emitIgnore, ignoreLine } from '../dockerignore';
import { exitCode } from '../exit';
import type { FileReport, Io, Line, Options } from '../types';
import { VERSION } from '../version';
import { ruleLink } from './explain';
import { emit } from './human';
import { jsonFile } from './json';
import { lineOf, summary } from './summary';

export class Reporter {
  /** One line per file for the summary and the exit code; the full reports are not kept. */
  readonly lines: Line[] = [];
  private first = true;
  /** SARIF and Checkstyle are single documents, written when every file is done. */
  private readonly document: boolean;
  private readonly entries: ReportEntry[] = [];
  private readonly ignoreJson: string[] = [];

  constructor(
    private readonly opts: Options,
    private readonly io: Io,
  ) {
    this.document = opts.format === 'sarif' || opts.format === 'checkstyle';
    if (opts.json) io.stdout.write(`{\n  "version": ${JSON.stringify(VERSION)},\n  "files": [`);
  }

  file(r: FileReport): void {
    const { opts, io } = this;
    this.lines.push(lineOf(r));
    if (opts.json) {
      io.stdout.write(`${this.first ? '' : ','}\n    ${jsonFile(r)}`);
      this.first = false;
    } else if (this.document) {
      this.entries.push({
        path: r.path,
        status: r.status,
        language: r.language,
        reason: r.reason,
        code: r.code,
        warnings: r.warnings,
        original: r.original ?? '',
        output: r.output,
        explanation: r.explanation,
      });
      if (r.status === 'error')
        io.stderr.write(`msconvert: ${oneLine(`${r.path}: ${r.reason}`)}${ruleLink(r.code)}\n`);
    } else emit(r, opts, io);
  }

  /** A .dockerignore proposal. */
  ignore(r: IgnoreReport): void {
    const out = emitIgnore(r, this.opts, this.io);
    if (out.json) this.ignoreJson.push(out.json);
    if (r.status === 'error') this.lines.push(ignoreLine(r));
  }

  /** The run stopped by a signal after the file being written: 128 + its number. */
  stopped(signal: NodeJS.Signals, total: number): number {
    if (this.opts.json) this.io.stdout.write(`${this.first ? '' : '\n  '}]\n}\n`);
    this.io.stderr.write(
      `msconvert: stopped by ${signal} after ${this.lines.length} of ${total} files; each file is either converted or as it was\n`,
    );
    return 128 + (require('os') as typeof import('os')).constants.signals[signal];
  }

  /** Closes the output; returns the exit code. */
  finish(): number {
    const { opts, io, lines } = this;
    const end = this.first ? '' : '\n  ';
    if (opts.json && this.ignoreJson.length > 0)
      io.stdout.write(
        `${end}],\n  "dockerignore": [\n    ${this.ignoreJson.join(',\n    ')}\n  ]\n}\n`,
      );
    else if (opts.json) io.stdout.write(`${end}]\n}\n`);
    const code = exitCode(lines, opts);
    if (this.document) {
      // Loaded here: only these formats pay for them.
      const format = { version: VERSION, cwd: process.cwd(), exitCode: code };
      io.stdout.write(
        opts.format === 'sarif'
          ? (require('../../formats/sarif') as typeof import('../../formats/sarif')).sarif(
              this.entries,
              format,
            )
          : (
              require('../../formats/checkstyle') as typeof import('../../formats/checkstyle')
            ).checkstyle(this.entries, format),
      );
    }
    const errors = lines.some((l) => l.status === 'error');
    if (!opts.json && lines.length > 1) io.stderr.write(summary(lines));
    if (opts.check && !opts.json && !errors) {
      const n = lines.filter((l) => l.status === 'converted').length;
      io.stderr.write(
        n > 0
          ? `${n} Dockerfile${n > 1 ? 's' : ''} would be converted; run msconvert --write.\n`
          : 'Nothing to convert.\n',
      );
    }
    return code;
  }
}
