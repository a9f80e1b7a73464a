// The command line: flags, files, output and exit codes over the pure convert() library.
// Each job has its module: flags (the table), settings, targets (the files), run-file (one
// file), render/ (one per output), dockerignore (the proposals); this one runs them in turn.
import { CODES } from '../codes';
import { ConfigError } from '../config';
import type { ReportEntry } from '../formats/report';
import { oneLine, smartTerminal } from '../terminal';
import { dockerignoreOff, dockerignoreRun, emitIgnore, ignoreLine } from './dockerignore';
import { EXIT_ERROR, exitCode } from './exit';
import type { WalkNote } from './files';
import { emit } from './render/human';
import { jsonFile } from './render/json';
import { summary } from './render/summary';
import { ruleLink } from './render/explain';
import { processOne } from './run-file';
import { parseArgs } from './settings';
import { discover, shown } from './targets';
import type { FileReport, Input, Io, Line } from './types';
import { VERSION } from './version';

export { EXIT_OK, EXIT_CHANGES, EXIT_ERROR } from './exit';
export { FORMATS, type Format } from './flags';
export type { Io } from './types';

export async function main(
  argv: string[],
  io: Io = {
    // A getter: touching process.stdin sets the stream up, which only `-` needs.
    get stdin() {
      return process.stdin;
    },
    stdout: process.stdout,
    stderr: process.stderr,
  },
): Promise<number> {
  const opts = parseArgs(argv, io.stdout, io.stderr);
  if (typeof opts === 'number') return opts;
  const discoveryErrors: FileReport[] = [];
  let inputs: Input[];
  const notes: WalkNote[] = [];
  try {
    inputs = discover(opts, discoveryErrors, notes);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    io.stderr.write(`msconvert: ${oneLine(`${shown(e.file)}: ${e.message}`)} [${e.code}]\n`);
    return EXIT_ERROR;
  }
  for (const n of notes) {
    if (opts.ignore.includes(n.code)) continue;
    io.stderr.write(`msconvert: ${oneLine(`${n.path}: ${n.message}`)} [${n.code}]\n`);
  }
  if (opts.stdout && inputs.length > 1) {
    io.stderr.write('msconvert: --stdout prints one Dockerfile; give one file\n');
    return EXIT_ERROR;
  }
  if (opts.verify || opts.inspect) {
    const { available } = require('../docker') as typeof import('../docker');
    const docker = await available();
    if (!docker.ok) {
      io.stderr.write(
        `msconvert: --${opts.verify ? 'verify' : 'inspect'} needs a Docker daemon: ${docker.reason}\n`,
      );
      return EXIT_ERROR;
    }
  }
  const lines: Line[] = [];
  let first = true;
  const progress = smartTerminal(io.stderr) && inputs.length > 20;
  if (opts.json) io.stdout.write(`{\n  "version": ${JSON.stringify(VERSION)},\n  "files": [`);
  // SARIF and Checkstyle are single documents, written when every file is done.
  const document = opts.format === 'sarif' || opts.format === 'checkstyle';
  const entries: ReportEntry[] = [];
  const handle = (r: FileReport) => {
    lines.push({
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
    });
    if (opts.json) {
      io.stdout.write(`${first ? '' : ','}\n    ${jsonFile(r)}`);
      first = false;
    } else if (document) {
      entries.push({
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
  };
  for (const r of discoveryErrors) handle(r);
  // One .dockerignore proposal per ignore file, once every Dockerfile using it is done.
  const ignores = dockerignoreRun(inputs, opts);
  const ignoreJson: string[] = [];
  // Ctrl-C or SIGTERM during --write: the file being written is finished (writeAtomic is
  // synchronous, so the handler runs between files, never inside a write, and no temporary
  // file is left), then the run stops with 128 + the signal's number, as a shell reports it.
  let stopped: NodeJS.Signals | null = null;
  const stop = (signal: NodeJS.Signals) => {
    stopped = signal;
  };
  const signals: NodeJS.Signals[] = opts.write ? ['SIGINT', 'SIGTERM', 'SIGHUP'] : [];
  for (const sig of signals) process.on(sig, stop);
  try {
    for (let i = 0; i < inputs.length && stopped === null; i++) {
      if (progress)
        io.stderr.write(`\r\x1b[K[${i + 1}/${inputs.length}] ${oneLine(inputs[i].display)}`);
      const r = await processOne(inputs[i], opts, io);
      if (progress) io.stderr.write('\r\x1b[K');
      if (!ignores) handle(r);
      else {
        const done = ignores.run.settle(inputs[i], r, dockerignoreOff(inputs[i], r, opts));
        for (const each of done.reports) handle(ignores.silence(each));
        if (done.failure) io.stderr.write(`msconvert: ${oneLine(done.failure)}\n`);
        if (done.ignore) {
          const out = emitIgnore(done.ignore, opts, io);
          if (out.json) ignoreJson.push(out.json);
          if (done.ignore.status === 'error') lines.push(ignoreLine(done.ignore));
        }
      }
      // One turn of the event loop, so that a signal that came during this file is seen.
      if (signals.length > 0) await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    for (const sig of signals) process.off(sig, stop);
  }
  if (stopped !== null) {
    if (opts.json) io.stdout.write(`${first ? '' : '\n  '}]\n}\n`);
    const written = lines.length;
    io.stderr.write(
      `msconvert: stopped by ${stopped} after ${written} of ${inputs.length} files; each file is either converted or as it was\n`,
    );
    return (
      128 + (require('os') as typeof import('os')).constants.signals[stopped as NodeJS.Signals]
    );
  }
  if (opts.json && ignoreJson.length > 0)
    io.stdout.write(
      `${first ? '' : '\n  '}],\n  "dockerignore": [\n    ${ignoreJson.join(',\n    ')}\n  ]\n}\n`,
    );
  else if (opts.json) io.stdout.write(`${first ? '' : '\n  '}]\n}\n`);
  const code = exitCode(lines, opts);
  if (document) {
    // Loaded here: only these formats pay for them.
    const format = { version: VERSION, cwd: process.cwd(), exitCode: code };
    io.stdout.write(
      opts.format === 'sarif'
        ? (require('../formats/sarif') as typeof import('../formats/sarif')).sarif(entries, format)
        : (require('../formats/checkstyle') as typeof import('../formats/checkstyle')).checkstyle(
            entries,
            format,
          ),
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

export { CODES };
