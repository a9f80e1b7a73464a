// Rust: the binaries `cargo build` writes (<target-dir>[/<triple>]/<profile>/<bin>, names from
// Cargo.toml) or `cargo install` puts in <root>/bin, followed through cp/mv/install, on
// distroless cc of the builder's Debian release (glibc and libgcc_s); static musl builds on
// distroless static. OS libraries that -sys crates link get their run-time packages.
import { detection } from './detect';
import * as path from 'path';
import type { Warning } from '../codes';
import { tagAlpine, tagCodename, tagVersion, type ImageRef } from '../analysis/image';
import type { StartNeeds } from '../analysis/needs';
import { resolvePath, type Command, type RunStep } from '../analysis/stage';
import { commandName } from '../shell';
import { images, packages as packageData, templateJson, type RuntimeFacts } from '../data';
import {
  decline,
  type CopySpec,
  type Decline,
  type Detection,
  type Provider,
  type ProviderInput,
  type ProviderPlan,
  type RuntimeCandidate,
} from './contract';

interface SysCrate {
  dev?: string;
  apkDev?: string;
  runtime?: string;
  apkRuntime?: string;
  vendoredBy?: string[];
  vendoredFeatures?: Record<string, string>;
}

interface RustData {
  builderImages: string[];
  builderEnv: Record<string, string>;
  debianByVersion: { below: number[]; codename: string }[];
  latestCodename: string;
  ubuntuCodenames: Record<string, string>;
  distrolessCc: Omit<RuntimeFacts, 'ships'> & { ships: Record<string, string[]> };
  slimShips: string[];
  toolchainPackages: string[];
  sysCrates: Record<string, SysCrate>;
  staticSysCrates: string[];
  pureSysCrates: string[];
  impliedByDependency: Record<string, string>;
  dieselFeatures: Record<string, string>;
  toolBins: Record<string, string[]>;
  devServers: string[];
  runtimeDirs: string[];
  runtimeFilePattern: string;
  ignoredEntries: string[];
}
const data = () => templateJson<RustData>('rust.json');

// ---------------------------------------------------------------------------------------------
// A TOML reader for manifests and lock files: tables, arrays of tables, dotted keys, strings
// (basic, literal, multi-line), arrays, inline tables, numbers and booleans. Null on bad input.

export type Toml = Record<string, unknown>;

const obj = (v: unknown): Toml | null =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Toml) : null;
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const strs = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
const tables = (v: unknown): Toml[] =>
  Array.isArray(v) ? v.map(obj).filter((x): x is Toml => x !== null) : [];

function unescapeBasic(s: string): string {
  return s.replace(/\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)/g, (_m, e: string) => {
    if (e.length > 1) return String.fromCodePoint(parseInt(e.slice(1), 16));
    return { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '"': '"', '\\': '\\' }[e] ?? e;
  });
}

export function parseToml(text: string): Toml | null {
  const src = text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
  let i = 0;
  const root: Toml = {};
  let current: Toml = root;
  const fail = (): never => {
    throw new Error('toml');
  };
  const ws = () => {
    while (src[i] === ' ' || src[i] === '\t') i++;
  };
  const wsnl = () => {
    for (;;) {
      ws();
      if (src[i] === '#') while (i < src.length && src[i] !== '\n') i++;
      if (src[i] === '\n') {
        i++;
        continue;
      }
      return;
    }
  };
  const readString = (): string => {
    const q = src[i];
    if (src.startsWith(q.repeat(3), i)) {
      i += 3;
      if (src[i] === '\n') i++;
      const end = src.indexOf(q.repeat(3), i);
      if (end < 0) fail();
      let body = src.slice(i, end);
      i = end + 3;
      while (src[i] === q) {
        body += q;
        i++;
      }
      return q === '"' ? unescapeBasic(body.replace(/\\\n\s*/g, '')) : body;
    }
    i++;
    const start = i;
    while (i < src.length && src[i] !== q) {
      if (src[i] === '\n') fail();
      if (q === '"' && src[i] === '\\') i++;
      i++;
    }
    if (i >= src.length) fail();
    const body = src.slice(start, i);
    i++;
    return q === '"' ? unescapeBasic(body) : body;
  };
  const readKey = (): string[] => {
    const parts: string[] = [];
    for (;;) {
      ws();
      if (src[i] === '"' || src[i] === "'") parts.push(readString());
      else {
        const m = /^[A-Za-z0-9_-]+/.exec(src.slice(i, i + 256));
        if (!m) fail();
        const word = (m as RegExpExecArray)[0];
        i += word.length;
        parts.push(word);
      }
      ws();
      if (src[i] !== '.') return parts;
      i++;
    }
  };
  const descend = (t: Toml, k: string): Toml => {
    const v = t[k];
    if (v === undefined) {
      const n: Toml = {};
      t[k] = n;
      return n;
    }
    if (Array.isArray(v)) {
      const last = obj(v[v.length - 1]);
      return last ?? fail();
    }
    return obj(v) ?? fail();
  };
  const setPath = (t: Toml, keys: string[], v: unknown) => {
    let at = t;
    for (const k of keys.slice(0, -1)) at = descend(at, k);
    at[keys[keys.length - 1]] = v;
  };
  const readValue = (): unknown => {
    ws();
    const c = src[i];
    if (c === '"' || c === "'") return readString();
    if (c === '[') {
      i++;
      const arr: unknown[] = [];
      for (;;) {
        wsnl();
        if (src[i] === ']') {
          i++;
          return arr;
        }
        arr.push(readValue());
        wsnl();
        if (src[i] === ',') i++;
        else if (src[i] !== ']') fail();
      }
    }
    if (c === '{') {
      i++;
      const t: Toml = {};
      ws();
      if (src[i] === '}') {
        i++;
        return t;
      }
      for (;;) {
        const k = readKey();
        if (src[i] !== '=') fail();
        i++;
        setPath(t, k, readValue());
        ws();
        if (src[i] === ',') i++;
        else if (src[i] === '}') {
          i++;
          return t;
        } else fail();
      }
    }
    const m = /^[^\s,\]}#]+/.exec(src.slice(i, i + 128));
    if (!m) fail();
    const word = (m as RegExpExecArray)[0];
    i += word.length;
    if (word === 'true') return true;
    if (word === 'false') return false;
    const n = Number(word.replace(/_/g, ''));
    return Number.isNaN(n) ? word : n;
  };
  try {
    for (;;) {
      wsnl();
      if (i >= src.length) break;
      if (src[i] === '[') {
        const many = src[i + 1] === '[';
        i += many ? 2 : 1;
        const keys = readKey();
        if (src[i] !== ']') fail();
        i++;
        if (many) {
          if (src[i] !== ']') fail();
          i++;
          let parent = root;
          for (const k of keys.slice(0, -1)) parent = descend(parent, k);
          const last = keys[keys.length - 1];
          const list = parent[last] ?? [];
          if (!Array.isArray(list)) fail();
          const t: Toml = {};
          (list as unknown[]).push(t);
          parent[last] = list;
          current = t;
        } else {
          let t = root;
          for (const k of keys) t = descend(t, k);
          current = t;
        }
      } else {
        const keys = readKey();
        if (src[i] !== '=') fail();
        i++;
        setPath(current, keys, readValue());
      }
      ws();
      if (src[i] === '#') while (i < src.length && src[i] !== '\n') i++;
      if (i < src.length && src[i] !== '\n') fail();
    }
  } catch {
    return null;
  }
  return root;
}

