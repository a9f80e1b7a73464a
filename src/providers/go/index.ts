// Go: the binary from `go build -o` (or its default name) or `go install`, static on
// distroless when nothing needs cgo, glibc of the same Debian release when it does.
import { detection } from '../detect';
import * as path from 'path';
import type { Warning } from '../../codes';
import type { BuildContext } from '../../context';
import { builderKey, tagAlpine, tagCodename, tagVersion, type ImageRef } from '../../analysis/image';
import type { StartNeeds } from '../../analysis/needs';
import { allCommands, resolvePath, type Command } from '../../analysis/stage';
import { commandName, simpleCommands } from '../../shell';
import { images, packages, templateJson } from '../../data';
import { sourceToolPackages } from '../../analysis/spawned';
import { buildsAtStart, compilesLocal } from './start';
import { untracedReason, untracedStep } from '../../analysis/effects';
import { namedPaths, placedByImageCopy, reaches, startWords } from '../../analysis/reach';
import {
  decline,
  type CopySpec,
  type Decline,
  type Detection,
  type Provider,
  type ProviderInput,
  type ProviderPlan,
  type RuntimeCandidate,
} from '../contract';
import { pushAll } from '../../lists';

interface GoData {
  builderImages: string[];
  cgoModules: string[];
  runtimeDirs: string[];
  runtimeFilePattern: string;
  conventionModules: string[];
  ignoredEntries: string[];
  watchers: string[];
}
const data = () => templateJson<GoData>('go.json');

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

interface GoBuild {
  cmd: Command;
  install: boolean;
  flags: Record<string, string>;
  packages: string[];
  /** Directory the go command works in (after -C). */
  dir: string;
}

function isGo(word: string | undefined): boolean {
  return word !== undefined && commandName(word) === 'go';
}

