// The command line: flags, files, output and exit codes over the pure convert() library.
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs as parseArgv } from 'util';
import { CODES, RULES_URL, ruleUrl, type Code } from './codes';
import { composeContexts } from './compose';
import {
  ConfigError,
  ConfigFinder,
  dropIgnored,
  ignoredPath,
  inlineIgnores,
  parseCodeList,
  type FoundConfig,
} from './config';
import type { ReportEntry } from './formats/report';
import { LANGUAGES } from './providers';
import { simpleCommands } from './shell';
import type { VerifyReport } from './verify';
import { FsContext } from './context';
import { colourTerminal, oneLine, safeLines, smartTerminal } from './terminal';
import { imageReferenceProblem } from './values';
import { convert, type ConvertResult } from './convert';
import {
  FileError,
  findDockerfiles,
  readDockerfile,
  decode,
  writeAtomic,
  type ReadFile,
  type WalkNote,
} from './files';

export const EXIT_OK = 0;
export const EXIT_CHANGES = 1;
export const EXIT_ERROR = 2;

export const FORMATS = ['diff', 'json', 'sarif', 'checkstyle'] as const;
export type Format = (typeof FORMATS)[number];

interface Options {
  paths: string[];
  write: boolean;
  check: boolean;
  stdout: boolean;
  /** --format json (or --json). */
  json: boolean;
  format: Format;
  /** --format (or --json) was given: --check then prints that format, not the file list. */
  formatGiven: boolean;
  /** Warning codes dropped for the run (--ignore). */
  ignore: Code[];
  /** Read .msconvertrc.json / package.json "msconvert" (--no-config: no). */
  config: boolean;
  /** Propose a .dockerignore per build context (--no-dockerignore: no). */
  dockerignore: boolean;
  /** ignorePaths apply to files named on the command line too (--no-ignore-paths: no). */
  ignorePaths: boolean;
  context?: string;
  lang?: string;
  runtime?: string;
  /** --cache: builder reordered for layer caching, with BuildKit cache mounts. */
  cache: boolean;
  color: boolean;
  backup: boolean;
  verify: boolean;
  probePath?: string;
  probePort?: number;
  probeCmd?: string;
  buildTimeout?: number;
  runTimeout?: number;
  /** --verify: environment for both containers (-e KEY=VALUE, --env-file FILE). */
  env?: string[];
  envFile?: string[];
  /** --inspect: build the original and plan from its facts (--verify does too). */
  inspect: boolean;
}

interface FileReport extends ConvertResult {
  path: string;
  /** True when --write replaced the file. */
  written?: boolean;
  /** The text read, for the diff. */
  original?: string;
  /** What --verify found. */
  verify?: VerifyReport;
  /** --inspect / --verify: the facts read from the built original, and what they changed. */
  facts?: FactsReport;
}

interface FactsReport {
  image?: import('./facts').ImageFacts;
  /** Where the facts-refined plan differs from the text-only one. */
  differences: string[];
  error?: string;
}