// ---------------------------------------------------------------------------------------------
// Manifests, workspaces and the binaries a package has.

interface Manifest {
  /** Image folder that holds the Cargo.toml. */
  dir: string;
  toml: Toml;
}

type Read = Manifest | 'missing' | 'invalid';

function readManifest(input: ProviderInput, dir: string): Read {
  const text = input.files.readByImagePath(path.posix.join(dir, 'Cargo.toml'));
  if (text === null) return 'missing';
  const toml = parseToml(text);
  return toml ? { dir, toml } : 'invalid';
}

const isManifest = (r: Read): r is Manifest => typeof r !== 'string';

/** The Cargo.toml cargo uses when run in a folder: that folder's or the nearest parent's. */
function nearestManifest(input: ProviderInput, dir: string): Read {
  for (let d = dir; ; d = path.posix.dirname(d)) {
    const r = readManifest(input, d);
    if (r !== 'missing' || d === '/') return r;
  }
}

function workspaceRoot(input: ProviderInput, m: Manifest): Manifest {
  if (obj(m.toml.workspace)) return m;
  const explicit = str(obj(m.toml.package)?.workspace);
  if (explicit) {
    const r = readManifest(input, resolvePath(m.dir, explicit));
    if (isManifest(r)) return r;
  }
  for (let d = path.posix.dirname(m.dir); d !== m.dir; d = path.posix.dirname(d)) {
    const r = readManifest(input, d);
    if (isManifest(r) && obj(r.toml.workspace)) return r;
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

function globDirs(input: ProviderInput, base: string, pattern: string): string[] {
  let dirs = [base];
  for (const seg of pattern.replace(/\/+$/, '').split('/')) {
    if (seg === '' || seg === '.') continue;
    if (!/[*?[]/.test(seg)) {
      dirs = dirs.map((d) => path.posix.join(d, seg));
      continue;
    }
    const re = new RegExp(
      `^${seg
        .replace(/[.+^${}()|\\]/g, '\\$&')
        .replace(/\*/g, '[^/]*')
        .replace(/\?/g, '[^/]')}$`,
    );
    dirs = dirs.flatMap((d) =>
      listImageDir(input, d)
        .filter((e) => e.endsWith('/') && re.test(e.slice(0, -1)))
        .map((e) => path.posix.join(d, e.slice(0, -1))),
    );
  }
  return dirs;
}

function members(input: ProviderInput, root: Manifest): Manifest[] {
  const ws = obj(root.toml.workspace) ?? {};
  const exclude = strs(ws.exclude).map((e) => resolvePath(root.dir, e));
  const out: Manifest[] = [];
  if (obj(root.toml.package)) out.push(root);
  for (const pattern of strs(ws.members)) {
    for (const dir of globDirs(input, root.dir, pattern)) {
      if (exclude.includes(dir) || out.some((o) => o.dir === dir)) continue;
      const m = readManifest(input, dir);
      if (isManifest(m) && obj(m.toml.package)) out.push(m);
    }
  }
  return out;
}

const packageName = (m: Manifest): string => str(obj(m.toml.package)?.name) ?? '';

function enabledFeatures(m: Manifest, flags: CargoFlags): Set<string> {
  const table = obj(m.toml.features) ?? {};
  const out = new Set<string>();
  const add = (f: string) => {
    if (out.has(f)) return;
    out.add(f);
    for (const sub of strs(table[f])) if (!sub.includes('/') && !sub.startsWith('dep:')) add(sub);
  };
  if (flags.bool.has('all-features')) Object.keys(table).forEach(add);
  if (!flags.bool.has('no-default-features') && table.default !== undefined) add('default');
  for (const spec of flags.values('features')) {
    for (const f of spec.split(/[\s,]+/).filter(Boolean)) {
      const slash = f.indexOf('/');
      if (slash < 0) add(f);
      else if (f.slice(0, slash) === packageName(m)) add(f.slice(slash + 1));
    }
  }
  return out;
}

/** Names of the binaries a package builds, as cargo discovers them. */
function binTargets(input: ProviderInput, m: Manifest, root: Manifest, enabled: Set<string>) {
  const pkg = obj(m.toml.package) ?? {};
  const name = packageName(m);
  const edition =
    obj(pkg.edition)?.workspace === true
      ? String(obj(obj(root.toml.workspace)?.package)?.edition ?? '2015')
      : String(pkg.edition ?? '2015');
  const explicit = tables(m.toml.bin);
  const names: string[] = [];
  const claimed = new Set<string>();
  const at = (rel: string) => imageFileExists(input, path.posix.join(m.dir, rel));
  for (const b of explicit) {
    const bin = str(b.name);
    if (!bin) continue;
    const p =
      str(b.path) ??
      [
        `src/bin/${bin}.rs`,
        `src/bin/${bin}/main.rs`,
        ...(bin === name ? ['src/main.rs'] : []),
      ].find(at);
    if (p) claimed.add(path.posix.normalize(p));
    const required = strs(b['required-features']);
    if (required.every((f) => enabled.has(f) || f.includes('/'))) names.push(bin);
  }
  const auto = pkg.autobins !== false && !(edition === '2015' && explicit.length > 0);
  if (auto) {
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
  }
  return names;
}

// ---------------------------------------------------------------------------------------------
// cargo command lines.

const VALUE_FLAGS = new Set([
  'package',
  'exclude',
  'bin',
  'example',
  'test',
  'bench',
  'features',
  'target',
  'target-dir',
  'manifest-path',
  'profile',
  'jobs',
  'color',
  'config',
  'Z',
  'message-format',
  'path',
  'root',
  'git',
  'branch',
  'tag',
  'rev',
  'registry',
  'index',
  'version',
  'vers',
  'out-dir',
  'artifact-dir',
  'lockfile-path',
]);
const SHORT: Record<string, string> = {
  p: 'package',
  F: 'features',
  j: 'jobs',
  r: 'release',
  Z: 'Z',
  v: 'verbose',
  q: 'quiet',
};

class CargoFlags {
  readonly bool = new Set<string>();
  private readonly vals = new Map<string, string[]>();
  add(name: string, value: string) {
    this.vals.set(name, [...(this.vals.get(name) ?? []), value]);
  }
  values(name: string): string[] {
    return this.vals.get(name) ?? [];
  }
  first(name: string): string | undefined {
    return this.vals.get(name)?.[0];
  }
  all(): [string, string[]][] {
    return [...this.vals.entries()];
  }
}

interface Cargo {
  cmd: Command;
  run: RunStep;
  sub: string;
  flags: CargoFlags;
  positional: string[];
}

function isCargo(word: string | undefined): boolean {
  return word !== undefined && commandName(word) === 'cargo';
}

function readCargo(cmd: Command, run: RunStep): Cargo | null {
  if (!isCargo(cmd.argv[0])) return null;
  const flags = new CargoFlags();
  const positional: string[] = [];
  let sub: string | null = null;
  const args = cmd.argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith('+') && sub === null) continue; // +toolchain
    if (a === '--') break;
    if (a.startsWith('--')) {
      const body = a.slice(2);
      const eq = body.indexOf('=');
      if (eq >= 0) flags.add(body.slice(0, eq), body.slice(eq + 1));
      else if (VALUE_FLAGS.has(body)) flags.add(body, args[++i] ?? '');
      else flags.bool.add(body);
    } else if (a.startsWith('-') && a.length > 1) {
      const long = SHORT[a[1]] ?? a[1];
      if (VALUE_FLAGS.has(long)) flags.add(long, a.length > 2 ? a.slice(2) : (args[++i] ?? ''));
      else flags.bool.add(long);
    } else if (sub === null) sub = a;
    else positional.push(a);
  }
  if (sub === null) return null;
  // cargo auditable build, cargo zigbuild: the same outputs as cargo build.
  if (sub === 'auditable' && positional[0]) sub = positional.shift() as string;
  if (sub === 'b' || sub === 'zigbuild' || sub === 'rustc') sub = 'build';
  return { cmd, run, sub, flags, positional };
}

// ---------------------------------------------------------------------------------------------
// Outputs.

type Libc = 'glibc' | 'musl-static' | 'musl-dynamic';

interface Output {
  path: string;
  why: string;
  /** From cargo build (removed by cargo clean), as opposed to a copy of one. */
  build: boolean;
  libc: Libc;
  /** Copied elsewhere (cp, install, ln): the container runs the copy unless it names this one. */
  superseded?: boolean;
}

interface Context {
  input: ProviderInput;
  /** The builder's own toolchain targets musl (rust:*-alpine, Alpine's cargo). */
  hostMusl: 'static' | 'dynamic' | null;
  rustImage: boolean;
  /** Manifests whose dependencies decide the OS libraries. */
  manifests: Map<string, Manifest>;
  roots: Map<string, Manifest>;
  tools: { crate: string; bins: string[] }[];
  notes: string[];
}

function varsOf(ctx: Context, cargo: Cargo): Record<string, string> {
  return { ...(ctx.rustImage ? data().builderEnv : {}), ...cargo.cmd.vars };
}

/** .cargo/config.toml settings that apply in a folder (the nearest file wins, as a rule). */
function cargoConfig(ctx: Context, dir: string): { dir: string; toml: Toml }[] {
  const out: { dir: string; toml: Toml }[] = [];
  for (let d = dir; ; d = path.posix.dirname(d)) {
    for (const name of ['.cargo/config.toml', '.cargo/config']) {
      const text = ctx.input.files.readByImagePath(path.posix.join(d, name));
      const toml = text === null ? null : parseToml(text);
      if (toml) {
        out.push({ dir: d, toml });
        break;
      }
    }
    if (d === '/') return out;
  }
}

function configValue(configs: { dir: string; toml: Toml }[], table: string, key: string) {
  for (const c of configs) {
    const v = obj(c.toml[table])?.[key];
    if (v !== undefined) return { value: v, dir: c.dir };
  }
  return null;
}

function libcOf(
  ctx: Context,
  triple: string | null,
  cargo: Cargo,
  configs: ReturnType<typeof cargoConfig>,
): Libc {
  const vars = varsOf(ctx, cargo);
  const cfgFlags = configValue(configs, 'build', 'rustflags')?.value;
  const flags = [
    vars.RUSTFLAGS ?? '',
    (vars.CARGO_ENCODED_RUSTFLAGS ?? '').split('\x1f').join(' '),
    Array.isArray(cfgFlags) ? cfgFlags.join(' ') : String(cfgFlags ?? ''),
  ].join(' ');
  const musl = triple ? triple.includes('musl') : ctx.hostMusl !== null;
  if (!musl) return 'glibc';
  if (/-crt-static/.test(flags)) return 'musl-dynamic';
  if (/\+crt-static/.test(flags)) return 'musl-static';
  if (!triple && ctx.hostMusl === 'dynamic') return 'musl-dynamic';
  return 'musl-static';
}

function hasVariable(v: string): boolean {
  return v.includes('$') || v.includes('`');
}

function profileDir(cargo: Cargo, install: boolean): string {
  const p = cargo.flags.first('profile');
  if (p) return p === 'dev' || p === 'test' ? 'debug' : p === 'bench' ? 'release' : p;
  if (install) return cargo.flags.bool.has('debug') ? 'debug' : 'release';
  return cargo.flags.bool.has('release') ? 'release' : 'debug';
}

/** The packages a cargo build selects and the binaries each builds. */
function selectBins(
  ctx: Context,
  cargo: Cargo,
  m: Manifest,
  root: Manifest,
): { bins: string[]; examples: string[]; pkgs: Manifest[] } {
  const { flags } = cargo;
  const all = members(ctx.input, root);
  let pkgs: Manifest[];
  const named = flags.values('package').map((p) => p.replace(/[@:].*$/, ''));
  if (named.length > 0) pkgs = all.filter((p) => named.includes(packageName(p)));
  else if (flags.bool.has('workspace') || flags.bool.has('all')) {
    const ex = flags.values('exclude');
    pkgs = all.filter((p) => !ex.includes(packageName(p)));
  } else if (!obj(m.toml.package)) {
    const defaults = strs(obj(m.toml.workspace)?.['default-members']).map((d) =>
      resolvePath(m.dir, d),
    );
    pkgs = defaults.length ? all.filter((p) => defaults.includes(p.dir)) : all;
  } else pkgs = [m];
  const onlyBins = flags.values('bin');
  const examples = flags.values('example');
  const targetFlags =
    onlyBins.length > 0 ||
    examples.length > 0 ||
    flags.bool.has('lib') ||
    flags.values('test').length > 0 ||
    flags.values('bench').length > 0;
  const bins: string[] = [];
  for (const p of pkgs) {
    ctx.manifests.set(p.dir, p);
    const found = binTargets(ctx.input, p, root, enabledFeatures(p, flags));
    if (flags.bool.has('bins') || !targetFlags)
      for (const item of found.filter((b) => !bins.includes(b))) bins.push(item);
  }
  for (const b of onlyBins) if (!bins.includes(b)) bins.push(b);
  return { bins, examples, pkgs };
}

function outputsOf(ctx: Context, cargo: Cargo): Output[] | Decline {
  const { input } = ctx;
  const cwd = cargo.cmd.cwd;
  const vars = varsOf(ctx, cargo);
  const line = cargo.cmd.argv.join(' ');
  for (const [name, vals] of cargo.flags.all()) {
    if (vals.some(hasVariable) && name !== 'features' && name !== 'jobs') {
      return decline(
        'MSC007',
        `\`${line}\` names its --${name} through a variable msconvert cannot resolve, so it cannot tell which binaries it writes.`,
      );
    }
  }
  if (cargo.flags.values('config').some((c) => /target/.test(c))) {
    return decline(
      'MSC007',
      `\`${line}\` sets its target folder or triple with --config, which msconvert does not read; use --target-dir or --target.`,
    );
  }
  const install = cargo.sub === 'install';
  if (install && (cargo.positional.length > 0 || cargo.flags.first('git'))) {
    // A tool from a registry or git: its binaries serve the build unless the container runs them.
    for (const crate of cargo.positional.length
      ? cargo.positional
      : [cargo.flags.first('git') ?? '']) {
      const base = crate
        .replace(/@.*$/, '')
        .replace(/.*\//, '')
        .replace(/\.git$/, '');
      ctx.tools.push({ crate: base, bins: data().toolBins[base] ?? [base] });
    }
    return [];
  }
  const manifestPath = cargo.flags.first('manifest-path');
  const installPath = cargo.flags.first('path');
  const read = manifestPath
    ? readManifest(input, path.posix.dirname(resolvePath(cwd, manifestPath)))
    : installPath
      ? readManifest(input, resolvePath(cwd, installPath))
      : nearestManifest(input, cwd);
  if (!isManifest(read)) {
    const where = manifestPath ?? (installPath ? `${installPath}/Cargo.toml` : `${cwd}/Cargo.toml`);
    return decline(
      'MSC007',
      read === 'invalid'
        ? `cannot read ${where}, so msconvert cannot tell the names of the binaries \`${line}\` writes.`
        : `cannot tell the names of the binaries \`${line}\` writes: ${where} is not in the build context (pass --context).`,
    );
  }
  const root = workspaceRoot(input, read);
  ctx.roots.set(root.dir, root);
  const configs = cargoConfig(ctx, cwd);
  const triples = cargo.flags.values('target');
  if (triples.length === 0 && vars.CARGO_BUILD_TARGET) triples.push(vars.CARGO_BUILD_TARGET);
  if (triples.length === 0) {
    const t = configValue(configs, 'build', 'target')?.value;
    for (const item of Array.isArray(t) ? strs(t) : str(t) ? [t as string] : []) triples.push(item);
  }
  for (const t of triples) {
    if (hasVariable(t)) {
      return decline(
        'MSC007',
        `\`${line}\` names its target triple through a variable msconvert cannot resolve.`,
      );
    }
    if (!/-linux-(gnu|musl)/.test(t)) {
      return decline(
        'MSC007',
        `\`${line}\` builds for ${t}, not for Linux; msconvert converts builds of Linux executables.`,
      );
    }
  }
  const { bins, examples } = install
    ? {
        bins: cargo.flags.values('bin').length
          ? cargo.flags.values('bin')
          : binTargets(input, read, root, enabledFeatures(read, cargo.flags)),
        examples: cargo.flags.values('example'),
      }
    : selectBins(ctx, cargo, read, root);
  if (install) ctx.manifests.set(read.dir, read);
  const names = [...bins, ...examples];
  if (names.some(hasVariable)) {
    return decline(
      'MSC007',
      `\`${line}\` picks its binary through a variable msconvert cannot resolve.`,
    );
  }
  const triple = triples[0] ?? null;
  const libc = libcOf(ctx, triple, cargo, configs);
  if (install) {
    let rootDir = cargo.flags.first('root') ?? vars.CARGO_INSTALL_ROOT;
    if (rootDir) rootDir = resolvePath(cwd, rootDir);
    else {
      const cfgRoot = configValue(configs, 'install', 'root');
      if (cfgRoot && str(cfgRoot.value))
        rootDir = resolvePath(cfgRoot.dir, cfgRoot.value as string);
    }
    if (!rootDir) {
      const user =
        cargo.run.user && !/^(root|0)(:.*)?$/.test(cargo.run.user) ? cargo.run.user : null;
      const home = vars.HOME ?? (user ? `/home/${user.split(':')[0]}` : '/root');
      rootDir = vars.CARGO_HOME ?? `${home}/.cargo`;
    }
    if (hasVariable(rootDir)) {
      return decline(
        'MSC007',
        `cargo install writes to ${rootDir}, which msconvert cannot resolve.`,
      );
    }
    return names.map((n) => ({
      path: path.posix.join(rootDir as string, 'bin', n),
      why: `installed by cargo install (package ${packageName(read)})`,
      build: false,
      libc,
    }));
  }
  let targetDir =
    cargo.flags.first('target-dir') ?? vars.CARGO_TARGET_DIR ?? vars.CARGO_BUILD_TARGET_DIR;
  if (targetDir) targetDir = resolvePath(cwd, targetDir);
  else {
    const cfg = configValue(configs, 'build', 'target-dir');
    targetDir =
      cfg && str(cfg.value)
        ? resolvePath(cfg.dir, cfg.value as string)
        : path.posix.join(root.dir, 'target');
  }
  if (hasVariable(targetDir)) {
    return decline(
      'MSC007',
      `cargo writes to the target folder ${targetDir}, which msconvert cannot resolve.`,
    );
  }
  const profile = profileDir(cargo, false);
  const base = path.posix.join(targetDir, triple ?? '', profile);
  const outDir = cargo.flags.first('artifact-dir') ?? cargo.flags.first('out-dir');
  const out: Output[] = [];
  for (const b of bins) {
    out.push({ path: path.posix.join(base, b), why: `built by \`${line}\``, build: true, libc });
    if (outDir)
      out.push({
        path: path.posix.join(resolvePath(cwd, outDir), b),
        why: `copied by \`${line}\``,
        build: false,
        libc,
      });
  }
  for (const e of examples)
    out.push({
      path: path.posix.join(base, 'examples', e),
      why: `example built by \`${line}\``,
      build: true,
      libc,
    });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Following the binaries through cp, mv, install and rm.

const STANDARD_DIRS = new Set([
  '/',
  '/bin',
  '/sbin',
  '/usr/bin',
  '/usr/sbin',
  '/usr/local/bin',
  '/usr/local/sbin',
  '/opt',
  '/srv',
  '/tmp',
  '/usr/local/cargo/bin',
]);

interface FileOp {
  op: 'cp' | 'mv' | 'rm';
  sources: string[];
  dest: string;
  destIsDir: boolean;
}

function fileOp(c: Command, knownDirs: Set<string>): FileOp | null {
  const tool = commandName(c.argv[0]);
  if (!['cp', 'mv', 'install', 'ln', 'rm'].includes(tool)) return null;
  const valueFlags =
    tool === 'install'
      ? new Set(['-m', '-o', '-g', '-S', '--mode', '--owner', '--group'])
      : new Set<string>();
  const args: string[] = [];
  let targetDir: string | null = null;
  let noTarget = false;
  let dirMode = false;
  const argv = c.argv.slice(1);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      for (const item of argv.slice(i + 1)) args.push(item);
      break;
    }
    if (a === '-t' || a === '--target-directory') targetDir = argv[++i] ?? null;
    else if (a.startsWith('--target-directory=')) targetDir = a.slice(19);
    else if (a === '-T' || a === '--no-target-directory') noTarget = true;
    else if (valueFlags.has(a)) i++;
    else if (a.startsWith('-')) {
      if (tool === 'install' && /^-[a-zA-Z]*d/.test(a)) dirMode = true;
    } else args.push(a);
  }
  if (tool === 'rm')
    return {
      op: 'rm',
      sources: args.map((a) => resolvePath(c.cwd, a)),
      dest: '',
      destIsDir: false,
    };
  if (dirMode) {
    for (const a of args) knownDirs.add(resolvePath(c.cwd, a));
    return null;
  }
  if (targetDir !== null) {
    return {
      op: tool === 'mv' ? 'mv' : 'cp',
      sources: args.map((a) => resolvePath(c.cwd, a)),
      dest: resolvePath(c.cwd, targetDir),
      destIsDir: true,
    };
  }
  if (args.length < 2) return null;
  const rawDest = args[args.length - 1];
  const dest = resolvePath(c.cwd, rawDest);
  const destIsDir =
    !noTarget &&
    (rawDest.endsWith('/') ||
      rawDest === '.' ||
      rawDest === '..' ||
      args.length > 2 ||
      knownDirs.has(dest) ||
      STANDARD_DIRS.has(dest));
  return {
    op: tool === 'mv' ? 'mv' : 'cp',
    sources: args.slice(0, -1).map((a) => resolvePath(c.cwd, a)),
    dest,
    destIsDir,
  };
}

function mountTargets(run: RunStep): string[] {
  return run.ins.flags
    .filter((f) => f.name === 'mount')
    .map((f) => /(?:^|,)(?:target|dst|destination)=([^,]+)/.exec(f.value ?? '')?.[1])
    .filter((t): t is string => Boolean(t))
    .map((t) => resolvePath(run.workdir, t));
}

const inside = (p: string, dir: string) => p === dir || p.startsWith(dir === '/' ? '/' : `${dir}/`);

// ---------------------------------------------------------------------------------------------
// The builder's OS and the runtime images.

interface BuilderOs {
  family: 'debian' | 'ubuntu' | 'alpine' | 'unknown';
  codename: string | null;
  alpine: string | null;
  ubuntuTag: string | null;
}

function versionBelow(v: number[], limit: number[]): boolean {
  for (let i = 0; i < limit.length; i++) {
    const a = v[i] ?? Infinity; // 1.71 means the newest 1.71.x
    if (a !== limit[i]) return a < limit[i];
  }
  return false;
}

function builderOs(image: ImageRef): BuilderOs {
  const d = data();
  const tag = image.tag;
  const alpine = tagAlpine(tag);
  const none: BuilderOs = { family: 'unknown', codename: null, alpine: null, ubuntuTag: null };
  if (image.name === 'alpine')
    return { ...none, family: 'alpine', alpine: tag && tag !== 'latest' ? tag : '' };
  if (alpine !== null) return { ...none, family: 'alpine', alpine };
  const named = tagCodename(tag);
  if (image.name === 'rust') {
    if (named) return { ...none, family: 'debian', codename: named };
    const v = tagVersion(tag);
    const hit = v ? d.debianByVersion.find((r) => versionBelow(v, r.below)) : undefined;
    return { ...none, family: 'debian', codename: hit ? hit.codename : d.latestCodename };
  }
  if (image.name === 'debian' || image.name === 'buildpack-deps') {
    if (named) return { ...none, family: 'debian', codename: named };
    if (!tag || /^(latest|stable)(-slim)?$/.test(tag))
      return { ...none, family: 'debian', codename: d.latestCodename };
    const v = tagVersion(tag);
    const byNumber = Object.entries(images().debian.codenames).find(([, n]) => v && n === v[0]);
    if (byNumber) return { ...none, family: 'debian', codename: byNumber[0] };
    return none;
  }
  if (image.name === 'ubuntu' && tag) {
    const names: Record<string, string> = { focal: '20.04', jammy: '22.04', noble: '24.04' };
    const version = names[tag.split('-')[0]] ?? /^\d\d\.\d\d/.exec(tag)?.[0];
    const codename = version ? d.ubuntuCodenames[version] : undefined;
    if (codename) return { ...none, family: 'ubuntu', codename, ubuntuTag: tag };
  }
  return none;
}

function runtimeFacts(kind: string, codename: string | null): RuntimeFacts {
  const d = data();
  const suffix = images().debian.distrolessSuffix[codename ?? 'bookworm'] ?? 'debian12';
  let facts: RuntimeFacts;
  if (kind === 'distroless-cc') {
    const cc = d.distrolessCc;
    facts = { ...cc, ships: cc.ships[suffix] ?? cc.ships.debian12 };
  } else {
    facts = images().runtimes[kind];
    if (kind === 'debian-slim') {
      // Required packages every slim image has; tzdata stopped being one in trixie.
      const ships = facts.ships.filter((p) => p !== 'tzdata' || isBeforeTrixie(codename));
      facts = { ...facts, ships: [...ships, ...d.slimShips] };
    }
  }
  // The toolchain the original installed with apt or apk is never installed again.
  return { ...facts, ships: [...facts.ships, ...d.toolchainPackages] };
}

function isBeforeTrixie(codename: string | null): boolean {
  const n = images().debian.codenames[codename ?? 'bookworm'];
  return n === undefined ? codename === 'stretch' : n < 13;
}

function candidate(
  kind: string,
  vars: Record<string, string>,
  why: string,
  codename: string | null,
): RuntimeCandidate {
  const facts = runtimeFacts(kind, codename);
  const image = facts.image.replace(/\{(\w+)\}/g, (_m, k: string) => vars[k] ?? '');
  return { image, facts: { ...facts, image }, why, commands: [] };
}

/** Run-time OS packages for the libraries the -sys crates in the build link. */
function nativeLibraries(
  ctx: Context,
  family: 'apt' | 'apk',
  codename: string | null,
  warnings: Warning[],
): { packages: string[]; notes: string[] } | Decline {
  const d = data();
  const pk = packageData();
  const lockNames = new Set<string>();
  let locked = false;
  for (const root of ctx.roots.values()) {
    const text = ctx.input.files.readByImagePath(path.posix.join(root.dir, 'Cargo.lock'));
    const lock = text === null ? null : parseToml(text);
    if (!lock) continue;
    locked = true;
    for (const p of tables(lock.package)) if (str(p.name)) lockNames.add(p.name as string);
  }
  const manifests = [...ctx.manifests.values(), ...ctx.roots.values()];
  const depTables = (m: Manifest): Toml[] => {
    const out: Toml[] = [];
    for (const key of ['dependencies', 'build-dependencies']) {
      const t = obj(m.toml[key]);
      if (t && key === 'dependencies') out.push(t);
    }
    for (const t of Object.values(obj(m.toml.target) ?? {})) {
      const deps = obj(obj(t)?.dependencies);
      if (deps) out.push(deps);
    }
    const ws = obj(obj(m.toml.workspace)?.dependencies);
    if (ws) out.push(ws);
    return out;
  };
  const specs = (dep: string): Toml[] =>
    manifests.flatMap((m) =>
      depTables(m)
        .map((t) => obj(t[dep]))
        .filter((x): x is Toml => !!x),
    );
  const sys = new Map<string, string>(); // crate -> why
  if (locked) {
    for (const n of lockNames) if (d.sysCrates[n]) sys.set(n, `${n} in Cargo.lock`);
    const unknown = [...lockNames].filter(
      (n) =>
        /[-_]sys$/.test(n) &&
        !d.sysCrates[n] &&
        !d.staticSysCrates.includes(n) &&
        !d.pureSysCrates.includes(n),
    );
    if (unknown.length > 0) {
      warnings.push({
        code: 'MSC105',
        message: `Cargo.lock has ${unknown.join(', ')}, which may link an OS library msconvert does not know; if the binary stops with "error while loading shared libraries", install that library in the runtime stage.`,
      });
    }
  } else {
    let any = false;
    for (const m of manifests) {
      for (const t of depTables(m)) {
        for (const [dep, spec] of Object.entries(t)) {
          any = true;
          const s = obj(spec);
          const real = str(s?.package) ?? dep;
          const implied = d.impliedByDependency[real];
          if (implied && !(real === 'reqwest' && s?.['default-features'] === false))
            sys.set(implied, `${real} in Cargo.toml`);
          if (real === 'diesel') {
            for (const f of strs(s?.features))
              if (d.dieselFeatures[f]) sys.set(d.dieselFeatures[f], `diesel with ${f}`);
          }
        }
      }
    }
    if (any) {
      warnings.push({
        code: 'MSC105',
        message:
          'Cargo.lock is not in the build context, so msconvert judged the OS libraries the binary links from the direct dependencies only; commit Cargo.lock (and copy it in) for a complete check.',
      });
    }
  }
  const out: string[] = [];
  const notes: string[] = [];
  for (const [crate, why] of sys) {
    const info = d.sysCrates[crate];
    if ((info.vendoredBy ?? []).some((v) => lockNames.has(v))) continue;
    const vendored = Object.entries(info.vendoredFeatures ?? {}).some(([dep, feat]) =>
      specs(dep).some((s) => strs(s.features).includes(feat)),
    );
    if (vendored) continue;
    let runtime: string | null = null;
    if (family === 'apt') {
      if (info.runtime) runtime = info.runtime;
      else if (info.dev) {
        const mapped = pk.devToRuntime[info.dev];
        runtime =
          typeof mapped === 'string'
            ? mapped
            : mapped
              ? (mapped[codename ?? 'bookworm'] ?? null)
              : null;
      }
    } else {
      runtime = info.apkRuntime ?? (info.apkDev ? (pk.apkDevToRuntime[info.apkDev] ?? null) : null);
    }
    if (!runtime) {
      return decline(
        'MSC009',
        `the binary links the library of ${crate} (${why}), and msconvert knows no ${family} run-time package for it; add it to the runtime stage by hand.`,
      );
    }
    for (const p of runtime.split(' ')) if (!out.includes(p)) out.push(p);
    notes.push(`links ${runtime} (${why})`);
  }
  return { packages: out, notes };
}

// ---------------------------------------------------------------------------------------------
// Files read at run time.

function rustSources(input: ProviderInput, limit = 400): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    for (const name of input.ctx.list(dir)) {
      if (out.length >= limit) return;
      const rel = dir ? `${dir}/${name}` : name;
      if (name.endsWith('/')) {
        const base = name.slice(0, -1);
        if (
          depth < 6 &&
          !['target', 'vendor', 'node_modules'].includes(base) &&
          !base.startsWith('.')
        )
          walk(rel.slice(0, -1), depth + 1);
      } else if (name.endsWith('.rs')) out.push(rel);
    }
  };
  walk('', 0);
  return out;
}