function readBuild(cmd: Command): GoBuild | null {
  if (!isGo(cmd.argv[0]) || (cmd.argv[1] !== 'build' && cmd.argv[1] !== 'install')) return null;
  const flags: Record<string, string> = {};
  const packages: string[] = [];
  const args = cmd.argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith('-') && packages.length === 0) {
      const body = a.replace(/^--?/, '');
      const eq = body.indexOf('=');
      if (eq >= 0) flags[body.slice(0, eq)] = body.slice(eq + 1);
      else if (BOOL_FLAGS.has(body)) flags[body] = 'true';
      else if (VALUE_FLAGS.has(body)) flags[body] = args[++i] ?? '';
      else flags[body] = 'true';
    } else packages.push(a);
  }
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
function findGoMod(input: ProviderInput, dir: string): { text: string; dir: string } | null {
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
function nameOf(input: ProviderInput, b: GoBuild, pkg: string): string | null {
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
function mainPackages(input: ProviderInput, b: GoBuild, pattern: string): string[] | null {
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

/** A folder of Go source: a package, not files read at run time. */
function isGoPackage(ctx: BuildContext, rel: string): boolean {
  return ctx.isDir(rel) && ctx.list(rel).some((n) => n.endsWith('.go'));
}

/** True when the stage made `abs` a folder before the build: a WORKDIR, a COPY target, mkdir. */
function isImageDir(input: ProviderInput, abs: string): boolean {
  return imageDirs(input).has(abs);
}

// Asked once per build command and per cp/mv: the folders are gathered once per input, so a
// file with thousands of builds stays linear.
const IMAGE_DIRS = new WeakMap<ProviderInput, Set<string>>();

function imageDirs(input: ProviderInput): Set<string> {
  let dirs = IMAGE_DIRS.get(input);
  if (dirs) return dirs;
  const { model, files } = input;
  dirs = new Set<string>();
  for (const r of model.runs) {
    dirs.add(r.workdir);
    for (const c of r.commands) {
      dirs.add(c.cwd);
      if (commandName(c.argv[0]) !== 'mkdir') continue;
      for (const a of c.argv.slice(1)) if (!a.startsWith('-')) dirs.add(resolvePath(c.cwd, a));
    }
  }
  for (const c of model.copies) if (c.destIsDir) dirs.add(c.dest);
  // Every folder above a copied file (not / itself, which no path starts with twice).
  const above = new Set<string>();
  for (const t of files.targets()) {
    for (let d = path.posix.dirname(t); d !== '/' && d !== '.' && !above.has(d);) {
      above.add(d);
      d = path.posix.dirname(d);
    }
  }
  for (const d of above) dirs.add(d);
  IMAGE_DIRS.set(input, dirs);
  return dirs;
}

/** Outputs moved or copied elsewhere by cp, mv or install after the build. */
function relocate(input: ProviderInput, commands: Command[], outputs: Output[]): Output[] {
  let out = [...outputs];
  for (const c of commands) {
    const tool = commandName(c.argv[0]);
    if (tool !== 'cp' && tool !== 'mv' && tool !== 'install') continue;
    const args: string[] = [];
    for (let i = 1; i < c.argv.length; i++) {
      const a = c.argv[i];
      if (
        tool === 'install' &&
        ['-m', '-o', '-g', '-t', '--mode', '--owner', '--group'].includes(a)
      )
        i++;
      else if (!a.startsWith('-')) args.push(a);
    }
    if (args.length < 2 || args.some((a) => /[$*?]/.test(a))) continue;
    const dest = resolvePath(c.cwd, args[args.length - 1]);
    const destDir =
      args[args.length - 1].endsWith('/') ||
      args.length > 2 ||
      isImageDir(input, dest) ||
      args[args.length - 1] === '.';
    for (const src of args.slice(0, -1).map((a) => resolvePath(c.cwd, a))) {
      const hit = out.find((o) => o.path === src && !o.dir);
      if (!hit) continue;
      const moved = {
        path: destDir ? path.posix.join(dest, path.posix.basename(src)) : dest,
        dir: false,
      };
      if (tool === 'mv') out = out.filter((o) => o !== hit);
      if (!out.some((o) => o.path === moved.path)) out.push(moved);
    }
  }
  return out;
}

const SYSTEM_BIN = /^\/(usr\/(local\/)?)?s?bin$|^\/$/;

interface Output {
  path: string;
  /** True when the path is a folder of binaries. */
  dir: boolean;
  /** For a folder: the binaries known to be in it. */
  names?: string[];
}

function outputOf(input: ProviderInput, b: GoBuild): Output[] | Decline {
  const vars = b.cmd.vars;
  const multi = b.packages.length > 1 || b.packages.some((p) => p.includes('...'));
  const cannotName = decline(
    'MSC007',
    `cannot tell the name of the binary \`${b.cmd.argv.join(' ')}\` writes (no go.mod or main package found in the context); add -o to the go build command.`,
  );
  if (b.install) {
    if (vars.GOOS || vars.GOARCH) {
      return decline(
        'MSC007',
        'go install with GOOS/GOARCH set puts the binary in a platform folder msconvert cannot name; use go build -o.',
      );
    }
    const gobin = path.posix.normalize(vars.GOBIN || `${(vars.GOPATH || '/go').split(':')[0]}/bin`);
    const names: string[] = [];
    let known = true;
    for (const pkg of b.packages.length ? b.packages : ['.']) {
      const found = pkg.includes('...') ? mainPackages(input, b, pkg) : [nameOf(input, b, pkg)];
      if (!found || found.some((n) => n === null)) known = false;
      else for (const item of found as string[]) names.push(item);
    }
    // The bin folder holds only what go install put there, unless it is a system folder:
    // then the binaries are copied one by one, which needs their names.
    if (!SYSTEM_BIN.test(gobin)) return [{ path: gobin, dir: true, names: known ? names : [] }];
    if (!known) return cannotName;
    return names.map((n) => ({ path: path.posix.join(gobin, n), dir: false }));
  }
  const o = b.flags.o;
  if (o === '/dev/null' || o === os_devnull) return [];
  if (o !== undefined) {
    if (o.includes('$'))
      return decline(
        'MSC007',
        `go build -o ${o} names its output through a variable msconvert cannot resolve.`,
      );
    const abs = resolvePath(b.dir, o);
    if (!multi && !o.endsWith('/') && isImageDir(input, abs)) {
      // -o naming an existing folder writes the binary inside it, under its default name.
      const name = nameOf(input, b, b.packages[0] ?? '.');
      if (!name) return cannotName;
      return [{ path: path.posix.join(abs, name), dir: false }];
    }
    return [{ path: abs, dir: o.endsWith('/') || (multi && !o.endsWith('.exe')) }];
  }
  if (multi) return []; // go build of several packages writes nothing.
  const name = nameOf(input, b, b.packages[0] ?? '.');
  if (!name) return cannotName;
  return [{ path: path.posix.join(b.dir, name), dir: false }];
}
const os_devnull = 'NUL';

/** The commands `make [target]` runs, read from the Makefile the stage copied in. */
function makeCommands(input: ProviderInput, cmd: Command): Command[] {
  if (commandName(cmd.argv[0]) !== 'make') return [];
  let dir = cmd.cwd;
  let file: string | null = null;
  const goals: string[] = [];
  const args = cmd.argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-C') dir = resolvePath(dir, args[++i] ?? '.');
    else if (a === '-f' || a === '--file') file = args[++i] ?? null;
    else if (a.startsWith('-') || a.includes('=')) continue;
    else goals.push(a);
  }
  const names = file ? [file] : ['GNUmakefile', 'makefile', 'Makefile'];
  let text: string | null = null;
  for (const n of names) {
    text = input.files.readByImagePath(resolvePath(dir, n));
    if (text !== null) break;
  }
  if (text === null) return [];
  const vars: Record<string, string> = {};
  const rules = new Map<string, { deps: string[]; recipe: string[] }>();
  let current: { deps: string[]; recipe: string[] }[] = [];
  let first: string | null = null;
  const lines = text.replace(/\\\r?\n/g, ' ').split(/\r?\n/);
  for (const line of lines) {
    if (line.startsWith('\t')) {
      for (const r of current) r.recipe.push(line.slice(1).replace(/^[@+-]+/, ''));
      continue;
    }
    const v = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*(?::{1,3}=|\?=|=)\s*(.*)$/.exec(line);
    if (v) {
      vars[v[1]] = v[2].trim();
      current = [];
      continue;
    }
    const r = /^([^\s:#=][^:=]*):(?!=)\s*([^;#]*)/.exec(line);
    if (r) {
      current = [];
      for (const t of r[1].trim().split(/\s+/)) {
        const rule = rules.get(t) ?? { deps: [], recipe: [] };
        for (const item of r[2].trim().split(/\s+/).filter(Boolean)) rule.deps.push(item);
        rules.set(t, rule);
        current.push(rule);
        if (first === null && !t.startsWith('.')) first = t;
      }
    } else if (line.trim() !== '' && !line.startsWith('#')) current = [];
  }
  const expandMake = (s: string, depth = 0): string =>
    depth > 5
      ? s
      : s
          .replace(/\$[({]([A-Za-z_][A-Za-z0-9_]*)[)}]/g, (_m, n: string) =>
            expandMake(vars[n] ?? cmd.vars[n] ?? '', depth + 1),
          )
          .replace(/\$\$/g, '$');
  const out: Command[] = [];
  const seen = new Set<string>();
  const visit = (t: string) => {
    if (seen.has(t)) return;
    seen.add(t);
    const rule = rules.get(t);
    if (!rule) return;
    rule.deps.forEach(visit);
    let cwd = dir;
    for (const line of rule.recipe) {
      for (const c of simpleCommands(expandMake(line))) {
        const cvars = { ...cmd.vars, ...c.env };
        out.push({ ...c, cwd, vars: cvars });
        if (c.argv[0] === 'cd' && c.argv[1]) cwd = resolvePath(cwd, c.argv[1]);
      }
    }
  };
  (goals.length ? goals : first ? [first] : []).forEach(visit);
  return out;
}

/** Every command the stage runs, with `make` expanded into its recipes. */
function buildCommands(input: ProviderInput): Command[] {
  return allCommands(input.model).flatMap((c) => [c, ...makeCommands(input, c)]);
}

type Cgo = 'off' | 'on' | 'unknown';

function cgoSetting(b: GoBuild): 'off' | 'on' | null {
  const v = b.cmd.vars.CGO_ENABLED;
  if (v === '0') return 'off';
  if (v === '1') return 'on';
  return null;
}

/** Source files to scan, bounded so a huge repository costs little. */
function goSources(ctx: BuildContext, limit = 400): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    for (const name of ctx.list(dir)) {
      if (out.length >= limit) return;
      const rel = dir ? `${dir}/${name}` : name;
      if (name.endsWith('/')) {
        const base = name.slice(0, -1);
        if (
          depth < 6 &&
          base !== 'vendor' &&
          base !== 'node_modules' &&
          !base.startsWith('.') &&
          base !== 'testdata'
        ) {
          walk(rel.slice(0, -1), depth + 1);
        }
      } else if (name.endsWith('.go') && !name.endsWith('_test.go')) out.push(rel);
    }
  };
  walk('', 0);
  return out;
}

function usesCgoSource(ctx: BuildContext, sources: string[]): boolean {
  return sources.some((f) =>
    /^\s*import\s+(\(\s*[^)]*"C"[^)]*\)|"C")/m.test(ctx.readText(f) ?? ''),
  );
}

