// Reading `go build` and `go install`: their flags and packages, and the names go gives the
// binaries (from the import path, go.mod's module line, or GOPATH).
import * as path from 'path';
import { tagVersion } from '../../analysis/image';
import { resolvePath, type Command } from '../../analysis/stage';
import { readToolArgs, type ToolArgTable } from '../../analysis/tool-args';
import { commandName } from '../../shell';
import type { ProviderInput } from '../contract';
import type { GoBuild } from './types';

const VALUE_FLAGS = new Set([
  'o',
  'ldflags',
  'gcflags',
  'asmflags',
  'tags',
  'mod',
  'p',
  'buildmode',
  'installsuffix',
  'pkgdir',
  'modfile',
  'overlay',
  'pgo',
  'coverpkg',
  'covermode',
  'compiler',
  'gccgoflags',
  'exec',
  'toolexec',
  'C',
  'buildvcs',
  'modcacherw',
  'trimpath',
  'race',
  'msan',
  'asan',
  'a',
  'n',
  'v',
  'x',
  'work',
  'linkshared',
  'cover',
]);
const BOOL_FLAGS = new Set([
  'a',
  'n',
  'v',
  'x',
  'work',
  'race',
  'msan',
  'asan',
  'trimpath',
  'linkshared',
  'modcacherw',
  'cover',
  'buildvcs',
]);

export function isGo(word: string | undefined): boolean {
  return word !== undefined && commandName(word) === 'go';
}

// go's flag package: one dash or two alike, `-name=value`, flags end at the first package.
export const GO_BUILD: ToolArgTable = {
  valued: new Set([...VALUE_FLAGS].filter((f) => !BOOL_FLAGS.has(f))),
  dashes: 'strip',
  optionsFirst: true,
};

export function readBuild(cmd: Command): GoBuild | null {
  if (!isGo(cmd.argv[0]) || (cmd.argv[1] !== 'build' && cmd.argv[1] !== 'install')) return null;
  const read = readToolArgs(cmd.argv.slice(2), GO_BUILD);
  // The last value of each flag, as go uses it; a flag given bare is a boolean set to true.
  const flags: Record<string, string> = {};
  for (const [name, values] of read.flags) {
    const v = values[values.length - 1];
    flags[name] = v === '' && !GO_BUILD.valued.has(name) ? 'true' : v;
  }
  const packages = [...read.positional, ...read.rest];
  const dir = flags.C ? resolvePath(cmd.cwd, flags.C) : cmd.cwd;
  return { cmd, install: cmd.argv[1] === 'install', flags, packages, dir };
}

/** Last element of an import path, skipping a /vN major-version suffix, as `go build` names binaries. */
function binaryName(importPath: string): string {
  const parts = importPath.replace(/\/+$/, '').split('/');
  let last = parts[parts.length - 1];
  if (/^v\d+$/.test(last) && parts.length > 1) last = parts[parts.length - 2];
  return last;
}

function moduleLine(gomod: string | null): string | null {
  const m = gomod ? /^\s*module\s+"?([^\s"]+)"?/m.exec(gomod) : null;
  return m ? m[1] : null;
}

/** The go.mod that governs an image folder: that folder or the nearest parent that has one. */
export function findGoMod(input: ProviderInput, dir: string): { text: string; dir: string } | null {
  for (let d = dir; ; d = path.posix.dirname(d)) {
    const text = input.files.readByImagePath(path.posix.join(d, 'go.mod'));
    if (text !== null) return { text, dir: d };
    if (d === '/') return null;
  }
}

/** True when the go command runs in GOPATH mode: GO111MODULE=off, or a Go older than 1.16. */
function gopathMode(input: ProviderInput, b: GoBuild): boolean {
  const mode = b.cmd.vars.GO111MODULE;
  if (mode === 'off') return true;
  if (mode === 'on') return false;
  const v = tagVersion(input.model.image.tag);
  return v !== null && v[0] === 1 && (v[1] ?? 99) < 16;
}

/** Binary name for a package argument as go build names it; null when it cannot be told. */
export function nameOf(input: ProviderInput, b: GoBuild, pkg: string): string | null {
  if (pkg.endsWith('.go')) return path.posix.basename(pkg, '.go');
  if (pkg.includes('@')) return binaryName(pkg.slice(0, pkg.indexOf('@')));
  if (!pkg.startsWith('.') && !pkg.startsWith('/')) return binaryName(pkg);
  const abs = resolvePath(b.dir, pkg);
  const mod = findGoMod(input, abs);
  const modPath = mod ? moduleLine(mod.text) : null;
  if (!mod || !modPath) return gopathMode(input, b) ? binaryName(abs) : null;
  const rel = path.posix.relative(mod.dir, abs);
  return binaryName(rel ? `${modPath}/${rel}` : modPath);
}

/** Names of the main packages a ./... pattern matches, read from the context. */
export function mainPackages(input: ProviderInput, b: GoBuild, pattern: string): string[] | null {
  const base = resolvePath(b.dir, pattern.replace(/\/?\.\.\.$/, '') || '.');
  const rel = input.files.contextPathOf(base);
  if (rel === null || !input.ctx.known) return null;
  const names: string[] = [];
  const walk = (dir: string, depth: number) => {
    const entries = input.ctx.list(dir);
    const isMain = entries.some(
      (e) =>
        e.endsWith('.go') &&
        !e.endsWith('_test.go') &&
        /^package\s+main\b/m.test(input.ctx.readText(dir ? `${dir}/${e}` : e) ?? ''),
    );
    if (isMain) {
      const abs = path.posix.join(base, path.posix.relative(rel, dir));
      const n = nameOf(input, b, abs);
      if (n === null) return;
      names.push(n);
    }
    if (depth > 6) return;
    for (const e of entries) {
      if (!e.endsWith('/') || e.startsWith('.') || e === 'vendor/' || e === 'testdata/') continue;
      walk(dir ? `${dir}/${e.slice(0, -1)}` : e.slice(0, -1), depth + 1);
    }
  };
  walk(rel, 0);
  return names.length > 0 ? names : null;
}
