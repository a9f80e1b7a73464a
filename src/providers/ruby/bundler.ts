// Bundler and RubyGems in the build: where each `bundle install` and `gem install` puts its
// gems, and which Bundler configuration files the build writes, with Bundler's own order of
// precedence (BUNDLE_* environment, then the app's config, then the user's). The runtime
// needs all of them at the same paths: `bundle exec` reads the same settings (`without`,
// `path`, `deployment`) to find the same gems.
import * as path from 'path';
import type { Code } from '../../codes';
import { isSystemFolder } from '../../analysis/system-folders';
import { readToolArgs, lastOption, type ToolArgTable } from '../../analysis/tool-args';
import type { Command, StageModel } from '../../analysis/stage';
import { commandName } from '../../shell';
import { decline, type Decline } from '../contract';
import type { BundleInstall, Place } from './types';

const BUNDLE_INSTALL: ToolArgTable = {
  valued: new Set([
    '--path',
    '--gemfile',
    '--without',
    '--with',
    '--jobs',
    '-j',
    '--retry',
    '--binstubs',
    '--shebang',
    '--standalone',
    '--trust-policy',
    '--target-rbconfig',
  ]),
  glued: new Set(['-j']),
};

const GEM_INSTALL: ToolArgTable = {
  valued: new Set([
    '-i',
    '--install-dir',
    '-n',
    '--bindir',
    '-v',
    '--version',
    '--platform',
    '-s',
    '--source',
    '-P',
    '--trust-policy',
    '--document',
    '--build-root',
    '-g',
    '--file',
  ]),
  short: { '-i': '--install-dir', '-n': '--bindir' },
  subWords: 1,
};

const TRUE = /^(1|true|yes)$/i;

export interface BundlerWalk {
  installs: BundleInstall[];
  /** Gem folders, config files and binstub folders the runtime needs. */
  places: Place[];
  /** Folders where Bundler runs (the apps), for the app copies. */
  roots: string[];
  /** RUN lines that run the app's own tasks (`bundle exec rake assets:precompile`). */
  tasks: Command[];
  notes: string[];
  decline: Decline | null;
}

/** The folder the Bundler or RubyGems command runs as, for ~/.bundle and ~/.gem. */
function homeOf(model: StageModel, user: string | null, vars: Record<string, string>): string {
  if (vars.HOME?.startsWith('/')) return vars.HOME;
  const name = (user ?? 'root').split(':')[0];
  if (name === 'root' || name === '0') return '/root';
  for (const c of model.runs.flatMap((r) => r.commands)) {
    const tool = commandName(c.argv[0]);
    if ((tool !== 'useradd' && tool !== 'adduser') || !c.argv.includes(name)) continue;
    const i = c.argv.findIndex((a) => a === '-d' || a === '--home' || a === '--home-dir');
    if (i >= 0 && c.argv[i + 1]) return c.argv[i + 1];
  }
  return /^\d+$/.test(name) ? '' : `/home/${name}`;
}

/** A Bundler setting's environment name: path.system -> BUNDLE_PATH__SYSTEM. */
function envName(key: string): string {
  return `BUNDLE_${key.toUpperCase().replace(/\./g, '__').replace(/-/g, '___')}`;
}

/** `bundle` as Bundler's own command (bundle, bundler, bin/bundle). */
export function isBundle(word: string | undefined): boolean {
  const n = commandName(word);
  return n === 'bundle' || n === 'bundler';
}

/** The words after `bundle exec`, or null. */
export function bundleExec(argv: string[]): string[] | null {
  return isBundle(argv[0]) && argv[1] === 'exec' ? argv.slice(2) : null;
}

const dynamic = (v: string) => v.includes('$') || v.includes('`');

/** One command of the walk: the shared state and where Bundler reads and writes for it. */
interface Step {
  cmd: Command;
  argv: string[];
  vars: Record<string, string>;
  user: string | null;
  out: BundlerWalk;
  gemHome: string;
  fail: (code: Code, reason: string) => void;
  place: (p: string, why: string) => void;
  setConfig: (file: string, key: string, value: string | null) => void;
  abs: (p: string) => string;
  gemfileOf: (flag: string | null) => string;
  rootOf: (gemfile: string) => string;
  appConfig: (root: string) => string;
  userConfig: () => string;
  /** A setting as Bundler reads it: environment, then the app's config, then the user's. */
  setting: (root: string, key: string) => string | undefined;
}

