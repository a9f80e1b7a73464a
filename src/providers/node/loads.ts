// What the start commands load: node's script and its preloads, the script a process
// manager starts, a package's own command and its config file, followed through the require
// graph (graph.ts).
import * as path from 'path';
import type { StartNeeds } from '../../analysis/needs';
import { commandName } from '../../shell';
import type { ProviderInput } from '../contract';
import { loadedPackages, type Loaded } from './graph';
import { binsOf, managerOf } from './managers';
import { data, type PackageJson } from './types';

const START_WRAPPERS = new Set([
  'tini',
  'tini-static',
  'dumb-init',
  'docker-entrypoint.sh',
  'catatonit',
]);
const SWITCH_USER = new Set(['gosu', 'su-exec', 'chpst']);
/** Options of node that take the next word as their value. */
const NODE_VALUED = new Set([
  '-r',
  '--require',
  '--import',
  '--loader',
  '--experimental-loader',
  '--env-file',
  '--title',
  '-C',
  '--conditions',
  '--input-type',
  '--inspect-port',
]);

/**
 * The files and modules the start commands load: node's script and its -r/--import
 * preloads, the script a process manager starts, scripts run through their shebang.
 */
export function appLoads(
  input: ProviderInput,
  needs: StartNeeds,
  appPkg: PackageJson | null,
  roots: string[],
  starts: { argv: string[]; cwd: string }[],
): Loaded {
  const { files, ctx, model } = input;
  const entries: string[] = [];
  const preloads: string[] = [];
  let opaque: string | null = null;
  let binStart: string | null = null;
  const depNames = new Set([
    ...Object.keys(appPkg?.dependencies ?? {}),
    ...Object.keys(appPkg?.devDependencies ?? {}),
    ...Object.keys(appPkg?.optionalDependencies ?? {}),
  ]);
  const packageBins = new Map<string, string>();
  for (const dep of depNames) for (const b of binsOf(dep)) packageBins.set(b, dep);
  for (const [dep, bins] of Object.entries(data().bins))
    for (const b of bins) if (!packageBins.has(b)) packageBins.set(b, dep);
  // NODE_OPTIONS=--require x applies to every node the container starts.
  const options = (model.env.NODE_OPTIONS ?? '').split(/\s+/).filter(Boolean);
  for (let i = 0; i < options.length; i++) {
    const eq = /^(--require|--import|--loader|--experimental-loader)=(.+)$/.exec(options[i]);
    if (eq) preloads.push(eq[2]);
    else if (
      ['-r', '--require', '--import', '--loader', '--experimental-loader'].includes(options[i])
    )
      preloads.push(options[++i] ?? '');
  }
  for (const s of starts) {
    let argv = s.argv;
    for (;;) {
      const n = commandName(argv[0]);
      if (START_WRAPPERS.has(n)) argv = argv.slice(1);
      else if (SWITCH_USER.has(n)) argv = argv.slice(2);
      else if (['npx', 'pnpx', 'bunx'].includes(n)) argv = argv.slice(1);
      else if (managerOf(n) && ['exec', 'dlx'].includes(argv[1] ?? '')) argv = argv.slice(2);
      else if (argv[0] === '--' || (argv[0]?.startsWith('-') && argv.length > 1))
        argv = argv.slice(1);
      else break;
    }
    const name = commandName(argv[0]);
    if (name === 'node' || name === 'nodejs') {
      for (let i = 1; i < argv.length; i++) {
        const a = argv[i];
        if (NODE_VALUED.has(a)) {
          const v = argv[++i] ?? '';
          if (['-r', '--require', '--import', '--loader', '--experimental-loader'].includes(a))
            preloads.push(v);
          continue;
        }
        const eq = /^(--require|--import|--loader|--experimental-loader)=(.*)$/.exec(a);
        if (eq) {
          preloads.push(eq[2]);
          continue;
        }
        if (a === '-e' || a === '--eval' || a === '-p' || a === '--print') {
          opaque ??= `node ${a} runs inline code`;
          break;
        }
        if (a.startsWith('-')) continue;
        if (!a.includes('$')) entries.push(path.posix.resolve(s.cwd, a));
        else opaque ??= `the script node starts is named through a variable (${a})`;
        break;
      }
      continue;
    }
    if (['pm2', 'pm2-runtime', 'pm2-docker', 'forever'].includes(name)) {
      const target = argv.slice(1).find((a) => !a.startsWith('-') && a !== 'start');
      if (target && /\.(c|m)?js$/.test(target) && !/(ecosystem|config)/.test(target))
        entries.push(path.posix.resolve(s.cwd, target));
      else opaque ??= `${name} starts the app from ${target ?? 'a process file'}`;
      continue;
    }
    const script = needs.scripts.find(
      (x) =>
        commandName(x.interpreter) === 'node' &&
        (x.imagePath === path.posix.resolve(s.cwd, argv[0] ?? '') ||
          commandName(x.imagePath) === name),
    );
    if (script) {
      entries.push(script.imagePath);
      continue;
    }
    const pkg = packageBins.get(name);
    if (pkg && !['npm', 'yarn', 'pnpm', 'corepack'].includes(pkg)) {
      // The package's own code runs; it loads the app's code only through its config file
      // (next.config.js, ecosystem.config.js) or the app's sources, read below.
      preloads.push(pkg);
      binStart ??= `the container starts ${name}, which loads the app's code its own way`;
      const short = pkg.replace(/^@[^/]+\//, '');
      for (const f of ctx.list(files.contextPathOf(s.cwd) ?? '')) {
        if (new RegExp(`^(${name}|${short}|ecosystem)\\.config\\.(c|m)?(j|t)s$`).test(f))
          entries.push(path.posix.join(s.cwd, f));
      }
    }
  }
  // Built output maps back to its TypeScript sources through tsconfig's outDir and rootDir.
  const tsconfig = files.readByImagePath(path.posix.join(model.cwd, 'tsconfig.json'));
  const outDir = tsconfig ? /"outDir"\s*:\s*"([^"]+)"/.exec(tsconfig)?.[1] : undefined;
  const rootDir = tsconfig ? /"rootDir"\s*:\s*"([^"]+)"/.exec(tsconfig)?.[1] : undefined;
  const mapBuilt = (p: string): string | null => {
    if (!outDir) return null;
    const out = path.posix.resolve(model.cwd, outDir);
    if (!p.startsWith(`${out}/`)) return null;
    const rel = p.slice(out.length + 1).replace(/\.(c|m)?js$/, '');
    return path.posix.resolve(model.cwd, rootDir ?? 'src', rel);
  };
  if (entries.length === 0 && !binStart)
    opaque ??= 'the start command runs no JavaScript file msconvert can see';
  // What an opaque start loads is found by reading every source file instead; a package's
  // command started in an app with no JavaScript of its own (a static site) loads only itself.
  return loadedPackages(
    entries,
    preloads,
    files,
    ctx,
    roots,
    mapBuilt,
    opaque ?? binStart,
    !opaque && binStart !== null,
  );
}
