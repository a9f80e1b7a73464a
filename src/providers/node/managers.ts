// The package managers (npm, yarn, pnpm; bun is recognised to be declined): which commands
// install, what they install, where the modules go, and which commands a package provides.
import * as path from 'path';
import { allCommands, type Command, type StageModel } from '../../analysis/stage';
import { commandName } from '../../shell';
import { data, type Install, type Manager } from './types';

export function managerOf(word: string | undefined): Manager | null {
  const n = commandName(word);
  if (n === 'npm' || n === 'yarn' || n === 'pnpm' || n === 'bun') return n;
  return null;
}

const VALUED = new Set(['--prefix', '-C', '--cwd', '--dir', '--modules-folder', '--filter', '-F']);

export function readInstall(cmd: Command): Install | null {
  let argv = cmd.argv;
  // corepack pnpm install / npx pnpm install
  if ((commandName(argv[0]) === 'corepack' || commandName(argv[0]) === 'npx') && managerOf(argv[1]))
    argv = argv.slice(1);
  const manager = managerOf(argv[0]);
  if (!manager) return null;
  const args = argv.slice(1);
  // Options that take a value: their value is neither the subcommand nor a package.
  const words = args.filter(
    (a, i) => !VALUED.has(a) && !(i > 0 && VALUED.has(args[i - 1]) && !a.startsWith('-')),
  );
  const sub = words.find((a) => !a.startsWith('-'));
  const flags = args.filter((a) => a.startsWith('-'));
  let isInstall = false;
  let global =
    flags.includes('-g') || flags.includes('--global') || flags.includes('--location=global');
  if (manager === 'npm')
    isInstall = ['ci', 'install', 'i', 'add', 'clean-install', 'isntall'].includes(sub ?? '');
  else if (manager === 'yarn') {
    if (sub === 'global' && words[words.indexOf(sub) + 1] === 'add') {
      isInstall = true;
      global = true;
    } else isInstall = sub === undefined || sub === 'install' || sub === 'add';
  } else isInstall = ['install', 'i', 'add'].includes(sub ?? '');
  if (!isInstall) return null;
  const prodOnly =
    flags.some((f) => /^--(omit=dev|production|prod|only=prod(uction)?)$/.test(f) || f === '-P') ||
    cmd.vars.NODE_ENV === 'production' ||
    (cmd.vars.npm_config_production ?? '') === 'true';
  const subIndex = sub ? words.indexOf(sub) : -1;
  const named =
    subIndex >= 0 ? words.slice(subIndex + 1).filter((a) => !a.startsWith('-') && a !== 'add') : [];
  return {
    cmd,
    manager,
    global,
    prodOnly,
    named,
    modules: modulesFolder(cmd, manager, global, args),
  };
}

/** The value of an option given as `--name value` or `--name=value`. */
function optionValue(args: string[], names: string[]): string | null {
  for (let i = 0; i < args.length; i++) {
    for (const n of names) {
      if (args[i] === n) return args[i + 1] ?? null;
      if (args[i].startsWith(`${n}=`)) return args[i].slice(n.length + 1);
    }
  }
  return null;
}

/** Where an install puts its modules: --prefix, --cwd, --dir, --modules-folder, or global. */
function modulesFolder(
  cmd: Command,
  manager: Manager,
  global: boolean,
  args: string[],
): string | null {
  const at = (p: string) => path.posix.resolve(cmd.cwd, p);
  if (global) {
    if (manager !== 'npm') return null;
    const prefix =
      optionValue(args, ['--prefix']) ?? cmd.vars.NPM_CONFIG_PREFIX ?? cmd.vars.npm_config_prefix;
    return `${at(prefix || '/usr/local')}/lib/node_modules`;
  }
  if (manager === 'npm') {
    const prefix = optionValue(args, ['--prefix', '-C']);
    return `${at(prefix ?? '.')}/node_modules`.replace(/^\/\/+/, '/');
  }
  if (manager === 'yarn') {
    const folder = optionValue(args, ['--modules-folder']);
    if (folder) return at(folder);
    return `${at(optionValue(args, ['--cwd']) ?? '.')}/node_modules`.replace(/^\/\/+/, '/');
  }
  if (manager === 'pnpm') {
    return `${at(optionValue(args, ['--dir', '-C']) ?? '.')}/node_modules`.replace(/^\/\/+/, '/');
  }
  return null;
}

export function pkgBase(spec: string): string {
  // @scope/name@1.2.3 -> @scope/name ; name@^1 -> name
  const at = spec.indexOf('@', spec.startsWith('@') ? 1 : 0);
  return at > 0 ? spec.slice(0, at) : spec;
}

export function binsOf(pkg: string): string[] {
  return data().bins[pkg] ?? [pkg.replace(/^@[^/]+\//, '')];
}

/** Every install the stage runs, in order. */
export function installsOf(model: StageModel): Install[] {
  return allCommands(model)
    .map(readInstall)
    .filter((i): i is Install => i !== null);
}

/** The folder an install worked for: the parent of its modules folder, or where it ran. */
export function projectOf(i: Install): string {
  return i.modules ? path.posix.dirname(i.modules) : i.cmd.cwd;
}
