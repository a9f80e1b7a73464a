// `nest start [--watch]` compiles the project with tsc and then runs
// `node <outDir>/<sourceRoot>/<entryFile>` when that file exists, else
// `node <outDir>/<entryFile>` (the Nest CLI's start action). Its StartAction extends
// BuildAction and calls the same runBuild (deleteOutDir, assets, the same tsconfig and
// plugins; in watch mode too, and the app starts only once a compile has 0 errors), so
// `nest build` with the same -c/-p makes the same output. When the Dockerfile already runs
// `nest build` after its last COPY, the built image holds that output; otherwise the builder
// runs it once. The production start is node of the same file. Everything the CLI would
// decide otherwise (webpack or swc, monorepo projects, --exec, --debug, --env-file) is a reason
// to leave the start as it is.
import * as path from 'path';
import { commandName, simpleCommands } from '../../shell';
import type { ProviderInput } from '../contract';
import { installsOf } from './managers';
import { commonDir, folderOf, parseJsonc, readConfig, sourcesUnder } from './tsconfig';
import type { PackageJson } from './types';

/** `nest start` options that change only what is watched or printed. */
const NEST_WATCH = new Set(['--watch', '-w', '--preserveWatchOutput', '--watchAssets']);

/** Other names the Nest CLI reads its configuration from. */
const OTHER_CONFIGS = ['.nestcli.json', '.nest-cli.json', 'nest.json'];

/** `nest start` options that `nest build` takes alike (every CLI from 8 to 11), by value. */
const NEST_SHARED: Record<string, 'config' | 'tsconfig'> = {
  '-c': 'config',
  '--config': 'config',
  '-p': 'tsconfig',
  '--path': 'tsconfig',
};

export interface NestStart {
  /** The app's arguments (after `--`). */
  args: string[];
  /** The options `nest build` must be given to compile as this start does, as written. */
  options: string[];
  /** The Nest CLI configuration file (-c) and tsconfig (-p) the start names, if any. */
  config: string | null;
  tsconfig: string | null;
}

