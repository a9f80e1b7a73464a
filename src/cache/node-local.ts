// npm, Yarn 1 and pnpm with packages of the repository itself: `file:` folders and workspaces.
// The install reads such a package's package.json (a `file:` folder is copied whole, it is
// small and may be read in full); it runs the package's own lifecycle scripts and links (and
// makes executable) its `bin` files, which a later COPY of the sources would copy over again.
// So a local package moves with the install only when it has no lifecycle script, no `bin`,
// no local dependency of its own and no workspaces; otherwise the file that forces the order
// is named (MSC153 for a `file:` folder, MSC154 for a workspace). Workspace globs are resolved
// against the context with .dockerignore applied; one msconvert cannot resolve exactly keeps
// the order with MSC155.
import * as path from 'path';
import { globToRegExp } from '../analysis/files';
import { patternsOf, hasExceptions, matcher } from '../dockerignore/matcher';
import type { DepView, Keep } from './types';

export interface LocalInputs {
  files: string[];
  dirs: string[];
  outputs: string[];
}

interface Pkg {
  scripts?: Record<string, unknown>;
  bin?: unknown;
  directories?: { bin?: unknown };
  workspaces?: unknown;
  [field: string]: unknown;
}

const DEPS = ['dependencies', 'devDependencies', 'optionalDependencies'];
const OTHER_DEPS = ['peerDependencies', 'overrides', 'resolutions'];

/** A path-like spec: file:, link:, portal:, workspace: or a bare path. */
const LOCAL = /^(file|link|portal|workspace):|^(\.{1,2}(\/|$)|\/|~\/)/;

function readPkg(view: DepView, rel: string): Pkg | null {
  const text = view.read(rel);
  if (text === null) return null;
  try {
    const v = JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Pkg) : null;
  } catch {
    return null;
  }
}

/** Why this local package must not be installed from its manifest ahead of the sources, or null. */
function packageProblem(
  pkg: Pkg,
  file: string,
  scripts: string[],
  ignoreScripts: boolean,
): string | null {
  if (!ignoreScripts) {
    // A local package may be packed to be installed (install-links), which runs prepack too.
    const s = [...scripts, 'prepack', 'postpack'].find((n) => typeof pkg.scripts?.[n] === 'string');
    if (s)
      return `${file} has a "${s}" script, which runs during the install and may read any file`;
  }
  if (pkg.bin !== undefined || pkg.directories?.bin !== undefined)
    return `${file} has a "bin", whose files the install links and makes executable before the sources are copied over them`;
  if (pkg.workspaces !== undefined) return `${file} declares workspaces of its own`;
  for (const f of [...DEPS, ...OTHER_DEPS]) {
    const deps = pkg[f];
    if (typeof deps !== 'object' || deps === null) continue;
    for (const [name, spec] of Object.entries(deps as Record<string, unknown>))
      if (typeof spec === 'string' && /^(file|link|portal):|^(\.{1,2}(\/|$)|\/|~\/)/.test(spec))
        return `${file} depends on ${name} (${spec}), another local package`;
  }
  return null;
}

/**
 * The local packages of the root package.json: `file:` folders or tarballs inside the
 * install's folder. Null when there are none; a Keep when one must keep the order.
 */
