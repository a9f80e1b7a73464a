// Reading argv into raw values, by the flag table (src/cli/flags.ts): the common case with
// node's util.parseArgs; help, version and mistakes with yargs, loaded only for them.
import { parseArgs as parseArgv } from 'util';
import { RULES_URL } from '../codes';
import { oneLine } from '../terminal';
import { EXIT_ERROR, EXIT_OK } from './exit';
import { camel, FLAGS, languages } from './flags';
import { VERSION } from './version';

/** Raw values by camelCase key (`_`: the paths), or the exit code when argv was answered. */
export type Parsed = Record<string, unknown>;

export function readArgv(
  argv: string[],
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Parsed | number {
  return quickParse(argv) ?? yargsParse(argv, out, err);
}

type Value = string | boolean | (string | boolean)[] | undefined;

/**
 * The common case without loading yargs (a third of start-up): every flag as yargs defines
 * it, read with node's util.parseArgs. Anything it does not take as is (help, version, a
 * mistake, --flag=value forms) goes to yargs, which then gives its usual answer.
 */
function quickParse(argv: string[]): Parsed | null {
  if (argv.some((a) => /^-(h|v|-help|-version)$/.test(a))) return null;
  const options: NonNullable<Parameters<typeof parseArgv>[0]>['options'] = {};
  for (const f of FLAGS) {
    options[f.name] = {
      type: f.type === 'boolean' ? 'boolean' : 'string',
      ...(f.alias ? { short: f.alias } : {}),
      ...(f.many ? { multiple: true } : {}),
    };
    if (f.negatable) options[`no-${f.name}`] = { type: 'boolean' };
  }
  let values: Record<string, Value>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgv({
      args: argv,
      allowPositionals: true,
      strict: true,
      options,
    }));
  } catch {
    return null;
  }
  const parsed: Parsed = { _: positionals };
  for (const f of FLAGS) {
    let v: unknown = values[f.name];
    if (f.choices && v !== undefined && !f.choices.includes(v as string)) return null;
    if (f.negatable && values[`no-${f.name}`]) {
      // Both, with no default to fall back on: yargs decides, as it always has.
      if (v && f.default === undefined) return null;
      v = false;
    }
    if (f.type === 'number' && v !== undefined) v = Number(v);
    parsed[camel(f.name)] = v ?? f.default;
  }
  return parsed;
}

function yargsParse(
  argv: string[],
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Parsed | number {
  // Loaded here: only help, version and mistakes pay for it.
  const yargs = require('yargs') as typeof import('yargs');
  let exit: number | null = null;
  let parser = yargs(argv)
    .scriptName('msconvert')
    .usage(
      '$0 [paths..]\n\nTurn single-stage Dockerfiles into multi-stage ones: a builder stage and a lean runtime stage.\nPaths are Dockerfiles or folders (searched for Dockerfile, *.Dockerfile, Dockerfile.*);\n- reads stdin; no path: the current folder.',
    );
  const groups = new Map<string, string[]>();
  for (const f of FLAGS) {
    parser = parser.option(f.name, {
      type: f.type,
      describe: typeof f.describe === 'function' ? f.describe() : f.describe,
      ...(f.alias ? { alias: f.alias } : {}),
      ...(f.default !== undefined ? { default: f.default } : {}),
      ...(f.choices ? { choices: f.choices as string[] } : {}),
      ...(f.many === 'array' ? { array: true } : {}),
    });
    groups.set(f.group, [...(groups.get(f.group) ?? []), f.name]);
  }
  for (const [title, names] of groups) parser = parser.group(names, title);
  parser = parser
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
  let parsed: Parsed;
  let printed = '';
  try {
    parsed = parser.parseSync(argv, {}, (_e, _a, output) => {
      printed = output;
    }) as Parsed;
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

export { languages };
