// Where the build left installed Node modules, and which of those folders the started app
// resolves require() through. Node looks in ./node_modules of the script's folder and of
// every parent up to /node_modules, in each NODE_PATH entry, and in $HOME/.node_modules,
// $HOME/.node_libraries and <prefix>/lib/node. Real Dockerfiles install in one folder and
// run from another, or move the modules with mv/cp/ln; every such folder that the build
// filled must reach the runtime at the same path, and a move that cannot be followed is a
// decline (a missing module is only found when the container starts).
import * as path from 'path';
import type { Command, StageModel } from '../../analysis/stage';
import { commandName } from '../../shell';
import { decline, type Decline } from '../contract';
import { pushAll } from '../../lists';

export interface InstallPlace {
  /** The install command's folder. */
  cwd: string;
  /** Where it writes its modules. */
  modules: string;
  global: boolean;
}

export interface ModuleFolders {
  /** node_modules folders the build filled, where they are at the end of the build. */
  filled: string[];
  /** Symbolic links the build made to or from module folders: link -> target. */
  links: { link: string; target: string }[];
  /** Installs whose modules were moved or copied away after the install. */
  moved: Set<string>;
}

const HAS_GLOB = /[*?[$`{]/;

function posixResolve(cwd: string, p: string): string {
  return path.posix.resolve(cwd, p);
}

/** The operands of mv/cp/ln/rsync without their options (and the -t target, if any). */
function operands(argv: string[]): { paths: string[]; target: string | null } {
  const paths: string[] = [];
  let target: string | null = null;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      pushAll(paths, argv.slice(i + 1));
      break;
    }
    if (a === '-t' || a === '--target-directory') {
      target = argv[++i] ?? null;
      continue;
    }
    if (a.startsWith('--target-directory=')) {
      target = a.slice('--target-directory='.length);
      continue;
    }
    if (a === '-S' || a === '--suffix') {
      i++;
      continue;
    }
    if (a.startsWith('-')) continue;
    paths.push(a);
  }
  return { paths, target };
}

/**
 * Follows the installs and every mv, cp, rsync, ln and rm that touches a module folder, in
 * build order. Declines when one cannot be followed (a variable, a glob, an archive tool).
 */
export function followModules(
  model: StageModel,
  installAt: (c: Command) => InstallPlace | null,
  knownDirs: Set<string>,
): ModuleFolders | Decline {
  const filled: string[] = [];
  const links: { link: string; target: string }[] = [];
  const moved = new Set<string>();
  const origin = new Map<string, string>();
  const isDir = (p: string) =>
    knownDirs.has(p) ||
    filled.some((f) => f.startsWith(`${p}/`)) ||
    [...knownDirs].some((d) => d.startsWith(`${p}/`));
  for (const run of model.runs) {
    for (const c of run.commands) {
      const place = installAt(c);
      if (place) {
        if (!filled.includes(place.modules)) filled.push(place.modules);
        origin.set(place.modules, place.cwd);
        continue;
      }
      const tool = commandName(c.argv[0]);
      const words = c.argv.slice(1);
      const touches = (w: string) => {
        if (w.startsWith('-')) return false;
        const abs = posixResolve(c.cwd, w);
        return (
          /(^|\/)node_modules(\/|$)/.test(w) ||
          filled.some((f) => f === abs || f.startsWith(`${abs}/`) || abs.startsWith(`${f}/`))
        );
      };
      if (!words.some(touches)) continue;
      if (['tar', 'cpio', 'unzip', 'install', 'ditto', 'busybox'].includes(tool)) {
        return decline(
          'MSC017',
          `\`${c.argv.join(' ')}\` moves installed modules in a way msconvert cannot follow, so it cannot tell where the app finds them at run time.`,
        );
      }
      if (tool === 'find' && words.some((w) => /^-exec(dir)?$/.test(w))) {
        const at = words.findIndex((w) => /^-exec(dir)?$/.test(w));
        if (['mv', 'cp', 'ln', 'rsync'].includes(commandName(words[at + 1]))) {
          return decline(
            'MSC017',
            `\`${c.argv.join(' ')}\` moves installed modules file by file, so msconvert cannot tell where the app finds them at run time.`,
          );
        }
        continue;
      }
      if (!['mv', 'cp', 'rsync', 'ln', 'rm'].includes(tool)) continue;
      const { paths, target } = operands(c.argv);
      // Files taken out of one package (cp node_modules/bootstrap/dist/* public/, a link to
      // node_modules/.bin/x) leave the module folders where they are.
      const dest = target ?? paths[paths.length - 1] ?? '';
      const sources = tool === 'rm' ? paths : target ? paths : paths.slice(0, -1);
      const inPackage = (w: string) => {
        if (!/node_modules\/(@[^/*?[$]+\/)?[^/*?[$]+\/./.test(w)) return false;
        const abs = posixResolve(c.cwd, w.replace(/[*?[].*$/, ''));
        return !filled.some((f) => f.startsWith(`${abs}/`));
      };
      if (
        tool !== 'rm' &&
        sources.length > 0 &&
        sources.every(inPackage) &&
        !/(^|\/)node_modules(\/|$)/.test(dest)
      )
        continue;
      if ([...paths, target ?? ''].some((p) => HAS_GLOB.test(p))) {
        return decline(
          'MSC017',
          `\`${c.argv.join(' ')}\` moves installed modules through a variable or a pattern, so msconvert cannot tell where the app finds them at run time.`,
        );
      }
      if (tool === 'rm') {
        for (const p of paths) {
          const abs = posixResolve(c.cwd, p);
          for (let i = filled.length - 1; i >= 0; i--)
            if (filled[i] === abs || filled[i].startsWith(`${abs}/`)) filled.splice(i, 1);
        }
        continue;
      }
      const copy = tool === 'cp' || tool === 'rsync';
      if (
        copy &&
        tool === 'cp' &&
        !c.argv.some((a) => /^-[a-zA-Z]*[rRa]/.test(a) || a === '--recursive' || a === '--archive')
      ) {
        continue;
      }
      if (!dest || sources.length === 0) continue;
      const destAbs = posixResolve(c.cwd, dest);
      // Into an existing folder, or renamed to the destination: a trailing slash, a folder
      // the build is known to have, several sources, or rsync's "contents of" slash say which.
      const into =
        target !== null ||
        sources.length > 1 ||
        dest.endsWith('/') ||
        dest === '.' ||
        dest === '..' ||
        isDir(destAbs);
      for (const s of sources) {
        const srcAbs = posixResolve(c.cwd, s);
        // `cp -r dir/. dest` and rsync's `dir/` copy the contents, not the folder.
        const contents = /(^|\/)\.$/.test(s) || (tool === 'rsync' && s.endsWith('/'));
        const base = contents ? '' : path.posix.basename(srcAbs);
        const landed = into && base ? path.posix.join(destAbs, base) : destAbs;
        if (
          !into &&
          path.posix.basename(srcAbs) === 'node_modules' &&
          path.posix.basename(destAbs) !== 'node_modules' &&
          !(tool === 'ln')
        ) {
          return decline(
            'MSC017',
            `\`${c.argv.join(' ')}\` moves node_modules to ${destAbs}, and msconvert cannot tell whether that folder existed (into it) or not (renamed to it); write the full destination path (…/node_modules) or end it with a slash.`,
          );
        }
        if (tool === 'ln') {
          links.push({ link: landed, target: srcAbs });
          continue;
        }
        const inside = filled.filter((f) => f === srcAbs || f.startsWith(`${srcAbs}/`));
        const within = filled.find((f) => srcAbs.startsWith(`${f}/`));
        const news = inside.map((f) => landed + f.slice(srcAbs.length));
        if (within || (inside.length === 0 && /(^|\/)node_modules(\/|$)/.test(srcAbs)))
          news.push(landed);
        for (const f of inside) {
          const o = origin.get(f);
          if (o) moved.add(o);
          if (!copy) filled.splice(filled.indexOf(f), 1);
        }
        for (const n of news) {
          if (!filled.includes(n)) filled.push(n);
          knownDirs.add(n);
        }
      }
    }
  }
  return { filled, links, moved };
}

/** Folders Node searches for a bare require() from code in `dirs`, NODE_PATH and home. */
export function lookupFolders(dirs: string[], env: Record<string, string>, cwd: string): string[] {
  const out = new Set<string>();
  for (const d of dirs) {
    let cur = d;
    for (;;) {
      out.add(cur === '/' ? '/node_modules' : `${cur}/node_modules`);
      if (cur === '/') break;
      cur = path.posix.dirname(cur);
    }
  }
  for (const entry of (env.NODE_PATH ?? '').split(':')) {
    if (entry && !entry.includes('$')) out.add(posixResolve(cwd, entry).replace(/\/$/, ''));
  }
  const home = env.HOME || '/root';
  out.add(`${home}/.node_modules`);
  out.add(`${home}/.node_libraries`);
  out.add('/usr/local/lib/node');
  return [...out];
}

/**
 * Yarn 2+ without `nodeLinker: node-modules` (Plug'n'Play) loads packages from zip archives in
 * its cache, not from node_modules. Yarn 4 keeps that cache in the user's home
 * (~/.yarn/berry/cache, enableGlobalCache), outside the app folder. Returns the cache folder
 * when it is outside `project`, null when packages stay in the project, or a reason when
 * msconvert cannot tell.
 */
export function pnpCache(
  yarnrc: string | null,
  packageManager: string | undefined,
  vars: Record<string, string>,
  project: string,
  home: string,
): { folder: string | null } | { unknown: string } {
  const setting = (name: string, env: string): string | undefined => {
    if (vars[env] !== undefined) return vars[env];
    const m = new RegExp(`^${name}\\s*:\\s*["']?([^"'\\n#]+?)["']?\\s*(#.*)?$`, 'm').exec(
      yarnrc ?? '',
    );
    return m?.[1];
  };
  const linker = setting('nodeLinker', 'YARN_NODE_LINKER') ?? 'pnp';
  if (linker !== 'pnp') return { folder: null };
  const version =
    /^yarn@(\d+)/.exec(packageManager ?? '')?.[1] ??
    /yarn-(\d+)\.[^/]*\.c?js/.exec(setting('yarnPath', 'YARN_YARN_PATH') ?? '')?.[1];
  const global = setting('enableGlobalCache', 'YARN_ENABLE_GLOBAL_CACHE');
  const useGlobal =
    global !== undefined ? /^(true|1)$/.test(global) : version ? Number(version) >= 4 : null;
  if (useGlobal === null)
    return {
      unknown:
        "Yarn Plug'n'Play loads packages from its cache, and msconvert cannot tell the Yarn version that says whether that cache is in the project or in the home folder; set enableGlobalCache in .yarnrc.yml",
    };
  if (useGlobal) {
    const globalFolder = setting('globalFolder', 'YARN_GLOBAL_FOLDER') ?? `${home}/.yarn/berry`;
    return { folder: `${path.posix.resolve(project, globalFolder)}/cache` };
  }
  const cache = setting('cacheFolder', 'YARN_CACHE_FOLDER') ?? '.yarn/cache';
  return { folder: path.posix.resolve(project, cache) };
}