function step(
  model: StageModel,
  user: string | null,
  cmd: Command,
  configs: Map<string, Map<string, string>>,
  shared: Pick<Step, 'out' | 'gemHome' | 'fail' | 'place' | 'setConfig'>,
): Step {
  const { vars } = cmd;
  const abs = (p: string) => path.posix.resolve(cmd.cwd, p);
  const home = homeOf(model, user, vars);
  const appConfig = (root: string) => path.posix.resolve(root, vars.BUNDLE_APP_CONFIG ?? '.bundle');
  const userConfig = () =>
    vars.BUNDLE_USER_CONFIG
      ? abs(vars.BUNDLE_USER_CONFIG)
      : vars.BUNDLE_USER_HOME
        ? `${abs(vars.BUNDLE_USER_HOME)}/config`
        : home
          ? `${home}/.bundle/config`
          : '';
  return {
    ...shared,
    cmd,
    argv: cmd.argv,
    vars,
    user,
    abs,
    gemfileOf: (flag) => abs(flag ?? vars.BUNDLE_GEMFILE ?? 'Gemfile'),
    rootOf: (gemfile) => path.posix.dirname(gemfile),
    appConfig,
    userConfig,
    setting: (root, key) =>
      vars[envName(key)] ??
      configs.get(`${appConfig(root)}/config`)?.get(key) ??
      configs.get(userConfig())?.get(key),
  };
}

/** `bundle config [set|unset] [--local|--global] KEY VALUE` (and Bundler 1's form). */
function bundleConfig(s: Step, rest: string[]): void {
  const { argv, fail, place, setConfig, rootOf, gemfileOf, appConfig, userConfig } = s;
  const words = rest.filter((w) => !/^--(local|global)$/.test(w));
  const local = rest.includes('--local');
  let verb = words[0];
  let args = words.slice(1);
  if (verb !== 'set' && verb !== 'unset' && verb !== 'get' && verb !== 'list') {
    // The Bundler 1 form: bundle config [--local] KEY VALUE.
    args = words;
    verb = words.length > 1 ? 'set' : 'get';
  }
  if (verb !== 'set' && verb !== 'unset') return;
  const [key, ...values] = args;
  const value = values.join(' ');
  if (!key || dynamic(key) || dynamic(value)) {
    fail(
      'MSC043',
      `\`${argv.join(' ')}\` sets Bundler's configuration through a variable, so msconvert cannot tell where the gems go or which groups are left out.`,
    );
    return;
  }
  const root = rootOf(gemfileOf(null));
  const file = local ? `${appConfig(root)}/config` : userConfig();
  if (!file) {
    fail(
      'MSC043',
      `\`${argv.join(' ')}\` writes the configuration of ${s.user}, whose home folder msconvert cannot tell.`,
    );
    return;
  }
  setConfig(file, key.replace(/^BUNDLE_/i, '').toLowerCase(), verb === 'set' ? value : null);
  place(
    file,
    `Bundler configuration \`bundle config ${verb} ${key}\` wrote, read again by bundle exec`,
  );
  return;
}

/** `bundle install|update|package|cache`: the app folder, the remembered flags, where the gems go. */
function bundleInstall(s: Step, sub: string, rest: string[]): void {
  const {
    argv,
    cmd,
    vars,
    out,
    gemHome,
    abs,
    fail,
    place,
    setConfig,
    rootOf,
    gemfileOf,
    appConfig,
    setting,
  } = s;
  const a = readToolArgs(rest, BUNDLE_INSTALL);
  const gemfile = gemfileOf(lastOption(a, '--gemfile'));
  const root = rootOf(gemfile);
  if ([gemfile, root].some(dynamic)) {
    fail(
      'MSC043',
      `\`${argv.join(' ')}\` names its Gemfile through a variable msconvert cannot resolve.`,
    );
    return;
  }
  if (!out.roots.includes(root)) out.roots.push(root);
  if (sub === 'package' || sub === 'cache') return;
  // Bundler 2 remembers these flags in the app's configuration.
  const localFile = `${appConfig(root)}/config`;
  const remember = (key: string, value: string) => {
    setConfig(localFile, key, value);
    place(localFile, `Bundler configuration that \`bundle install --${key}\` remembers`);
  };
  const flagPath = lastOption(a, '--path');
  if (flagPath !== null) remember('path', flagPath);
  if (a.flags.has('--deployment')) remember('deployment', 'true');
  if (a.flags.has('--system')) remember('path.system', 'true');
  if (a.flags.has('--frozen')) remember('frozen', 'true');
  const without = lastOption(a, '--without');
  if (without !== null) remember('without', without);
  const withGroups = lastOption(a, '--with');
  if (withGroups !== null) remember('with', withGroups);
  if (a.flags.has('--standalone')) {
    fail(
      'MSC041',
      '`bundle install --standalone` writes a setup file that loads gems by paths msconvert does not follow; install without --standalone and convert again.',
    );
    return;
  }
  const binstubs = lastOption(a, '--binstubs');
  if (binstubs !== null) {
    const dir = path.posix.resolve(root, binstubs || 'bin');
    if (isSystemFolder(dir)) {
      fail(
        'MSC041',
        `\`bundle install --binstubs ${binstubs}\` writes the gems' executables into ${dir}, a folder of the image that a runtime stage cannot take whole; write them into the app (--binstubs bin) and convert again.`,
      );
      return;
    }
    place(dir, 'binstubs bundle install wrote');
  }
  const system = TRUE.test(setting(root, 'path.system') ?? '');
  const configured = setting(root, 'path');
  const deployment = TRUE.test(setting(root, 'deployment') ?? '');
  let gemDir: string;
  let how: string;
  if (system || (!configured && !deployment)) {
    gemDir = vars.GEM_HOME ? abs(vars.GEM_HOME) : gemHome;
    how = `GEM_HOME (${gemDir})`;
  } else if (configured) {
    gemDir = path.posix.resolve(root, configured);
    how = `the Bundler path ${configured}`;
  } else {
    gemDir = `${root}/vendor/bundle`;
    how = 'vendor/bundle (deployment mode)';
  }
  if (dynamic(gemDir)) {
    fail(
      'MSC041',
      `bundle install puts the gems in \`${gemDir}\`, a path msconvert cannot resolve.`,
    );
    return;
  }
  if (isSystemFolder(gemDir) || gemDir === root || gemDir === '/') {
    fail(
      'MSC041',
      `bundle install puts the gems in ${gemDir}, a folder that also holds the image's own files, so a runtime stage cannot take them alone; install them into their own folder (BUNDLE_PATH=/usr/local/bundle) and convert again.`,
    );
    return;
  }
  out.installs.push({ cmd, root, gemDir, how, gemfile });
  place(gemDir, `gems bundle install put in ${how}`);
}

