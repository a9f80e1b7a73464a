// How a Python tool is started (pip, python -m pip, /opt/venv/bin/python -m poetry,
// python setup.py ...) and how its arguments are read.
import { commandName } from '../../shell';
import { readToolArgs, type ToolArgTable } from '../../analysis/tool-args';
import { isPython } from './names';

/** A Python tool invocation with the interpreter prefix (python -m x) taken off. */
export interface Invocation {
  tool: string;
  /** The program that runs: pip or /opt/venv/bin/python. */
  exe: string;
  args: string[];
}

// The interpreter's own options end at -m, -c or the script, and everything after belongs to
// the module: not the shape of a tool table (whose options run on past positionals), so the
// few interpreter options that take a value are stepped over here.
const PYTHON_FLAGS_WITH_VALUE = new Set(['-W', '-X', '-c']);

export function invocation(argv: string[]): Invocation | null {
  if (argv.length === 0) return null;
  const head = argv[0];
  if (isPython(head)) {
    let i = 1;
    while (i < argv.length && argv[i].startsWith('-') && argv[i] !== '-m') {
      if (argv[i] === '-c') return null;
      i += PYTHON_FLAGS_WITH_VALUE.has(argv[i]) ? 2 : 1;
    }
    if (argv[i] === '-m' && argv[i + 1])
      return { tool: argv[i + 1], exe: head, args: argv.slice(i + 2) };
    if (argv[i] && /(^|\/)setup\.py$/.test(argv[i]))
      return { tool: 'setup.py', exe: head, args: argv.slice(i + 1) };
    if (argv[i] && /(^|\/)manage\.py$/.test(argv[i]))
      return { tool: 'manage.py', exe: head, args: argv.slice(i + 1) };
    return null;
  }
  const name = commandName(head);
  return { tool: /^pip\d*(\.\d+)?$/.test(name) ? 'pip' : name, exe: head, args: argv.slice(1) };
}

/**
 * The options of pip, Poetry, Pipenv, uv and pdm that take a value. One table for all: their
 * option names do not clash in meaning where the provider reads them.
 */
const PIP_ARGS: ToolArgTable = {
  valued: new Set([
    '-r',
    '--requirement',
    '-c',
    '--constraint',
    '-e',
    '--editable',
    '-t',
    '--target',
    '--prefix',
    '--root',
    '-i',
    '--index-url',
    '--extra-index-url',
    '-f',
    '--find-links',
    '--cache-dir',
    '--log',
    '--proxy',
    '--timeout',
    '--retries',
    '--trusted-host',
    '--cert',
    '--client-cert',
    '--exists-action',
    '--src',
    '--platform',
    '--python-version',
    '--implementation',
    '--abi',
    '--upgrade-strategy',
    '--progress-bar',
    '--config-settings',
    '-C',
    '--global-option',
    '--install-option',
    '--python',
    '-p',
    '--report',
    '--only-binary',
    '--no-binary',
    '--root-user-action',
    '--use-feature',
    '--use-deprecated',
    '--keyring-provider',
    '--directory',
    '--project',
    '--group',
    '--extra',
    '--only-group',
    '--no-group',
    '--with',
    '--without',
    '--only',
    '-E',
    '--extras',
    '--index',
    '--default-index',
    '--python-preference',
    '--prompt',
  ]),
  glued: new Set(['-r', '-c', '-e', '-t', '-f', '-i', '-C', '-p', '-E']),
};

export interface Args {
  sub: string[];
  flags: Map<string, string[]>;
  positional: string[];
}

/**
 * Splits tool arguments into subcommand words, flags (with values) and positionals. Words
 * after a bare `--` are positionals, as these tools' option parsers take them.
 */
export function readArgs(args: string[], subWords: number): Args {
  const a = readToolArgs(args, { ...PIP_ARGS, subWords });
  return { sub: a.sub, flags: a.flags, positional: [...a.positional, ...a.rest] };
}

export const flag = (a: Args, ...names: string[]): string[] =>
  names.flatMap((n) => a.flags.get(n) ?? []);
export const has = (a: Args, ...names: string[]): boolean => names.some((n) => a.flags.has(n));