/** A `nest start`'s app arguments and build options, why-not, or null when not nest start. */
export function readNestStart(w: string[]): NestStart | string | null {
  if (commandName(w[0] ?? '') !== 'nest' || w[1] !== 'start') return null;
  const start: NestStart = { args: [], options: [], config: null, tsconfig: null };
  let i = 2;
  for (; i < w.length && w[i] !== '--'; i++) {
    if (NEST_WATCH.has(w[i])) continue;
    const [flag, joined] = w[i].startsWith('--') ? w[i].split(/=(.*)/s) : [w[i], undefined];
    const key = NEST_SHARED[flag];
    if (!key)
      return `nest start ${w[i]} changes what runs or how (only --watch, -c and -p map to nest build and node)`;
    const value = joined ?? w[i + 1];
    if (
      value === undefined ||
      value.startsWith('-') ||
      !/^[\w@.-]+(\/[\w@.-]+)*$/.test(value.replace(/^\.\//, '')) ||
      value.includes('..')
    )
      return `nest start ${flag} names ${value === undefined ? 'no file' : `"${value}", which is not a plain path`}`;
    start.options = start.options.concat(joined === undefined ? [flag, value] : [w[i]]);
    if (joined === undefined) i++;
    start[key] = value;
  }
  start.args = w.slice(i + 1);
  return start;
}

/** True when a command line is `nest build`, directly, through npx, or a script that is it. */
function isNestBuild(argv: string[], pkg: PackageJson | null): boolean {
  const w = commandName(argv[0] ?? '') === 'npx' ? argv.slice(1) : argv;
  if (w.length === 2 && commandName(w[0]) === 'nest' && w[1] === 'build') return true;
  const m = commandName(argv[0] ?? '');
  const name =
    m === 'npm' && argv.length === 3 && ['run', 'run-script'].includes(argv[1])
      ? argv[2]
      : ['yarn', 'pnpm'].includes(m) && argv.length === 2
        ? argv[1]
        : ['yarn', 'pnpm'].includes(m) && argv.length === 3 && argv[1] === 'run'
          ? argv[2]
          : null;
  const scripts = pkg?.scripts ?? {};
  if (!name || scripts[`pre${name}`] !== undefined || scripts[`post${name}`] !== undefined)
    return false;
  return /^\s*nest\s+build\s*$/.test(scripts[name] ?? '');
}

/** True when a RUN in the working folder runs `nest build` and no COPY or ADD follows it. */
function builtAlready(input: ProviderInput, pkg: PackageJson | null): boolean {
  const { model } = input;
  const build = model.runs.find(
    (r) => r.workdir === model.cwd && simpleCommands(r.text).some((c) => isNestBuild(c.argv, pkg)),
  );
  return !!build && !model.copies.some((c) => c.ins.start > build.ins.start);
}

/**
 * The builder line that compiles as `nest start` did, or why it would not be the same CLI:
 * npx runs the project's own @nestjs/cli, the one a package script or npx found at start.
 */
function buildLine(
  input: ProviderInput,
  pkg: PackageJson | null,
  start: NestStart,
): { line: string } | { why: string } {
  const deps = { ...(pkg?.dependencies ?? {}), ...(pkg?.devDependencies ?? {}) };
  if (!deps['@nestjs/cli'])
    return {
      why: '@nestjs/cli is not among the dependencies in package.json, so `npx nest build` would not run the nest that started the app',
    };
  const prod = installsOf(input.model).find((i) => !i.global && i.prodOnly);
  if (prod)
    return {
      why: `\`${prod.cmd.argv.join(' ')}\` leaves devDependencies out, so the project's @nestjs/cli may not be installed`,
    };
  // Yarn 2+ loads packages through Plug'n'Play unless its nodeLinker is node-modules.
  const yarnrc = input.files.readByImagePath(path.posix.join(input.model.cwd, '.yarnrc.yml'));
  const berry = yarnrc !== null || /^yarn@[2-9]/.test(pkg?.packageManager ?? '');
  const pnp = installsOf(input.model).find(
    (i) =>
      i.manager === 'yarn' &&
      berry &&
      (i.cmd.vars.YARN_NODE_LINKER ??
        /^nodeLinker\s*:\s*["']?([\w-]+)/m.exec(yarnrc ?? '')?.[1]) !== 'node-modules',
  );
  if (pnp)
    return {
      why: "Yarn Plug'n'Play leaves no node_modules/.bin, so `npx nest build` would not find the project's @nestjs/cli",
    };
  return { line: ['RUN npx nest build', ...start.options].join(' ') };
}

function nestConfig(input: ProviderInput, named: string | null): Record<string, unknown> | string {
  const { files, model } = input;
  const text = files.readByImagePath(path.posix.join(model.cwd, named ?? 'nest-cli.json'));
  if (named !== null && text === null)
    return `nest start -c names ${named}, which is not in the image`;
  if (text === null) {
    const other = OTHER_CONFIGS.find((f) => files.existsInImage(path.posix.join(model.cwd, f)));
    return other ? `the Nest CLI reads ${other}, which msconvert does not` : {};
  }
  const json = parseJsonc(text);
  if (!json || typeof json !== 'object' || Array.isArray(json))
    return 'nest-cli.json cannot be read as JSON';
  return json as Record<string, unknown>;
}

/**
 * The file `nest start` runs, as node's argument relative to the working folder, and the
 * builder line that compiles it (null when the Dockerfile's own nest build already did); why-not.
 */
export function nestOutput(
  input: ProviderInput,
  pkg: PackageJson | null,
  start: NestStart,
): { js: string; build: string | null } | { why: string } {
  const { files, model } = input;
  const cwd = model.cwd;
  // A start with its own -c/-p compiles otherwise than a plain nest build: build as it did.
  const added =
    start.options.length === 0 && builtAlready(input, pkg) ? null : buildLine(input, pkg, start);
  if (added && 'why' in added) return { why: added.why };
  const nest = nestConfig(input, start.config);
  if (typeof nest === 'string') return { why: nest };
  if (nest.monorepo || (nest.projects && Object.keys(nest.projects as object).length > 0))
    return { why: 'nest-cli.json describes a monorepo, whose start depends on the project' };
  const co = (nest.compilerOptions ?? {}) as Record<string, unknown>;
  const builder =
    typeof co.builder === 'object' && co.builder
      ? (co.builder as { type?: unknown }).type
      : co.builder;
  if (co.webpack || (builder !== undefined && builder !== 'tsc'))
    return {
      why: `nest-cli.json builds with ${co.webpack ? 'webpack' : String(builder)}, not tsc`,
    };
  // The CLI spawns nest-cli.json's "exec" (default node) with the built file.
  if (nest.exec !== undefined && nest.exec !== 'node')
    return {
      why: `nest-cli.json runs the app with "exec": ${JSON.stringify(nest.exec)}, not node`,
    };
  const name = (v: unknown, d: string) => (v === undefined ? d : typeof v === 'string' ? v : null);
  const sourceRoot = name(nest.sourceRoot, 'src');
  const entryFile = name(nest.entryFile, 'main');
  // The CLI's tsconfig: compilerOptions.tsConfigPath, else the tsc builder's configPath.
  const configPath =
    start.tsconfig ??
    co.tsConfigPath ??
    (typeof co.builder === 'object' && co.builder
      ? (co.builder as { options?: { configPath?: unknown } }).options?.configPath
      : undefined);
  const tsConfigPath = name(configPath, '');
  const plain = /^[\w@.-]+(\/[\w@.-]+)*$/;
  if (sourceRoot === null || entryFile === null || tsConfigPath === null)
    return { why: 'nest-cli.json names its sourceRoot, entryFile or tsConfigPath oddly' };
  for (const p of [sourceRoot, entryFile, tsConfigPath].filter((p) => p !== ''))
    if (!plain.test(p.replace(/^\.\//, '')) || p.includes('..'))
      return { why: `nest-cli.json names "${p}", which is not a plain path` };
  let config = tsConfigPath ? path.posix.join(cwd, tsConfigPath) : '';
  if (!config)
    config =
      ['tsconfig.build.json', 'tsconfig.json']
        .map((f) => path.posix.join(cwd, f))
        .find((f) => files.existsInImage(f)) ?? '';
  if (!config || !files.existsInImage(config))
    return {
      why: `the tsconfig nest start compiles with (${tsConfigPath || 'tsconfig.build.json'}) is not in the image`,
    };
  const cfg = readConfig(files, config);
  if ('why' in cfg) return cfg;
  const { options } = cfg;
  if (options.allowJs) return { why: 'allowJs mixes JavaScript sources into the output' };
  const at = (k: string) =>
    typeof options[k] === 'string' ? path.posix.join(cfg.base[k], options[k] as string) : null;
  const outDir = at('outDir') ?? path.posix.join(cwd, 'dist');
  const entry = path.posix.join(cwd, sourceRoot, `${entryFile}.ts`);
  let rootDir = at('rootDir');
  if (rootDir === null) {
    const sources = compiledSources(input, cfg, outDir);
    if (typeof sources === 'string') return { why: sources };
    if (!sources.includes(entry))
      return { why: `${entry} is not among the files the tsconfig compiles` };
    rootDir = commonDir(sources);
  }
  const rel = path.posix.relative(rootDir, entry);
  if (rel.startsWith('..')) return { why: `${entry} is outside the tsconfig's rootDir` };
  const emitted = path.posix.join(outDir, rel).replace(/\.ts$/, '');
  const nested = path.posix.join(outDir, sourceRoot, entryFile);
  // The CLI runs <outDir>/<sourceRoot>/<entryFile> when tsc wrote it, else <outDir>/<entryFile>.
  if (emitted !== nested && emitted !== path.posix.join(outDir, entryFile))
    return { why: `tsc writes ${emitted}.js, which is not a file nest start runs` };
  const js = path.posix.relative(cwd, emitted);
  if (js.startsWith('..')) return { why: `the output ${emitted}.js is outside ${cwd}` };
  return { js, build: added ? added.line : null };
}

/**
 * The TypeScript files the tsconfig compiles, for the common folder tsc writes them under;
 * exclude entries are plain folders or `**\/*<suffix>` (the Nest starter's `**\/*spec.ts`).
 */
function compiledSources(
  input: ProviderInput,
  cfg: Exclude<ReturnType<typeof readConfig>, { why: string }>,
  outDir: string,
): string[] | string {
  const skip = new Set<string>([outDir]);
  const suffixes: string[] = [];
  for (const e of cfg.exclude ?? []) {
    const suffix = /^(?:\.\/)?\*\*\/\*([\w.-]+\.tsx?)$/.exec(e);
    if (suffix) {
      suffixes.push(suffix[1]);
      continue;
    }
    const f = folderOf(e);
    if (f === null || f.dir === '' || f.ext.source !== /\.(c|m)?tsx?$/.source)
      return `the tsconfig exclude "${e}" is not a plain folder`;
    skip.add(path.posix.join(cfg.listBase, f.dir));
  }
  const sources: string[] = [];
  for (const inc of cfg.include ?? (cfg.files ? [] : ['**/*'])) {
    const f = folderOf(inc);
    if (f === null) return `the tsconfig include "${inc}" is not a plain folder`;
    sourcesUnder(input.files, path.posix.join(cfg.listBase, f.dir), skip, f.ext, sources);
  }
  const listed = (cfg.files ?? []).map((f) => path.posix.join(cfg.listBase, f));
  const kept = sources.filter((s) => !suffixes.some((x) => path.posix.basename(s).endsWith(x)));
  return [...listed, ...kept.filter((s) => !listed.includes(s))];
}
