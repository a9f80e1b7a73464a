// The command line: flags, files, output and exit codes over the pure convert() library.
// Each job has its module: flags (the table) and settings, targets (the files), run-file (one
// file), render/ (one renderer per output), dockerignore (the proposals); main runs them.
import { CODES } from '../codes';
import { ConfigError } from '../config';
import { oneLine, smartTerminal } from '../terminal';
import { dockerignoreOff, dockerignoreRun } from './dockerignore';
import { EXIT_ERROR } from './exit';
import type { WalkNote } from './files';
import { Reporter } from './render';
import { processOne } from './run-file';
import { parseArgs } from './settings';
import { discover, shown } from './targets';
import type { FileReport, Input, Io, Options } from './types';

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
  const targets = await prepare(opts, io);
  if (typeof targets === 'number') return targets;
  const reporter = new Reporter(opts, io);
  for (const r of targets.errors) reporter.file(r);
  const stopped = await runFiles(targets.inputs, opts, io, reporter);
  if (stopped !== null) return reporter.stopped(stopped, targets.inputs.length);
  return reporter.finish();
}

/** The files to convert, or the exit code when the run cannot start. */
async function prepare(
  opts: Options,
  io: Io,
): Promise<{ inputs: Input[]; errors: FileReport[] } | number> {
  const errors: FileReport[] = [];
  let inputs: Input[];
  const notes: WalkNote[] = [];
  try {
    inputs = discover(opts, errors, notes);
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
  return { inputs, errors };
}

/** Runs every file in turn; returns the signal that stopped the run, if one did. */
async function runFiles(
  inputs: Input[],
  opts: Options,
  io: Io,
  reporter: Reporter,
): Promise<NodeJS.Signals | null> {
  const progress = smartTerminal(io.stderr) && inputs.length > 20;
  // One .dockerignore proposal per ignore file, once every Dockerfile using it is done.
  const ignores = dockerignoreRun(inputs, opts);
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
      if (!ignores) reporter.file(r);
      else {
        const done = ignores.run.settle(inputs[i], r, dockerignoreOff(inputs[i], r, opts));
        for (const each of done.reports) reporter.file(ignores.silence(each));
        if (done.failure) io.stderr.write(`msconvert: ${oneLine(done.failure)}\n`);
        if (done.ignore) reporter.ignore(done.ignore);
      }
      // One turn of the event loop, so that a signal that came during this file is seen.
      if (signals.length > 0) await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    for (const sig of signals) process.off(sig, stop);
  }
  return stopped;
}

export { CODES };
