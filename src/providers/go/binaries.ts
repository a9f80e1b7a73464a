// Where the binaries are: `go build -o` (or the default name) and `go install`'s bin folder,
// followed through cp/mv/install afterwards.
import * as path from 'path';
import { untracedReason, untracedStep } from '../../analysis/effects';
import type { StartNeeds } from '../../analysis/needs';
import { resolvePath, type Command } from '../../analysis/stage';
import { pushAll } from '../../lists';
import { commandName } from '../../shell';
import { decline, type Decline, type ProviderInput } from '../contract';
import { mainPackages, nameOf, readBuild } from './build';
import { buildCommands } from './make';
import { buildsAtStart, compilesLocal } from './start';
import { data, type GoBuild, type Output } from './types';

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

/** The binaries the builds leave, after cp/mv; declines what cannot be named or placed. */
export function binaries(
  input: ProviderInput,
  needs: StartNeeds,
  builds: GoBuild[],
): Output[] | Decline {
  const { model, ctx } = input;
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
  if (untraced) return decline(untraced.osPackages ? 'MSC009' : 'MSC021', untracedReason(untraced));
  const relocated = relocate(input, buildCommands(input), outputs);
  outputs.length = 0;
  for (const item of relocated) outputs.push(item);
  if (outputs.length === 0)
    return decline(
      'MSC007',
      'the go build commands write no binary (several packages and no -o); add -o.',
    );
  return outputs;
}
