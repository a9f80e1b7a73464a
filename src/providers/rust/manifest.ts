// Cargo.toml: the manifest cargo uses in a folder, its workspace and members, the features a
// build turns on, and the binaries each package has, as cargo discovers them.
import * as path from 'path';
import { globToRegExp } from '../../analysis/files';
import { resolvePath } from '../../analysis/stage';
import { parseToml, tomlString, tomlStrings, tomlTable, tomlTables } from '../../readers/toml';
import type { ProviderInput } from '../contract';
import type { Manifest, Read } from './types';

export function readManifest(input: ProviderInput, dir: string): Read {
  const text = input.files.readByImagePath(path.posix.join(dir, 'Cargo.toml'));
  if (text === null) return 'missing';
  const toml = parseToml(text);
  return toml ? { dir, toml } : 'invalid';
}

export const isManifest = (r: Read): r is Manifest => typeof r !== 'string';

/** The Cargo.toml cargo uses when run in a folder: that folder's or the nearest parent's. */
export function nearestManifest(input: ProviderInput, dir: string): Read {
  for (let d = dir; ; d = path.posix.dirname(d)) {
    const r = readManifest(input, d);
    if (r !== 'missing' || d === '/') return r;
  }
}

export function workspaceRoot(input: ProviderInput, m: Manifest): Manifest {
  if (tomlTable(m.toml.workspace)) return m;
  const explicit = tomlString(tomlTable(m.toml.package)?.workspace);
  if (explicit) {
    const r = readManifest(input, resolvePath(m.dir, explicit));
    if (isManifest(r)) return r;
  }
  for (let d = path.posix.dirname(m.dir); d !== m.dir; d = path.posix.dirname(d)) {
    const r = readManifest(input, d);
    if (isManifest(r) && tomlTable(r.toml.workspace)) return r;
    if (d === '/') break;
  }
  return m;
}

/** Entries of an image folder, read from the context (folders end with '/'). */
function listImageDir(input: ProviderInput, dir: string): string[] {
  const rel = input.files.contextPathOf(dir);
  return rel === null ? [] : input.ctx.list(rel);
}

function imageFileExists(input: ProviderInput, file: string): boolean {
  const rel = input.files.contextPathOf(file);
  return rel !== null && input.ctx.exists(rel);
}

/** The folders a workspace `members` pattern names (`crates/*`). */
function globDirs(input: ProviderInput, base: string, pattern: string): string[] {
  let dirs = [base];
  for (const seg of pattern.replace(/\/+$/, '').split('/')) {
    if (seg === '' || seg === '.') continue;
    if (!/[*?[]/.test(seg)) {
      dirs = dirs.map((d) => path.posix.join(d, seg));
      continue;
    }
    const re = globToRegExp(seg);
    dirs = dirs.flatMap((d) =>
      listImageDir(input, d)
        .filter((e) => e.endsWith('/') && re.test(e.slice(0, -1)))
        .map((e) => path.posix.join(d, e.slice(0, -1))),
    );
  }
  return dirs;
}

/** The packages of a workspace: the root's own package first, then its members. */
export function members(input: ProviderInput, root: Manifest): Manifest[] {
  const ws = tomlTable(root.toml.workspace) ?? {};
  const exclude = tomlStrings(ws.exclude).map((e) => resolvePath(root.dir, e));
  const out: Manifest[] = [];
  if (tomlTable(root.toml.package)) out.push(root);
  for (const pattern of tomlStrings(ws.members)) {
    for (const dir of globDirs(input, root.dir, pattern)) {
      if (exclude.includes(dir) || out.some((o) => o.dir === dir)) continue;
      const m = readManifest(input, dir);
      if (isManifest(m) && tomlTable(m.toml.package)) out.push(m);
    }
  }
  return out;
}

export const packageName = (m: Manifest): string =>
  tomlString(tomlTable(m.toml.package)?.name) ?? '';

/** How a cargo command chooses features (--features, --all-features, --no-default-features). */
export interface FeatureChoice {
  all: boolean;
  noDefault: boolean;
  specs: string[];
}

export function enabledFeatures(m: Manifest, choice: FeatureChoice): Set<string> {
  const table = tomlTable(m.toml.features) ?? {};
  const out = new Set<string>();
  const add = (f: string) => {
    if (out.has(f)) return;
    out.add(f);
    for (const sub of tomlStrings(table[f]))
      if (!sub.includes('/') && !sub.startsWith('dep:')) add(sub);
  };
  if (choice.all) Object.keys(table).forEach(add);
  if (!choice.noDefault && table.default !== undefined) add('default');
  for (const spec of choice.specs) {
    for (const f of spec.split(/[\s,]+/).filter(Boolean)) {
      const slash = f.indexOf('/');
      if (slash < 0) add(f);
      else if (f.slice(0, slash) === packageName(m)) add(f.slice(slash + 1));
    }
  }
  return out;
}

function edition(m: Manifest, root: Manifest): string {
  const pkg = tomlTable(m.toml.package) ?? {};
  return tomlTable(pkg.edition)?.workspace === true
    ? String(tomlTable(tomlTable(root.toml.workspace)?.package)?.edition ?? '2015')
    : String(pkg.edition ?? '2015');
}

/** Names of the binaries a package builds, as cargo discovers them. */
export function binTargets(
  input: ProviderInput,
  m: Manifest,
  root: Manifest,
  enabled: Set<string>,
): string[] {
  const pkg = tomlTable(m.toml.package) ?? {};
  const name = packageName(m);
  const explicit = tomlTables(m.toml.bin);
  const names: string[] = [];
  const claimed = new Set<string>();
  const at = (rel: string) => imageFileExists(input, path.posix.join(m.dir, rel));
  for (const b of explicit) {
    const bin = tomlString(b.name);
    if (!bin) continue;
    const p =
      tomlString(b.path) ??
      [
        `src/bin/${bin}.rs`,
        `src/bin/${bin}/main.rs`,
        ...(bin === name ? ['src/main.rs'] : []),
      ].find(at);
    if (p) claimed.add(path.posix.normalize(p));
    const required = tomlStrings(b['required-features']);
    if (required.every((f) => enabled.has(f) || f.includes('/'))) names.push(bin);
  }
  const auto = pkg.autobins !== false && !(edition(m, root) === '2015' && explicit.length > 0);
  if (!auto) return names;
  const inferred: [string, string][] = [];
  if (at('src/main.rs')) inferred.push([name, 'src/main.rs']);
  for (const e of listImageDir(input, path.posix.join(m.dir, 'src/bin'))) {
    if (e.endsWith('.rs')) inferred.push([e.slice(0, -3), `src/bin/${e}`]);
    else if (e.endsWith('/') && at(`src/bin/${e}main.rs`))
      inferred.push([e.slice(0, -1), `src/bin/${e}main.rs`]);
  }
  for (const [bin, p] of inferred) {
    if (claimed.has(p) || explicit.some((b) => b.name === bin) || names.includes(bin)) continue;
    names.push(bin);
  }
  return names;
}
