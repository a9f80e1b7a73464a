// The run's settings: the flags' values checked and combined (src/cli/flags.ts says what
// each flag is); what the configuration adds for one file is fileSettings().
import * as fs from 'fs';
import type { Code } from '../codes';
import { parseCodeList } from '../config';
import { colourTerminal, oneLine } from '../terminal';
import { imageReferenceProblem } from '../values';
import { readArgv, type Parsed } from './args';
import { EXIT_ERROR } from './exit';
import { camel, FLAGS, languages, type Format } from './flags';
import type { Input, Options } from './types';

/** The run's options, or the exit code when argv was answered (help) or is a mistake. */
export function parseArgs(
  argv: string[],
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Options | number {
  const parsed = readArgv(argv, out, err);
  return typeof parsed === 'number' ? parsed : optionsFrom(parsed, out, err);
}

function optionsFrom(
  parsed: Parsed,
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Options | number {
  const paths = (parsed._ as (string | number)[]).map(String);
  const given = parsed.format as Format | undefined;
  if (parsed.json && given !== undefined && given !== 'json') {
    err.write(`msconvert: --json is --format json; it cannot be used with --format ${given}\n`);
    return EXIT_ERROR;
  }
  const format: Format = parsed.json ? 'json' : (given ?? 'diff');
  let ignore: Code[];
  try {
    const values = ([] as unknown[]).concat(parsed.ignore ?? []).map(String);
    if (values.some((v) => v.trim() === '')) throw new Error('needs a code, like MSC101');
    ignore = parseCodeList(values);
  } catch (e) {
    err.write(`msconvert: --ignore: ${(e as Error).message}\n`);
    return EXIT_ERROR;
  }
  const opts: Options = {
    paths: paths.length ? paths : ['.'],
    write: Boolean(parsed.write),
    check: Boolean(parsed.check),
    stdout: Boolean(parsed.stdout),
    json: format === 'json',
    format,
    formatGiven: given !== undefined || Boolean(parsed.json),
    ignore,
    config: parsed.config !== false,
    dockerignore: parsed.dockerignore !== false,
    ignorePaths: parsed.ignorePaths !== false && parsed['ignore-paths'] !== false,
    context: parsed.context as string | undefined,
    lang: parsed.lang as string | undefined,
    runtime: parsed.runtime as string | undefined,
    cache: Boolean(parsed.cache),
    keepStart: Boolean(parsed['keep-start'] ?? parsed.keepStart),
    color: parsed.color === undefined ? colourTerminal(out) : Boolean(parsed.color),
    backup: Boolean(parsed.backup),
    verify: Boolean(parsed.verify),
    probePath: parsed.probePath as string | undefined,
    probePort: parsed.probePort as number | undefined,
    probeCmd: parsed.probeCmd as string | undefined,
    buildTimeout: parsed.buildTimeout as number | undefined,
    runTimeout: parsed.runTimeout as number | undefined,
    env: parsed.env === undefined ? undefined : ([] as unknown[]).concat(parsed.env).map(String),
    envFile:
      parsed.envFile === undefined
        ? undefined
        : ([] as unknown[]).concat(parsed.envFile).map(String),
    inspect: Boolean(parsed.inspect),
  };
  const bad = mistake(opts);
  if (bad !== null) {
    err.write(`${bad}\n`);
    return EXIT_ERROR;
  }
  return opts;
}

/** The one-line message for flags that do not go together or a value that cannot be used. */
function mistake(opts: Options): string | null {
  // Flags that only --verify reads: single values first, then the lists, as always.
  const verifyOnly = FLAGS.filter((f) => f.verifyOnly);
  for (const f of [...verifyOnly.filter((f) => !f.many), ...verifyOnly.filter((f) => f.many)]) {
    if (opts[camel(f.name) as keyof Options] !== undefined && !opts.verify) {
      return `msconvert: --${f.name} only makes sense with --verify`;
    }
  }
  for (const f of FLAGS.filter((f) => f.positive)) {
    const v = opts[camel(f.name) as keyof Options] as number | undefined;
    if (v !== undefined && (!Number.isFinite(v) || v <= 0)) {
      return `msconvert: --${f.name} needs a positive number`;
    }
  }
  const pairs: [keyof Options, keyof Options][] = [
    ['write', 'stdout'],
    ['write', 'check'],
    ['stdout', 'json'],
    ['check', 'stdout'],
  ];
  for (const [a, b] of pairs) {
    if (opts[a] && opts[b]) {
      return `msconvert: --${a} and --${b} cannot be used together`;
    }
  }
  if (opts.stdout && opts.formatGiven) {
    return `msconvert: --stdout prints the Dockerfile; it cannot be used with --format`;
  }
  if (opts.write && (opts.format === 'sarif' || opts.format === 'checkstyle')) {
    return `msconvert: --format ${opts.format} reports the changes for review; use it with --check or alone, not with --write`;
  }
  if (opts.paths.includes('-') && opts.write) {
    return 'msconvert: --write cannot be used with - (stdin); use --stdout';
  }
  if (opts.backup && !opts.write) {
    return 'msconvert: --backup only makes sense with --write';
  }
  if (opts.runtime !== undefined) {
    const bad = imageReferenceProblem(opts.runtime);
    if (bad) {
      return `msconvert: --runtime: ${oneLine(JSON.stringify(opts.runtime))} cannot be used: ${bad} [MSC908]`;
    }
  }
  if (opts.lang && !languages().includes(opts.lang)) {
    return `msconvert: --lang ${oneLine(opts.lang)} is not supported (${languages().join(', ')})`;
  }
  if (opts.context !== undefined && !isDir(opts.context)) {
    return `msconvert: --context ${oneLine(opts.context)}: not a folder`;
  }
  return null;
}

export function isDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** What one file runs with: the flags over the configuration that applies to it. */
export function fileSettings(input: Input, opts: Options) {
  const config = input.config?.config;
  return {
    /** The configuration's warning codes and the run's (--ignore). */
    ignore: [...(config?.ignore ?? []), ...opts.ignore] as Code[],
    /** --cache, or "cache": true in the configuration. */
    cache: opts.cache || Boolean(config?.cache),
    /** --keep-start, or "keepStart": true in the configuration. */
    keepStart: opts.keepStart || Boolean(config?.keepStart),
    /** The configuration's runtime for the language found, unless --runtime names one. */
    configuredRuntime: (language: string | null): string | undefined =>
      !opts.runtime && language ? config?.runtime[language] : undefined,
  };
}