function codenameOf(image: ImageRef): string | null {
  const named = tagCodename(image.tag);
  if (named) return named;
  if (tagAlpine(image.tag) !== null) return null;
  const v = tagVersion(image.tag);
  // Official golang images: trixie is the default from Go 1.24 on (and for latest);
  // releases that ended before that were last published on bookworm.
  if (!v) return 'trixie';
  if (v[0] > 1 || (v[0] === 1 && (v[1] ?? 99) >= 24)) return 'trixie';
  return 'bookworm';
}

function candidate(
  kind: string,
  vars: Record<string, string>,
  why: string,
  commands: string[] = [],
): RuntimeCandidate {
  const facts = images().runtimes[kind];
  const image = facts.image.replace(/\{(\w+)\}/g, (_m, k: string) => vars[k] ?? '');
  return { image, facts, why, commands };
}

export const goProvider: Provider = {
  id: 'go',
  name: 'Go',

  detect({ model, ctx }): Detection | null {
    const build = allCommands(model).find(
      (c) => isGo(c.argv[0]) && ['build', 'install'].includes(c.argv[1]),
    );
    return detection(model, {
      image: data().builderImages.includes(model.image.name),
      build: build && `RUN ${build.argv.slice(0, 2).join(' ')}`,
      manifest: ctx.exists('go.mod') ? 'go.mod' : null,
    });
  },

  plan(input: ProviderInput, needs: StartNeeds): ProviderPlan | Decline {
    const { model, ctx, files } = input;
    const warnings: Warning[] = [];
    const notes: string[] = [];
    for (const c of needs.commands) {
      if (isGo(c.word)) {
        return decline(
          'MSC005',
          `${c.from} runs \`${c.argv.join(' ')}\`, which compiles when the container starts; build a binary in a RUN step first.`,
        );
      }
    }
    const builds = buildCommands(input)
      .map(readBuild)
      .filter((b): b is GoBuild => b !== null);
    if (builds.length === 0) {
      return decline(
        'MSC006',
        'no go build or go install runs in this Dockerfile, so there is no build to leave behind (are the binaries built on the host?).',
      );
    }
    const mounts = model.runs.flatMap((r) =>
      r.ins.flags
        .filter((f) => f.name === 'mount')
        .map((f) => /target=([^,]+)/.exec(f.value ?? '')?.[1])
        .filter(Boolean),
    ) as string[];
    const outputs: Output[] = [];
    // Binaries built from the app's own sources: a watcher's name among them is the app.
    const localNames: string[] = [];
    // Binaries go install put in place, whatever their source: programs msconvert does not know.
    const installedNames: string[] = [];
    for (const b of builds) {
      const outs = outputOf(input, b);
      if ('kind' in outs) return outs;
      if (b.install)
        for (const o of outs)
          pushAll(installedNames, o.dir ? (o.names ?? []) : [path.posix.basename(o.path)]);
      if (compilesLocal(b))
        for (const o of outs)
          pushAll(localNames, o.dir ? (o.names ?? []) : [path.posix.basename(o.path)]);
      for (const out of outs) {
        if (mounts.some((m) => out.path === m || out.path.startsWith(`${m}/`))) {
          return decline(
            'MSC007',
            `go build writes ${out.path} inside a RUN --mount, so it never reaches the image.`,
          );
        }
        if (!outputs.some((o) => o.path === out.path)) outputs.push(out);
      }
    }
    const atStart = buildsAtStart(model, ctx, needs, builds, localNames, data().watchers);
    if (atStart) return atStart;
    const lastBuild = model.runs.reduce(
      (last, r, i) =>
        r.commands.some((c) => {
          const b = readBuild(c);
          return b !== null && compilesLocal(b);
        })
          ? i
          : last,
      -1,
    );
    const untraced = untracedStep(
      model,
      installedNames.filter((n) => !localNames.includes(n)),
      lastBuild,
    );
    if (untraced)
      return decline(untraced.osPackages ? 'MSC009' : 'MSC021', untracedReason(untraced));
    const relocated = relocate(input, buildCommands(input), outputs);
    outputs.length = 0;
    for (const item of relocated) outputs.push(item);
    if (outputs.length === 0)
      return decline(
        'MSC007',
        'the go build commands write no binary (several packages and no -o); add -o.',
      );

    // cgo: explicit settings win; otherwise the source and go.mod decide.
    const alpine = tagAlpine(model.image.tag);
    const codename = codenameOf(model.image);
    const settings = builds.map(cgoSetting);
    let cgo: Cgo;
    let edit = false;
    // The go.mod each build uses, found by its image path (COPY app/ . moves it).
    const gomod = builds.map((b) => findGoMod(input, b.dir)?.text ?? '').join('\n');
    const cgoModule = data().cgoModules.find((m) => gomod.includes(m));
    const race = builds.some(
      (b) =>
        b.flags.race === 'true' ||
        b.flags.msan === 'true' ||
        (b.flags.buildmode ?? '').match(/plugin|c-shared|c-archive/),
    );
    const ldStatic = builds.some((b) => /-extldflags[ =]['"]?-static/.test(b.flags.ldflags ?? ''));
    if (settings.every((s) => s === 'off')) cgo = 'off';
    else if (settings.some((s) => s === 'on')) cgo = ldStatic ? 'off' : 'on';
    else if (race || cgoModule) cgo = 'on';
    else if (!ctx.known || goSources(ctx).length === 0) {
      cgo = 'unknown';
    } else if (usesCgoSource(ctx, goSources(ctx))) cgo = 'on';
    else {
      cgo = 'off';
      edit = alpine === null;
    }
    if (cgo === 'on')
      notes.push(
        cgoModule
          ? `cgo kept: go.mod requires ${cgoModule}`
          : 'cgo kept: the build enables it or the source imports "C"',
      );
    if (cgo === 'unknown') {
      warnings.push({
        code: 'MSC103',
        message:
          'the Go source is not in the context, so cgo stays as the builder has it and the runtime keeps glibc; pass --context to let msconvert check for import "C".',
      });
    }

    const builderEdits = [];
    if (edit) {
      // Insert ENV CGO_ENABLED=0 on its own line just before the first build, so the binary is static.
      const first = model.runs.find((r) =>
        r.commands.some(
          (c) => readBuild(c) !== null || makeCommands(input, c).some((m) => readBuild(m) !== null),
        ),
      );
      if (first) {
        builderEdits.push({
          start: first.ins.lineStart,
          end: first.ins.lineStart,
          text: `ENV CGO_ENABLED=0${input.parsed.eol}`,
        });
        notes.push(
          'CGO_ENABLED=0 set before the build: nothing in the source needs cgo, so the binary is static',
        );
      }
    }

    const copies: CopySpec[] = outputs.map((o) => ({
      from: input.builderName,
      src: o.path,
      dest: o.path,
      why: o.dir ? 'go install output folder' : 'the binary built by go build',
    }));
    const executables = outputs.flatMap((o) =>
      o.dir ? (o.names ?? []).map((n) => path.posix.join(o.path, n)) : [o.path],
    );

    // Files the program reads at run time, found by their path in the image (COPY app/ .
    // puts app/templates at ./templates): any path the Go source spells out as a string that
    // the stage filled (its deepest existing folder or file), resolved against the folder the
    // container starts in, and files with a conventional name (templates/, config.yaml, .env)
    // in that folder when the program or the start reaches them.
    const sources = ctx.known ? goSources(ctx) : [];
    const literals = new Set<string>();
    let dotenv = false;
    for (const f of sources) {
      const text = ctx.readText(f) ?? '';
      // godotenv.Load() with no argument reads .env from the working folder.
      if (/"github\.com\/(joho\/godotenv|subosito\/gotenv)/.test(text)) dotenv = true;
      // Import paths are strings too, but name packages, not files.
      const code = text
        .replace(/^\s*import\s*\([^)]*\)/gm, '')
        .replace(/^\s*import\s+(\w+\s+)?"[^"]*"/gm, '');
      for (const m of code.matchAll(/"([^"\n]{1,200})"|`([^`\n]{1,200})`/g)) {
        // A glob or format string names the folder before its first pattern character.
        const lit = (m[1] ?? m[2])
          .replace(/^file:\/\//, '')
          .replace(/^\.\//, '')
          .replace(/[*?[{%].*$/, '');
        if (/^[\w./-]+$/.test(lit) && !lit.includes('//')) literals.add(lit);
      }
    }
    const d = data();
    const ignored = new Set(d.ignoredEntries);
    const filePattern = new RegExp(d.runtimeFilePattern);
    const outputPaths = outputs.map((o) => o.path);
    const cwd = model.cwd;
    const addCopy = (target: string, why: string) => {
      if (outputPaths.some((p) => target === p || p.startsWith(`${target}/`))) return;
      if (copies.some((c) => c.src === target || target.startsWith(`${c.src}/`))) return;
      copies.push({ from: input.builderName, src: target, dest: target, why });
    };
    // Go source, not data: a .go file, or a folder that holds only Go code.
    const isCode = (imagePath: string): boolean => {
      if (/\.go$|\/(go\.(mod|sum|work)|Dockerfile[^/]*|[^/]*\.md)$/.test(imagePath)) return true;
      const rel = files.contextPathOf(imagePath);
      if (rel === null || !isGoPackage(ctx, rel)) return false;
      return ctx.list(rel).every((n) => n.endsWith('.go') || n.endsWith('/') || n.startsWith('.'));
    };
    const wanted = new Map<string, string>(); // image path -> why
    for (const lit of literals) {
      const abs = lit.startsWith('/');
      const parts = lit.replace(/\/$/, '').split('/').filter(Boolean);
      if (parts.length === 0) continue;
      if (!abs && parts.length === 1 && ignored.has(parts[0])) continue;
      // The deepest part of the path the stage filled: web/templates/index.html -> that file.
      // An absolute path must exist whole (a prefix such as /etc would be the system's).
      let found: string | null = null;
      if (abs) found = files.existsInImage(lit) ? path.posix.normalize(lit) : null;
      else {
        let p = path.posix.join(cwd, parts[0]);
        if (files.existsInImage(p)) {
          found = p;
          for (let i = 1; i < parts.length && files.existsInImage(`${p}/${parts[i]}`); i++) {
            p = `${p}/${parts[i]}`;
            found = p;
          }
        }
      }
      if (found === null) {
        // A path another image put there (COPY --from=some/image /templates /app/templates).
        const placed = placedByImageCopy(model, abs ? lit : path.posix.resolve(cwd, lit));
        if (placed && !/^\/(etc|usr|bin|lib|var)?\/?$/.test(placed))
          wanted.set(placed, 'named in the Go source; another image put it there');
        continue;
      }
      if (found === cwd || isCode(found)) continue;
      wanted.set(found, 'named in the Go source');
    }
    // Conventional names, in the folder the container starts in.
    // Paths the configuration the program reads names (templates: ./views) count too.
    const configWords: string[] = [];
    for (const target of wanted.keys()) {
      const names =
        files.list(target).length > 0
          ? files.list(target).map((n) => path.posix.join(target, n))
          : [target];
      for (const f of names.slice(0, 50)) {
        if (
          !filePattern.test(path.posix.basename(f)) &&
          !/\.(ya?ml|json|toml|ini|conf|env)$/.test(f)
        )
          continue;
        const text = files.readByImagePath(f);
        if (text !== null && text.length < 65536)
          pushAll(configWords, text.split(/[\s"'=:,;[\]{}()]+/));
      }
    }
    const reached = namedPaths([...startWords(model, needs), ...configWords], cwd);
    const framework = d.conventionModules.find((m) => gomod.includes(m));
    for (const entry of cwd === '/' ? [] : files.list(cwd)) {
      const isDir = entry.endsWith('/');
      const name = isDir ? entry.slice(0, -1) : entry;
      const target = path.posix.join(cwd, name);
      if (!(isDir ? d.runtimeDirs.includes(name) : filePattern.test(name))) continue;
      if (wanted.has(target) || isCode(target)) continue;
      // Reached when the start names it, when the source names it or, for a config file,
      // its stem (viper's SetConfigName("config")), or .env with godotenv.
      const stem = name.replace(/^\./, '').replace(/\..*$/, '');
      const byName =
        reaches(reached, target) ||
        literals.has(name) ||
        [...literals].some((l) => l.split('/')[0] === name) ||
        (!isDir && stem !== '' && literals.has(stem)) ||
        (name === '.env' && dotenv);
      if (byName || framework || !ctx.known)
        wanted.set(target, 'read at run time (conventional name)');
      else notes.push(`${target} not copied: nothing in the Go source or the start names it`);
    }
    for (const [target, why] of [...wanted].sort(([a], [b]) => a.localeCompare(b))) {
      addCopy(target, why);
    }
    // Scripts and files the start commands run, copied to where they were.
    for (const s of needs.scripts) {
      if (!copies.some((c) => c.src === s.imagePath))
        copies.push({
          from: input.builderName,
          src: s.imagePath,
          dest: s.imagePath,
          why: 'script run at start',
        });
    }

    const distroless = images().debian.distrolessSuffix[codename ?? 'bookworm'] ?? 'debian12';
    const vars = { distroless, codename: codename ?? 'bookworm', alpine: alpine || 'latest' };
    let candidates: RuntimeCandidate[];
    if (alpine !== null) {
      candidates = [
        candidate(
          'alpine',
          vars,
          `the builder is Alpine${alpine ? ` ${alpine}` : ''}, so the runtime stays on musl`,
        ),
      ];
    } else if (cgo === 'off') {
      candidates = [
        candidate(
          'distroless-static',
          vars,
          'a static binary needs no libc; distroless static ships CA certificates and tzdata',
        ),
        candidate(
          'debian-slim',
          vars,
          `a shell or OS packages are needed, so Debian ${vars.codename} slim (the builder's release)`,
        ),
      ];
    } else {
      candidates = [
        candidate(
          'distroless-base',
          vars,
          `the binary links glibc, so distroless base of the builder's Debian release (${vars.codename})`,
        ),
        candidate(
          'debian-slim',
          vars,
          `the binary links glibc and a shell or OS packages are needed: Debian ${vars.codename} slim`,
        ),
      ];
    }
    const override = input.options.runtime;
    if (override) {
      const alias: Record<string, RuntimeCandidate[]> = {
        distroless: [
          candidate(
            cgo === 'off' ? 'distroless-static' : 'distroless-base',
            vars,
            'chosen with --runtime distroless',
          ),
        ],
        slim: [candidate('debian-slim', vars, 'chosen with --runtime slim')],
        alpine: [candidate('alpine', vars, 'chosen with --runtime alpine')],
        scratch: [candidate('scratch', vars, 'chosen with --runtime scratch')],
      };
      if (alias[override]) {
        if ((override === 'scratch' || override === 'alpine') && cgo !== 'off') {
          return decline(
            'MSC011',
            `--runtime ${override} cannot run this binary: it links glibc (cgo); use distroless or slim.`,
          );
        }
        candidates = alias[override];
      } else {
        candidates = [
          {
            ...candidate('debian-slim', vars, `chosen with --runtime ${override}`),
            image: override,
          },
        ];
        warnings.push({
          code: 'MSC109',
          message: `the runtime image ${override} was given with --runtime; msconvert assumes it has a shell, apt and glibc.`,
        });
      }
    }
    return {
      kind: 'plan',
      language: 'go',
      evidence: [],
      candidates,
      copyFrom: input.builderName,
      copies,
      executables,
      builderEdits,
      extraStages: [],
      runLines: [],
      providedCommands: [],
      staticArtifact: cgo === 'off',
      vouched: [],
      warnings,
      notes,
      gain: ['the Go toolchain and build cache stay in the builder'],
      // The golang image has both; Go's TLS and time zones read them from the OS.
      ensure: [
        'ca-certificates',
        'tzdata',
        ...sourceToolPackages(
          ctx,
          images().builders[builderKey(model.image.name, model.image.tag)]?.tools ?? [],
          'go',
          packages().commands.apt,
        ),
      ],
      codename,
    };
  },
};