export function fileDependencies(
  view: DepView,
  root: Pkg,
  scripts: string[],
  ignoreScripts: boolean,
): LocalInputs | Keep | null {
  const out: LocalInputs = { files: [], dirs: [], outputs: [] };
  for (const f of [...DEPS, ...OTHER_DEPS]) {
    const deps = root[f];
    if (typeof deps !== 'object' || deps === null) continue;
    for (const [name, spec] of Object.entries(deps as Record<string, unknown>)) {
      if (typeof spec !== 'string' || !LOCAL.test(spec)) {
        if (typeof spec !== 'string' && spec !== null && typeof spec === 'object')
          if (JSON.stringify(spec).match(/"(file|link|portal|workspace):/))
            return { keep: `the ${f} entry ${name} names a local package`, code: 'MSC150' };
        continue;
      }
      const m = /^file:(.+)$/.exec(spec);
      if (!m || !DEPS.includes(f))
        return {
          keep: `the dependency ${name} (${spec}) is read from the sources`,
          code: 'MSC150',
        };
      const rel = path.posix.normalize(m[1]).replace(/\/$/, '');
      if (rel === '.' || rel.startsWith('..') || rel.startsWith('/'))
        return {
          keep: `the dependency ${name} (${spec}) lies outside the folder the install runs in`,
          code: 'MSC150',
        };
      const at = view.present(rel);
      if (at === null)
        return {
          keep: `the dependency ${name} (${spec}) is not in the build where the install runs`,
          code: 'MSC150',
        };
      if (!view.ctx.isDir(at)) {
        out.files.push(rel);
        continue;
      }
      const file = `${at}/package.json`;
      const pkg = readPkg(view, `${rel}/package.json`);
      if (!pkg) return { keep: `${file} cannot be read`, code: 'MSC153' };
      const problem = packageProblem(pkg, file, scripts, ignoreScripts);
      if (problem) return { keep: problem, code: 'MSC153' };
      out.dirs.push(rel);
      out.outputs.push(path.posix.join(view.cwd, rel, 'node_modules'));
    }
  }
  return out.files.length + out.dirs.length > 0 ? out : null;
}

/** The workspace patterns of package.json (npm, Yarn 1) or pnpm-workspace.yaml, or a Keep. */
function workspacePatterns(view: DepView, root: Pkg, pnpm: boolean): string[] | Keep | null {
  const ws = root.workspaces;
  // pnpm reads pnpm-workspace.yaml only; npm and Yarn read package.json only.
  if (ws !== undefined && !pnpm) {
    const list = Array.isArray(ws)
      ? ws
      : typeof ws === 'object' &&
          ws !== null &&
          Array.isArray((ws as { packages?: unknown }).packages)
        ? (ws as { packages: unknown[] }).packages
        : null;
    if (!list || list.some((p) => typeof p !== 'string'))
      return {
        keep: 'the workspaces field of package.json is not a list of folders',
        code: 'MSC155',
      };
    return list as string[];
  }
  if (!pnpm) return null;
  const yaml = view.read('pnpm-workspace.yaml');
  if (yaml === null)
    return view.present('pnpm-workspace.yaml')
      ? { keep: 'pnpm-workspace.yaml cannot be read', code: 'MSC155' }
      : null;
  // Only the plain form: `packages:` and a list of quoted or bare patterns, comments aside.
  const lines = yaml
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((l) => l.replace(/\s+#.*$/, '').replace(/^#.*$/, ''))
    .filter((l) => l.trim() !== '');
  if (lines[0]?.trim() !== 'packages:')
    return { keep: 'pnpm-workspace.yaml holds more than a plain packages list', code: 'MSC155' };
  const out: string[] = [];
  for (const l of lines.slice(1)) {
    const m = /^\s+-\s+(['"]?)([^'"]+)\1\s*$/.exec(l);
    if (!m)
      return { keep: 'pnpm-workspace.yaml holds more than a plain packages list', code: 'MSC155' };
    out.push(m[2]);
  }
  return out;
}

/**
 * Every workspace's package.json, resolved against the context with .dockerignore applied:
 * `dir` or `dir/*` patterns only (a `**`, a negation or a brace keeps the order, MSC155).
 */
export function workspaceManifests(
  view: DepView,
  root: Pkg,
  scripts: string[],
  ignoreScripts: boolean,
  pnpm: boolean,
): LocalInputs | Keep | null {
  const patterns = workspacePatterns(view, root, pnpm);
  if (patterns === null || 'keep' in patterns) return patterns;
  const ignorePatterns = patternsOf(view.ctx.readText('.dockerignore'));
  if (hasExceptions(ignorePatterns))
    return {
      keep: '.dockerignore has exceptions (!), so which workspace folders the build sees is not certain',
      code: 'MSC155',
    };
  const ignored = matcher(ignorePatterns);
  const base = view.present('package.json');
  if (base === null) return { keep: 'package.json is not in the build', code: 'MSC155' };
  const root0 = path.posix.dirname(base) === '.' ? '' : path.posix.dirname(base);
  const folders = new Set<string>();
  for (const raw of patterns) {
    const p = path.posix.normalize(raw.replace(/^\.\//, '')).replace(/\/$/, '');
    if (
      p.startsWith('..') ||
      p.startsWith('/') ||
      /[{}!]|\*\*/.test(p) ||
      /[*?[]/.test(path.posix.dirname(p))
    )
      return {
        keep: `msconvert cannot resolve the workspace pattern "${raw}" exactly`,
        code: 'MSC155',
      };
    const dir = path.posix.dirname(p) === '.' ? '' : path.posix.dirname(p);
    if (/[*?[]/.test(path.posix.basename(p))) {
      const re = globToRegExp(path.posix.basename(p));
      const ctxDir = path.posix.join(root0, dir);
      for (const n of view.ctx.list(ctxDir))
        if (n.endsWith('/') && re.test(n.slice(0, -1)))
          folders.add(path.posix.join(dir, n.slice(0, -1)));
    } else folders.add(p);
  }
  const out: LocalInputs = { files: [], dirs: [], outputs: [] };
  for (const folder of [...folders].sort()) {
    const ctxPkg = path.posix.join(root0, folder, 'package.json');
    if (!view.ctx.exists(ctxPkg) || ignored(ctxPkg) || ignored(path.posix.join(root0, folder)))
      continue; // npm skips a folder without package.json; the build never sees an ignored one
    const rel = path.posix.join(folder, 'package.json');
    if (view.present(rel) === null)
      return { keep: `${ctxPkg} is in the context but not where the install runs`, code: 'MSC155' };
    const pkg = readPkg(view, rel);
    if (!pkg) return { keep: `${ctxPkg} cannot be read`, code: 'MSC154' };
    const problem = packageProblem(pkg, ctxPkg, scripts, ignoreScripts);
    if (problem) return { keep: problem, code: 'MSC154' };
    for (const f of DEPS) {
      const deps = pkg[f];
      if (typeof deps === 'object' && deps !== null)
        for (const [name, spec] of Object.entries(deps as Record<string, unknown>))
          if (typeof spec === 'string' && LOCAL.test(spec) && !/^workspace:/.test(spec))
            return {
              keep: `${ctxPkg} depends on ${name} (${spec}), a local package`,
              code: 'MSC154',
            };
    }
    out.files.push(rel);
    out.outputs.push(path.posix.join(view.cwd, folder, 'node_modules'));
  }
  return out;
}