const VERSION: string = (() => {
  try {
    return (
      JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
  } catch {
    return '0.0.0';
  }
})();

function parseArgs(
  argv: string[],
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Options | number {
  let parsed: Record<string, unknown> | null = quickParse(argv);
  if (parsed === null) {
    const r = yargsParse(argv, out, err);
    if (typeof r === 'number') return r;
    parsed = r;
  }
  return optionsFrom(parsed, out, err);
}

/**
 * The common case without loading yargs (a third of start-up): every flag as yargs defines
 * it, read with node's util.parseArgs. Anything it does not take as is (help, version, a
 * mistake, --flag=value forms) goes to yargs, which then gives its usual answer.
 */
function quickParse(argv: string[]): Record<string, unknown> | null {
  if (argv.some((a) => /^-(h|v|-help|-version)$/.test(a))) return null;
  const str = { type: 'string' } as const;
  const bool = { type: 'boolean' } as const;
  let values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgv({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        write: { ...bool, short: 'w' },
        backup: bool,
        check: bool,
        stdout: bool,
        format: { ...str, short: 'f' },
        json: bool,
        color: bool,
        'no-color': bool,
        context: str,
        lang: str,
        runtime: str,
        cache: bool,
        ignore: { ...str, multiple: true },
        config: bool,
        'no-config': bool,
        dockerignore: bool,
        'no-dockerignore': bool,
        'ignore-paths': bool,
        'no-ignore-paths': bool,
        verify: bool,
        'probe-path': str,
        'probe-port': str,
        'probe-cmd': str,
        'build-timeout': str,
        'run-timeout': str,
        env: { ...str, short: 'e', multiple: true },
        'env-file': { ...str, multiple: true },
        inspect: bool,
      },
    }));
  } catch {
    return null;
  }
  if (values.format !== undefined && !(FORMATS as readonly unknown[]).includes(values.format)) {
    return null;
  }
  if (values.color && values['no-color']) return null;
  const num = (v: unknown) => (v === undefined ? undefined : Number(v));
  return {
    _: positionals,
    write: values.write ?? false,
    backup: values.backup ?? false,
    check: values.check ?? false,
    stdout: values.stdout ?? false,
    format: values.format,
    json: values.json,
    color: values['no-color'] ? false : values.color,
    context: values.context,
    lang: values.lang,
    runtime: values.runtime,
    cache: values.cache,
    ignore: values.ignore,
    config: !values['no-config'],
    dockerignore: !values['no-dockerignore'],
    ignorePaths: !values['no-ignore-paths'],
    verify: values.verify,
    probePath: values['probe-path'],
    probePort: num(values['probe-port']),
    probeCmd: values['probe-cmd'],
    buildTimeout: num(values['build-timeout']),
    runTimeout: num(values['run-timeout']),
    env: values.env,
    envFile: values['env-file'],
    inspect: values.inspect,
  };
}