/** `gem install|update`: into GEM_HOME or --install-dir; declines what lands among Ruby's own files. */
function gemCommand(s: Step): void {
  const { argv, vars, gemHome, abs, fail, place } = s;
  const a = readToolArgs(argv.slice(1), GEM_INSTALL);
  const sub = a.sub[0];
  if (sub === 'update' && a.flags.has('--system')) {
    fail(
      'MSC041',
      "`gem update --system` replaces RubyGems and the default Bundler inside Ruby's own folders, which the runtime image has in their original version; pin the Bundler the app needs with `gem install bundler -v X` instead and convert again.",
    );
    return;
  }
  if (sub !== 'install' && sub !== 'update' && sub !== 'i') return;
  const bindir = lastOption(a, '--bindir');
  if (a.flags.has('--user-install')) {
    fail(
      'MSC041',
      '`gem install --user-install` puts gems in a per-user folder whose name depends on the RubyGems version; install into GEM_HOME and convert again.',
    );
    return;
  }
  if (bindir !== null && bindir !== `${gemHome}/bin`) {
    fail(
      'MSC041',
      `\`gem install --bindir ${bindir}\` puts executables outside the gem folder, among the image's own files; drop --bindir and convert again.`,
    );
    return;
  }
  const dir = lastOption(a, '--install-dir');
  const target = dir !== null ? abs(dir) : vars.GEM_HOME ? abs(vars.GEM_HOME) : gemHome;
  if (dynamic(target) || isSystemFolder(target)) {
    fail(
      'MSC041',
      `gem install puts gems in ${target}, which msconvert cannot take alone into a runtime stage; install into GEM_HOME and convert again.`,
    );
    return;
  }
  place(target, `gems \`gem ${sub}\` installed`);
}

export function walkBundler(model: StageModel, gemHome: string): BundlerWalk {
  const out: BundlerWalk = {
    installs: [],
    places: [],
    roots: [],
    tasks: [],
    notes: [],
    decline: null,
  };
  // Config files by path: key -> value, as `bundle config` left them.
  const configs = new Map<string, Map<string, string>>();
  const shared = {
    out,
    gemHome,
    fail: (code: Code, reason: string) => {
      out.decline ??= decline(code, reason);
    },
    place: (p: string, why: string) => {
      if (!out.places.some((x) => x.path === p)) out.places.push({ path: p, why });
    },
    setConfig: (file: string, key: string, value: string | null) => {
      const m = configs.get(file) ?? new Map<string, string>();
      if (value === null) m.delete(key);
      else m.set(key, value);
      configs.set(file, m);
    },
  };
  for (const run of model.runs) {
    for (const cmd of run.commands) {
      const s = step(model, run.user, cmd, configs, shared);
      const { argv } = cmd;
      if (isBundle(argv[0])) {
        const sub = argv[1] && !argv[1].startsWith('-') ? argv[1] : 'install';
        const rest = argv[1] && !argv[1].startsWith('-') ? argv.slice(2) : argv.slice(1);
        if (sub === 'config') bundleConfig(s, rest);
        else if (sub === 'exec') out.tasks.push(cmd);
        else if (['install', 'update', 'package', 'cache'].includes(sub))
          bundleInstall(s, sub, rest);
        continue;
      }
      const tool = commandName(argv[0]);
      if (tool === 'gem') gemCommand(s);
      else if (['rake', 'rails', 'bootsnap', 'ruby'].includes(tool)) out.tasks.push(cmd);
    }
  }
  return out;
}