function isOfficialRust(image: ImageRef): boolean {
  return data().builderImages.includes(image.name);
}

export const rustProvider: Provider = {
  id: 'rust',
  name: 'Rust',

  detect({ model, ctx }): Detection | null {
    const cargo = model.runs
      .flatMap((r) => r.commands.map((c) => readCargo(c, r)))
      .find((c) => c !== null && ['build', 'install', 'rustc'].includes(c.sub));
    return detection(model, {
      image: isOfficialRust(model.image),
      build: cargo && `RUN cargo ${cargo.sub}`,
      manifest: ctx.exists('Cargo.toml') ? 'Cargo.toml' : null,
    });
  },

  plan(input: ProviderInput, needs: StartNeeds): ProviderPlan | Decline {
    const { model, ctx: bctx, files } = input;
    const d = data();
    const warnings: Warning[] = [];
    const notes: string[] = [];

    // Compiling at start keeps the toolchain in use.
    for (const c of needs.commands) {
      const name = commandName(c.word);
      if (d.devServers.includes(name)) {
        return decline(
          'MSC005',
          `${c.from} runs \`${c.argv.join(' ')}\`, which needs the Rust toolchain when the container starts; build with cargo build --release in a RUN step and start the binary.`,
        );
      }
    }

    const os = builderOs(model.image);
    const apkCargo = model.runs.some((r) =>
      r.commands.some(
        (c) =>
          c.argv[0] === 'apk' &&
          c.argv[1] === 'add' &&
          c.argv.some((a) => a === 'cargo' || a === 'rust'),
      ),
    );
    const ctx: Context = {
      input,
      hostMusl:
        os.family !== 'alpine'
          ? null
          : isOfficialRust(model.image) && !apkCargo
            ? 'static'
            : 'dynamic',
      rustImage: isOfficialRust(model.image),
      manifests: new Map(),
      roots: new Map(),
      tools: [],
      notes,
    };

    // Every binary the stage builds, followed through cp/mv/install/rm to where it ends up.
    const alive = new Map<string, Output>();
    const knownDirs = new Set<string>([model.cwd, ...model.runs.map((r) => r.workdir)]);
    for (const cp of model.copies) if (cp.destIsDir) knownDirs.add(cp.dest);
    let builds = 0;
    let built = 0;
    for (const run of model.runs) {
      const mounts = mountTargets(run);
      const created = new Set<string>();
      for (const c of run.commands) {
        const tool = commandName(c.argv[0]);
        if (tool === 'mkdir') {
          for (const a of c.argv.slice(1))
            if (!a.startsWith('-')) knownDirs.add(resolvePath(c.cwd, a));
          continue;
        }
        const cargo = readCargo(c, run);
        if (cargo) {
          if (cargo.sub === 'clean') {
            for (const [p, o] of alive) if (o.build) alive.delete(p);
            continue;
          }
          if (cargo.sub !== 'build' && cargo.sub !== 'install') continue;
          builds++;
          const outs = outputsOf(ctx, cargo);
          if ('kind' in outs) return outs;
          built += outs.length;
          for (const o of outs) {
            alive.set(o.path, o);
            created.add(o.path);
            if (o.build) knownDirs.add(path.posix.dirname(o.path));
          }
          continue;
        }
        const op = fileOp(c, knownDirs);
        if (!op) continue;
        if (op.op === 'rm') {
          for (const s of op.sources)
            for (const p of [...alive.keys()]) if (inside(p, s)) alive.delete(p);
          continue;
        }
        for (const s of op.sources) {
          const o = alive.get(s);
          if (!o) continue;
          const dest = op.destIsDir ? path.posix.join(op.dest, path.posix.basename(s)) : op.dest;
          if (op.op === 'mv') alive.delete(s);
          else o.superseded = true;
          alive.set(dest, {
            path: dest,
            why: `${o.why}, then ${op.op === 'mv' ? 'moved' : 'copied'} by \`${c.argv.join(' ')}\``,
            build: false,
            libc: o.libc,
          });
          created.add(dest);
        }
      }
      // What a RUN writes into its --mount folders is not in the image.
      for (const p of created) if (mounts.some((m) => inside(p, m))) alive.delete(p);
    }
    if (builds === 0) {
      return decline(
        'MSC006',
        'no cargo build or cargo install runs in this Dockerfile, so there is no build to leave behind (are the binaries built on the host?).',
      );
    }
    // Tools installed from a registry with cargo install that the container runs.
    for (const c of needs.commands) {
      const name = commandName(c.word);
      const tool = ctx.tools.find((t) => t.bins.includes(name));
      if (tool && ![...alive.keys()].some((p) => path.posix.basename(p) === name)) {
        return decline(
          'MSC008',
          `${c.from} runs ${name}, which \`cargo install ${tool.crate}\` built; msconvert does not carry tools installed from a registry (they may link OS libraries); copy it in the runtime stage by hand.`,
        );
      }
    }
    // A binary copied elsewhere stays behind unless a start command or script names it.
    const searchPath = (model.env.PATH ?? (ctx.rustImage ? d.builderEnv.PATH : '')).split(':');
    const named = (p: string) =>
      needs.commands.some(
        (c) =>
          c.argv.some((a) => a.includes('/') && resolvePath(model.cwd, a) === p) ||
          (!c.word.includes('/') &&
            c.word === path.posix.basename(p) &&
            searchPath.includes(path.posix.dirname(p))),
      ) || needs.scripts.some((sc) => sc.text.includes(p));
    for (const [p, o] of alive) if (o.superseded && !named(p)) alive.delete(p);
    const outputs = [...alive.values()];
    if (built === 0) {
      return decline(
        'MSC007',
        'the cargo commands here build no binary (a library crate, or only tools from a registry), so there is nothing for the container to run.',
      );
    }
    if (outputs.length === 0) {
      return decline(
        'MSC007',
        'the binaries cargo builds do not stay in the image (they are written inside a RUN --mount or removed); copy them out of the cache folder in the same RUN.',
      );
    }

    // Which C library the binaries need.
    const kinds = new Set(outputs.map((o) => o.libc));
    const glibc = kinds.has('glibc');
    const muslDynamic = kinds.has('musl-dynamic');
    if (glibc && muslDynamic) {
      return decline(
        'MSC011',
        'the build makes binaries for glibc and for dynamically linked musl; no single runtime image runs both.',
      );
    }
    const staticBuild = !glibc && !muslDynamic;
    if (glibc && os.family !== 'debian' && os.family !== 'ubuntu' && !input.options.runtime) {
      return decline(
        'MSC015',
        `msconvert cannot tell which glibc ${model.image.resolved} has, so it cannot pick a runtime that runs the binary; pass --runtime with an image of the same OS release.`,
      );
    }
    if (muslDynamic && os.family !== 'alpine' && !input.options.runtime) {
      return decline(
        'MSC011',
        'the binary links musl dynamically outside Alpine; build with crt-static or on rust:<version>-alpine.',
      );
    }

    const copies: CopySpec[] = outputs.map((o) => ({
      from: input.builderName,
      src: o.path,
      dest: o.path,
      why: o.why,
    }));
    const executables = outputs.map((o) => o.path);

    // Files the program reads at run time: conventional folders and config files, and any
    // top-level entry the Rust source names in a string.
    const sources = bctx.known ? rustSources(input) : [];
    const literals = new Set<string>();
    for (const f of sources) {
      for (const m of (bctx.readText(f) ?? '').matchAll(
        /"(?:\.\/)?([A-Za-z0-9_.-]+)(?:\/[^"\n]*)?"/g,
      ))
        literals.add(m[1]);
    }
    const ignored = new Set(d.ignoredEntries);
    const filePattern = new RegExp(d.runtimeFilePattern);
    // Top-level context entries wherever they were copied, and the entries of the folder
    // the program starts in by their image path (COPY app/ . puts app/static at ./static).
    const entries: [string, string[]][] = bctx
      .list('')
      .map((e): [string, string[]] => [e, files.imagePathsFor(e.replace(/\/$/, ''))]);
    if (model.cwd !== '/')
      for (const e of files.list(model.cwd))
        entries.push([e, [path.posix.join(model.cwd, e.replace(/\/$/, ''))]]);
    for (const [entry, targets] of entries) {
      const isDir = entry.endsWith('/');
      const name = isDir ? entry.slice(0, -1) : entry;
      if (name.endsWith('.rs') || name.startsWith('Dockerfile') || name.endsWith('.md')) continue;
      const conventional = isDir ? d.runtimeDirs.includes(name) : filePattern.test(name);
      const referenced = literals.has(name) && !ignored.has(name);
      if (!conventional && !referenced) continue;
      for (const target of targets) {
        if (executables.some((p) => inside(p, target))) continue;
        if (copies.some((c) => c.src === target)) continue;
        copies.push({
          from: input.builderName,
          src: target,
          dest: target,
          why: conventional ? 'read at run time (conventional name)' : 'named in the Rust source',
        });
      }
    }
    for (const s of needs.scripts) {
      if (!copies.some((c) => c.src === s.imagePath || inside(s.imagePath, c.src)))
        copies.push({
          from: input.builderName,
          src: s.imagePath,
          dest: s.imagePath,
          why: 'script run at start',
        });
    }

    // OS libraries the -sys crates link (none for a static build).
    const codename = os.codename;
    const ensure = ['ca-certificates', 'tzdata'];
    if (!staticBuild) {
      const libs = nativeLibraries(ctx, muslDynamic ? 'apk' : 'apt', codename, warnings);
      if ('kind' in libs) return libs;
      for (const item of libs.packages) ensure.push(item);
      for (const item of libs.notes) notes.push(item);
      if (muslDynamic) ensure.push('libgcc');
    }

    // A command found through a PATH folder the runtime image does not search (cargo
    // install's $CARGO_HOME/bin): the runtime searches it too. Once images.json describes the
    // rust image, the shared planner does this itself (model.env.PATH is then known).
    const runLines: string[] = [];
    const carriedPath = model.carried.some(
      (i) => i.keyword === 'ENV' && i.pairs.some((p) => p.name === 'PATH'),
    );
    if (model.env.PATH === undefined && !carriedPath) {
      const builderPath = (
        ctx.rustImage ? d.builderEnv.PATH : images().runtimes['debian-slim'].path
      ).split(':');
      const runtimePath = images().runtimes['debian-slim'].path.split(':');
      const dirs: string[] = [];
      for (const need of needs.commands) {
        if (need.word.includes('/')) continue;
        const exe = executables.find((e) => path.posix.basename(e) === need.word);
        if (!exe) continue;
        const dir = path.posix.dirname(exe);
        if (runtimePath.includes(dir) || !builderPath.includes(dir) || dirs.includes(dir)) continue;
        dirs.push(dir);
      }
      if (dirs.length > 0) runLines.push(`ENV PATH=${dirs.join(':')}:$PATH`);
    }

    // Runtime images, smallest first.
    const distroless = images().debian.distrolessSuffix[codename ?? 'bookworm'] ?? 'debian12';
    const vars = {
      distroless,
      codename: codename ?? 'bookworm',
      alpine: os.alpine || 'latest',
    };
    let candidates: RuntimeCandidate[];
    let planCodename: string | null = codename;
    if (staticBuild) {
      candidates = [
        candidate(
          'distroless-static',
          vars,
          'a static musl binary needs no libc; distroless static ships CA certificates and tzdata',
          codename,
        ),
      ];
      if (os.family === 'alpine') {
        planCodename = null;
        candidates.push(
          candidate(
            'alpine',
            vars,
            `a shell or OS packages are needed: the builder's Alpine ${os.alpine || 'latest'}`,
            null,
          ),
        );
      } else if (os.family === 'ubuntu') {
        candidates.push(
          ubuntuCandidate(os, "a shell or OS packages are needed: the builder's Ubuntu"),
        );
      } else {
        candidates.push(
          candidate(
            'debian-slim',
            vars,
            `a shell or OS packages are needed, so Debian ${vars.codename} slim${os.family === 'debian' ? " (the builder's release)" : ''}`,
            codename,
          ),
        );
      }
    } else if (muslDynamic) {
      planCodename = null;
      candidates = [
        candidate(
          'alpine',
          vars,
          `the binary links musl dynamically, so the builder's Alpine ${os.alpine || 'latest'} with libgcc`,
          null,
        ),
      ];
    } else if (os.family === 'ubuntu') {
      candidates = [
        ubuntuCandidate(
          os,
          `the binary links glibc, so the builder's own Ubuntu ${os.ubuntuTag} without the toolchain`,
        ),
      ];
    } else {
      candidates = [
        candidate(
          'distroless-cc',
          vars,
          `the binary links glibc and libgcc_s, so distroless cc of the builder's Debian release (${vars.codename})`,
          codename,
        ),
        candidate(
          'debian-slim',
          vars,
          `the binary links glibc and a shell or OS packages are needed: Debian ${vars.codename} slim`,
          codename,
        ),
      ];
    }

    const override = input.options.runtime;
    if (override) {
      const alias: Record<string, RuntimeCandidate[]> = {
        distroless: [
          candidate(
            staticBuild ? 'distroless-static' : 'distroless-cc',
            vars,
            'chosen with --runtime distroless',
            codename,
          ),
        ],
        slim: [candidate('debian-slim', vars, 'chosen with --runtime slim', codename)],
        alpine: [candidate('alpine', vars, 'chosen with --runtime alpine', null)],
        scratch: [candidate('scratch', vars, 'chosen with --runtime scratch', null)],
      };
      if (alias[override]) {
        if (
          (override === 'scratch' || override === 'alpine') &&
          !staticBuild &&
          !(override === 'alpine' && muslDynamic)
        ) {
          return decline(
            'MSC011',
            `--runtime ${override} cannot run this binary: it links ${muslDynamic ? 'musl dynamically' : 'glibc'}; ${muslDynamic ? 'use alpine' : 'use distroless or slim, or build for x86_64-unknown-linux-musl'}.`,
          );
        }
        if ((override === 'distroless' || override === 'slim') && muslDynamic) {
          return decline(
            'MSC011',
            `--runtime ${override} cannot run this binary: it links musl dynamically; use alpine.`,
          );
        }
        if (override === 'alpine' || override === 'scratch') planCodename = null;
        candidates = alias[override];
      } else {
        candidates = [
          {
            ...candidate('debian-slim', vars, `chosen with --runtime ${override}`, codename),
            image: override,
          },
        ];
        warnings.push({
          code: 'MSC109',
          message: `the runtime image ${override} was given with --runtime; msconvert assumes it has a shell, apt and ${muslDynamic ? 'musl' : 'glibc'} of the builder's release.`,
        });
      }
    }

    return {
      kind: 'plan',
      language: 'rust',
      evidence: [],
      candidates,
      copyFrom: input.builderName,
      copies,
      executables,
      builderEdits: [],
      extraStages: [],
      runLines,
      providedCommands: [],
      staticArtifact: staticBuild,
      vouched: [],
      warnings,
      notes,
      gain: ['the Rust toolchain, the cargo registry and target/ stay in the builder'],
      ensure,
      codename: planCodename,
    };
  },
};

function ubuntuCandidate(os: BuilderOs, why: string): RuntimeCandidate {
  const slim = images().runtimes['debian-slim'];
  const image = `ubuntu:${os.ubuntuTag}`;
  return {
    image,
    facts: {
      ...slim,
      image,
      ships: [...data().slimShips, ...data().toolchainPackages],
      users: ['root', 'nobody', 'daemon', 'www-data'],
      sizeMB: 30,
    },
    why,
    commands: [],
  };
}