function yargsParse(
  argv: string[],
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Record<string, unknown> | number {
  // Loaded here: only help, version and mistakes pay for it.
  const yargs = require('yargs') as typeof import('yargs');
  let exit: number | null = null;
  const parser = yargs(argv)
    .scriptName('msconvert')
    .usage(
      '$0 [paths..]\n\nTurn single-stage Dockerfiles into multi-stage ones: a builder stage and a lean runtime stage.\nPaths are Dockerfiles or folders (searched for Dockerfile, *.Dockerfile, Dockerfile.*);\n- reads stdin; no path: the current folder.',
    )
    .option('write', {
      alias: 'w',
      type: 'boolean',
      default: false,
      describe: 'Write conversions in place, atomically',
    })
    .option('backup', {
      type: 'boolean',
      default: false,
      describe: 'With --write, keep the original as <file>.orig',
    })
    .option('check', {
      type: 'boolean',
      default: false,
      describe: 'Exit 1 when any file would change, listing those files (for CI)',
    })
    .option('stdout', {
      type: 'boolean',
      default: false,
      describe: 'Print the converted Dockerfile instead of a diff (one file)',
    })
    .option('format', {
      alias: 'f',
      type: 'string',
      choices: FORMATS as unknown as string[],
      describe:
        'Report format: a unified diff (default), json, sarif (code scanning) or checkstyle',
    })
    .option('json', { type: 'boolean', describe: 'Same as --format json' })
    .option('color', { type: 'boolean', describe: 'Colour the diff (default: on a terminal)' })
    .option('context', {
      type: 'string',
      describe: "Build context folder (default: the Dockerfile's folder)",
    })
    .option('lang', {
      type: 'string',
      describe: `Force a language: ${languages().join(', ')}`,
    })
    .option('runtime', {
      type: 'string',
      describe: 'Runtime image or alias: distroless, slim, alpine, scratch',
    })
    .option('cache', {
      type: 'boolean',
      describe:
        'Also speed up rebuilds: dependency steps before the sources, BuildKit cache mounts (needs BuildKit)',
    })
    .option('ignore', {
      type: 'string',
      describe: 'Leave a warning out of the report: --ignore MSC101 (repeatable, or MSC101,MSC106)',
    })
    .option('config', {
      type: 'boolean',
      default: true,
      describe:
        'Read .msconvertrc.json or the "msconvert" key of package.json (--no-config: do not)',
    })
    .option('dockerignore', {
      type: 'boolean',
      default: true,
      describe:
        'Propose .dockerignore lines for what the build does not need (--no-dockerignore: do not)',
    })
    .option('ignore-paths', {
      type: 'boolean',
      default: true,
      describe:
        "Skip files the configuration's ignorePaths cover, also when named (--no-ignore-paths: convert them)",
    })
    .option('verify', {
      type: 'boolean',
      describe: 'Build and run the original and the converted image with Docker, compare them',
    })
    .option('probe-path', {
      type: 'string',
      describe: 'HTTP path to compare (default /)',
    })
    .option('probe-port', {
      type: 'number',
      describe: 'Container port to probe (default: first EXPOSE)',
    })
    .option('probe-cmd', {
      type: 'string',
      describe: 'Arguments to run a CLI image with',
    })
    .option('env', {
      alias: 'e',
      type: 'string',
      array: true,
      describe: 'KEY=VALUE for both containers (repeatable)',
    })
    .option('env-file', {
      type: 'string',
      array: true,
      describe: 'File of KEY=VALUE lines for both containers',
    })
    .option('inspect', {
      type: 'boolean',
      describe: 'Build the original with Docker and plan from what its image holds',
    })
    .option('build-timeout', {
      type: 'number',
      describe: 'Seconds per build (default 600)',
    })
    .option('run-timeout', {
      type: 'number',
      describe: 'Seconds for a container to answer (default 60)',
    })
    .group(['write', 'backup', 'check', 'stdout', 'format', 'json', 'color'], 'Output:')
    .group(
      ['context', 'lang', 'runtime', 'cache', 'ignore', 'config', 'dockerignore', 'ignore-paths'],
      'Conversion:',
    )
    .group(
      [
        'verify',
        'inspect',
        'probe-path',
        'probe-port',
        'probe-cmd',
        'env',
        'env-file',
        'build-timeout',
        'run-timeout',
      ],
      'Verification (--verify):',
    )
    .example('$0', 'show the diff for the Dockerfile(s) in the current folder')
    .example('$0 services/api/Dockerfile', 'show the diff for one file')
    .example('$0 --write .', 'convert in place')
    .example('$0 --check .', 'fail a CI job when a Dockerfile could be converted')
    .example('$0 --check --format sarif .', 'SARIF for code scanning (annotates pull requests)')
    .example('$0 --ignore MSC101 .', 'leave the npm start warning out of the report')
    .example('cat Dockerfile | $0 - --stdout', 'convert stdin and print the result')
    .example(
      '$0 --verify --write .',
      'write only conversions that build and answer like the original',
    )
    .epilogue(
      [
        'Exit codes: 0 done or nothing to do; 1 --check found a file to convert, or --verify a',
        'difference; 2 an error (bad flags, settings or input).',
        '',
        'Settings: .msconvertrc.json or "msconvert" in package.json, found from the Dockerfile\'s',
        'folder upwards, e.g. {"runtime": {"go": "slim"}, "ignore": ["MSC101"], "ignorePaths":',
        '["legacy/**"]}; flags win. A comment "# msconvert ignore=MSC101" silences a warning in',
        'that Dockerfile.',
        '',
        `Every message has a code, explained at ${RULES_URL}/<CODE>.md`,
      ].join('\n'),
    )
    .strictOptions()
    .version(VERSION)
    .help()
    .alias('h', 'help')
    .alias('v', 'version')
    .wrap(100)
    .exitProcess(false)
    .fail((msg, e) => {
      if (exit === null)
        err.write(
          `msconvert: ${oneLine(String(msg ?? e?.message).split('\n')[0])} (msconvert --help shows the usage)\n`,
        );
      exit = EXIT_ERROR;
    });
  let parsed: Record<string, unknown>;
  let printed = '';
  try {
    parsed = parser.parseSync(argv, {}, (_e, _a, output) => {
      printed = output;
    }) as Record<string, unknown>;
  } catch (e) {
    if (exit === null) err.write(`msconvert: ${oneLine((e as Error).message.split('\n')[0])}\n`);
    return EXIT_ERROR;
  }
  if (exit !== null) return exit;
  if (printed) {
    out.write(printed.endsWith('\n') ? printed : `${printed}\n`);
    return EXIT_OK;
  }
  return parsed;
}

function optionsFrom(
  parsed: Record<string, unknown>,
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
  for (const k of [
    'probePath',
    'probePort',
    'probeCmd',
    'buildTimeout',
    'runTimeout',
    'env',
    'envFile',
  ] as const) {
    if (opts[k] !== undefined && !opts.verify) {
      err.write(
        `msconvert: --${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} only makes sense with --verify\n`,
      );
      return EXIT_ERROR;
    }
  }
  for (const k of ['probePort', 'buildTimeout', 'runTimeout'] as const) {
    const v = opts[k];
    if (v !== undefined && (!Number.isFinite(v) || v <= 0)) {
      err.write(
        `msconvert: --${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} needs a positive number\n`,
      );
      return EXIT_ERROR;
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
      err.write(`msconvert: --${a} and --${b} cannot be used together\n`);
      return EXIT_ERROR;
    }
  }
  if (opts.stdout && opts.formatGiven) {
    err.write(`msconvert: --stdout prints the Dockerfile; it cannot be used with --format\n`);
    return EXIT_ERROR;
  }
  if (opts.write && (opts.format === 'sarif' || opts.format === 'checkstyle')) {
    err.write(
      `msconvert: --format ${opts.format} reports the changes for review; use it with --check or alone, not with --write\n`,
    );
    return EXIT_ERROR;
  }
  if (opts.paths.includes('-') && opts.write) {
    err.write('msconvert: --write cannot be used with - (stdin); use --stdout\n');
    return EXIT_ERROR;
  }
  if (opts.backup && !opts.write) {
    err.write('msconvert: --backup only makes sense with --write\n');
    return EXIT_ERROR;
  }
  if (opts.runtime !== undefined) {
    const bad = imageReferenceProblem(opts.runtime);
    if (bad) {
      err.write(
        `msconvert: --runtime: ${oneLine(JSON.stringify(opts.runtime))} cannot be used: ${bad} [MSC908]\n`,
      );
      return EXIT_ERROR;
    }
  }
  if (opts.lang && !languages().includes(opts.lang)) {
    err.write(
      `msconvert: --lang ${oneLine(opts.lang)} is not supported (${languages().join(', ')})\n`,
    );
    return EXIT_ERROR;
  }
  if (opts.context !== undefined && !isDir(opts.context)) {
    err.write(`msconvert: --context ${oneLine(opts.context)}: not a folder\n`);
    return EXIT_ERROR;
  }
  return opts;
}

/** Language ids --lang and the configuration's "runtime" accept. */
function languages(): string[] {
  // 'other' only declines languages msconvert has no provider for: not one to force.
  return LANGUAGES.map((p) => p.id);
}

function isDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function colorize(patch: string): string {
  return patch
    .split('\n')
    .map((l) => {
      if (l.startsWith('+++') || l.startsWith('---')) return `\x1b[1m${l}\x1b[0m`;
      if (l.startsWith('+')) return `\x1b[32m${l}\x1b[0m`;
      if (l.startsWith('-')) return `\x1b[31m${l}\x1b[0m`;
      if (l.startsWith('@@')) return `\x1b[36m${l}\x1b[0m`;
      return l;
    })
    .join('\n');
}

function ruleLink(code: Code | null): string {
  return code ? ` [${code}]` : '';
}

function explain(r: FileReport): string {
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

function errorReport(p: string, code: Code, message: string, text = ''): FileReport {
  return {
    path: p,
    status: 'error',
    language: null,
    reason: message,
    code,
    warnings: [],
    output: text,
    explanation: null,
  };
}

async function readStdin(stdin: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks);
}

export interface Io {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** One line per file for the closing summary; the full report is not kept. */
interface Line {
  path: string;
  status: ConvertResult['status'];
  language: string | null;
  code: Code | null;
  runtime: string | null;
  savingMB: number | null;
  verdict: string | null;
  /** --verify: the original itself did not build. */
  originalFailed: boolean;
}

interface Input {
  display: string;
  file: string | null;
  context: string;
  /** The settings that apply to this file (null: none, or --no-config). */
  config: FoundConfig | null;
}

/** Throws ConfigError for a configuration file that cannot be used. */
function discover(opts: Options, errors: FileReport[], notes: WalkNote[]): Input[] {
  const finder = opts.config ? new ConfigFinder(languages()) : null;
  const found: { display: string; file: string | null }[] = [];
  for (const p of opts.paths) {
    if (p === '-') {
      found.push({ display: '-', file: null });
      continue;
    }
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const why =
        code === 'ENOENT'
          ? 'no such file or folder'
          : code === 'EACCES'
            ? 'permission denied'
            : (e as Error).message;
      errors.push(errorReport(p, 'MSC901', why));
      continue;
    }
    if (st.isDirectory()) {
      const files = findDockerfiles(p, true, notes);
      if (files.length === 0)
        errors.push(errorReport(p, 'MSC901', 'no Dockerfile found in this folder'));
      for (const f of files) {
        const cfg = finder?.find(path.dirname(f)) ?? null;
        if (cfg && ignoredPath(cfg, f)) continue;
        found.push({ display: f, file: f });
      }
    } else {
      // Named files honour ignorePaths too (a pre-commit hook names every file it checks);
      // --no-ignore-paths converts them anyway.
      const cfg = opts.ignorePaths ? (finder?.find(path.dirname(p)) ?? null) : null;
      if (cfg && ignoredPath(cfg, p)) continue;
      found.push({ display: p, file: p });
    }
  }
  // Compose files beside the Dockerfiles (and in the folders given) may name other contexts.
  const dirs = new Set<string>();
  for (const f of found) if (f.file) dirs.add(path.resolve(path.dirname(f.file)));
  for (const p of opts.paths) if (p !== '-' && isDir(p)) dirs.add(path.resolve(p));
  const composed = opts.context ? new Map<string, string>() : composeContexts(dirs);
  return found.map((f) => ({
    ...f,
    context:
      opts.context ??
      (f.file === null
        ? process.cwd()
        : (composed.get(path.resolve(f.file)) ?? path.dirname(f.file))),
    config:
      finder?.find(f.file === null ? (opts.context ?? process.cwd()) : path.dirname(f.file)) ??
      null,
  }));
}

/** A path for messages: relative under the current folder, else as it is. */
function shown(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
}

async function processOne(input: Input, opts: Options, io: Io): Promise<FileReport> {
  let read: ReadFile | null = null;
  let text: string;
  try {
    if (input.file === null) text = decode(await readStdin(io.stdin));
    else {
      read = readDockerfile(input.file);
      text = read.text;
    }
  } catch (e) {
    const fe = e instanceof FileError ? e : new FileError('MSC901', (e as Error).message);
    return errorReport(input.display, fe.code, fe.message);
  }
  let r: ConvertResult;
  try {
    const ctx = new FsContext(input.context);
    const settings = input.config?.config;
    const ignore = [...(settings?.ignore ?? []), ...opts.ignore];
    // --cache, or "cache": true in the configuration.
    const cache = opts.cache || Boolean(settings?.cache);
    r = convert(text, ctx, { lang: opts.lang, runtime: opts.runtime, ignore, cache });
    // The configuration's runtime for the language found; --runtime wins over it.
    const configured =
      !opts.runtime && r.language && input.config ? settings?.runtime[r.language] : undefined;
    if (configured && input.config) {
      r = convert(text, ctx, { lang: opts.lang, runtime: configured, ignore, cache });
      const from = `runtime ${configured} for ${r.language ?? 'this language'} from ${shown(input.config.file)}`;
      if (r.explanation) r.explanation.notes.push(from);
      else if (r.status === 'declined' && r.reason) r.reason = `${r.reason} (${from})`;
    }
  } catch (e) {
    // A bug in msconvert must not cost the user their file: report it and go on.
    r = {
      status: 'error',
      language: null,
      reason: `internal error: ${(e as Error).message}`,
      code: null,
      warnings: [],
      output: text,
      explanation: null,
    };
  }
  // --inspect and --verify: facts from the built original refine the plan (src/facts).
  let facts: FactsReport | undefined;
  let prebuilt: import('./verify').VerifyOptions['prebuilt'];
  if ((opts.inspect || opts.verify) && (r.status === 'converted' || r.status === 'declined')) {
    const { inspect } = require('./facts') as typeof import('./facts');
    const { available, DockerSession } = require('./docker') as typeof import('./docker');
    const docker = await available();
    if (docker.ok) {
      const ctx = new FsContext(input.context);
      const runtime =
        opts.runtime ?? (r.language ? input.config?.config.runtime[r.language] : undefined);
      const ignore = [...(input.config?.config.ignore ?? []), ...opts.ignore];
      const out = await inspect(
        text,
        input.context,
        ctx,
        { lang: opts.lang, runtime, ignore },
        new DockerSession(docker.backend),
        {
          buildTimeoutMs: opts.buildTimeout !== undefined ? opts.buildTimeout * 1000 : undefined,
          onProgress: (msg) => {
            if (!opts.json) io.stderr.write(`${input.display}: ${msg}\n`);
          },
        },
      );
      r = out.result;
      facts = { image: out.facts, differences: out.differences, error: out.error };
      prebuilt = out.prebuilt;
    }
  }
  const report: FileReport = { path: input.display, ...r, original: text, facts };
  try {
    if (opts.verify && r.status === 'converted') {
      report.verify = await verifyOne(text, r.output, input, opts, io, prebuilt);
      if (opts.write && report.verify.verdict !== 'verified') return report;
    }
  } finally {
    await prebuilt?.session.cleanup();
  }
  if (opts.write && read && input.file && r.status === 'converted' && r.output !== text) {
    try {
      writeAtomic(input.file, r.output, read, opts.backup ? { backupSuffix: '.orig' } : {});
      report.written = true;
    } catch (e) {
      const fe = e instanceof FileError ? e : new FileError('MSC905', (e as Error).message);
      return { ...report, status: 'error', code: fe.code, reason: fe.message, output: text };
    }
  }
  return report;
}

async function verifyOne(
  original: string,
  converted: string,
  input: Input,
  opts: Options,
  io: Io,
  prebuilt?: import('./verify').VerifyOptions['prebuilt'],
): Promise<VerifyReport> {
  // Loaded only for --verify.
  const { verify } = require('./verify') as typeof import('./verify');
  const tty = smartTerminal(io.stderr) && !opts.json;
  const frames = ['|', '/', '-', '\\'];
  let frame = 0;
  let last = '';
  const draw = () =>
    io.stderr.write(
      `\r\x1b[K${frames[frame++ % frames.length]} ${oneLine(`${input.display}: ${last}`)}`,
    );
  const timer = tty ? setInterval(draw, 120) : null;
  try {
    return await verify(original, converted, input.context, {
      probePath: opts.probePath,
      probePort: opts.probePort,
      probeCmd:
        opts.probeCmd === undefined ? undefined : (simpleCommands(opts.probeCmd)[0]?.argv ?? []),
      buildTimeoutMs: opts.buildTimeout !== undefined ? opts.buildTimeout * 1000 : undefined,
      runTimeoutMs: opts.runTimeout !== undefined ? opts.runTimeout * 1000 : undefined,
      env: { vars: opts.env, files: opts.envFile },
      prebuilt,
      onProgress: (msg) => {
        last = msg;
        if (tty) draw();
        else if (!opts.json) io.stderr.write(`${oneLine(`${input.display}: ${msg}`)}\n`);
      },
    });
  } finally {
    if (timer) clearInterval(timer);
    if (tty) io.stderr.write('\r\x1b[K');
  }
}

function verifyText(v: VerifyReport): string {
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

function emit(r: FileReport, opts: Options, io: Io): void {
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
      // git-style a/ b/ labels for paths under the current folder, so `git apply` takes the diff.
      const rel = r.path === '-' ? 'Dockerfile' : path.relative(process.cwd(), r.path);
      const inside = !rel.startsWith('..') && !path.isAbsolute(rel);
      const [from, to] = inside ? [`a/${rel}`, `b/${rel}`] : [r.path, r.path];
      // Loaded here: only diff mode pays for it.
      const { createTwoFilesPatch } = require('diff/lib/patch/create.js') as typeof import('diff');
      const patch = createTwoFilesPatch(from, to, r.original ?? '', r.output, '', '');
      const body = patch.replace(/^=+\n/m, '').replace(/^Index: .*\n/m, '');
      // A diff read on a terminal shows the file's control characters, never runs them; piped,
      // it stays byte for byte so that `git apply` takes it.
      const human = opts.color || Boolean((io.stdout as NodeJS.WriteStream).isTTY);
      const shown = human ? safeLines(body) : body;
      io.stdout.write(opts.color ? colorize(shown) : shown);
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

function jsonFile(r: FileReport): string {
  return JSON.stringify(
    {
      path: r.path,
      status: r.status,
      language: r.language,
      reason: r.reason,
      code: r.code,
      warnings: r.warnings,
      output: r.output,
      explanation: r.explanation,
      ...(r.written !== undefined ? { written: r.written } : {}),
      ...(r.verify ? { verify: r.verify } : {}),
      ...(r.facts ? { facts: r.facts } : {}),
    },
    null,
    2,
  ).replace(/\n/g, '\n    ');
}

function summary(lines: Line[]): string {
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
    const { available } = require('./docker') as typeof import('./docker');
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
        ? (require('./formats/sarif') as typeof import('./formats/sarif')).sarif(entries, format)
        : (require('./formats/checkstyle') as typeof import('./formats/checkstyle')).checkstyle(
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

/** The .dockerignore proposals of a run, or null when it makes none. */
function dockerignoreRun(inputs: Input[], opts: Options) {
  // --stdout prints one Dockerfile; SARIF and Checkstyle report Dockerfile findings only.
  if (!opts.dockerignore || opts.stdout || opts.format === 'sarif' || opts.format === 'checkstyle')
    return null;
  // Loaded here: --no-dockerignore runs never pay for it.
  const { DockerignoreRun } = require('./dockerignore/run') as typeof import('./dockerignore/run');
  const run = new DockerignoreRun(inputs, {
    backupSuffix: opts.write && opts.backup ? '.orig' : null,
    // --write --verify writes only what was verified, and the images were built without the
    // proposal: it is shown, not written.
    write: opts.write && !opts.verify,
    shown,
  });
  // The warnings a proposal adds are silenced like any other (--ignore, settings, inline).
  const silence = (r: FileReport): FileReport => {
    const input = inputs.find((i) => i.display === r.path);
    const ignore = [...(input?.config?.config.ignore ?? []), ...opts.ignore];
    return dropIgnored(r, r.original ?? '', ignore) as FileReport;
  };
  return { run, silence };
}

/** True when this file asks for no proposal: settings, or MSC140 silenced anywhere. */
function dockerignoreOff(input: Input, r: FileReport, opts: Options): boolean {
  if (input.config?.config.dockerignore === false) return true;
  const silenced = [...opts.ignore, ...(input.config?.config.ignore ?? [])];
  return silenced.includes('MSC140') || inlineIgnores(r.original ?? '').includes('MSC140');
}

function emitIgnore(
  r: import('./dockerignore/run').IgnoreReport,
  opts: Options,
  io: Io,
): { json?: string } {
  const { explainIgnore, ignoreDiff, ignoreJson } =
    require('./dockerignore/run') as typeof import('./dockerignore/run');
  if (opts.json) return { json: JSON.stringify(ignoreJson(r), null, 2).replace(/\n/g, '\n    ') };
  if (opts.check) io.stdout.write(`${r.path}\n`);
  else if (!opts.write) {
    const patch = ignoreDiff(r, process.cwd());
    io.stdout.write(opts.color ? colorize(patch) : patch);
  }
  if (r.status === 'error')
    io.stderr.write(`msconvert: ${r.path}: ${r.error?.message} [${r.error?.code}]\n`);
  io.stderr.write(explainIgnore(r));
  return {};
}

function ignoreLine(r: import('./dockerignore/run').IgnoreReport): Line {
  return {
    path: r.path,
    status: 'error',
    language: null,
    code: (r.error?.code ?? 'MSC905') as Code,
    runtime: null,
    savingMB: null,
    verdict: null,
    originalFailed: false,
  };
}

function exitCode(lines: Line[], opts: Options): number {
  const errors = lines.some((l) => l.status === 'error');
  const converted = lines.some((l) => l.status === 'converted');
  if (errors) return EXIT_ERROR;
  // --verify: a conversion that builds or behaves differently is a failed check (1); a
  // verification that could not run (the original does not build or does not demonstrably
  // work: inconclusive) is an error (2).
  const verdicts = lines.map((l) => l.verdict).filter((v) => v !== null);
  if (verdicts.some((v) => v === 'error' || v === 'inconclusive')) return EXIT_ERROR;
  if (lines.some((l) => l.verdict === 'build-failed' && l.status === 'converted')) {
    return verdictOriginalFailed(lines) ? EXIT_ERROR : EXIT_CHANGES;
  }
  if (verdicts.some((v) => v === 'different')) return EXIT_CHANGES;
  if (opts.check && converted) return EXIT_CHANGES;
  return EXIT_OK;
}

function verdictOriginalFailed(lines: Line[]): boolean {
  return lines.some((l) => l.verdict === 'build-failed' && l.originalFailed);
}

export { CODES };
