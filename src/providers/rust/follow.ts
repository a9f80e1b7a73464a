// Following the binaries cargo builds through the stage: cp, mv, install and ln make copies
// elsewhere, rm and cargo clean remove them, and what a RUN writes into its --mount folders
// never reaches the image.
import * as path from 'path';
import { lastOption, readToolArgs, type ToolArgTable } from '../../analysis/tool-args';
import { resolvePath, type Command, type RunStep, type StageModel } from '../../analysis/stage';
import { commandName } from '../../shell';
import { decline, type Decline } from '../contract';
import { readCargo } from './cargo';
import { outputsOf } from './outputs';
import type { Context, Output } from './types';

// Folders the builder images have as folders, so `cp app /usr/local/bin` copies into one. Not
// the system-folder list (src/analysis/system-folders.ts), which names what is never copied
// whole: this one answers "is the destination an existing folder?" and includes cargo's bin.
const DIRS_IN_BUILDER = new Set([
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

const TARGET_DIR = ['-t', '--target-directory'];
const COPY_TOOL: ToolArgTable = { valued: new Set(TARGET_DIR) };
const INSTALL: ToolArgTable = {
  valued: new Set([...TARGET_DIR, '-m', '-o', '-g', '-S', '--mode', '--owner', '--group']),
};

interface FileOp {
  op: 'cp' | 'mv' | 'rm';
  sources: string[];
  dest: string;
  destIsDir: boolean;
}

function fileOp(c: Command, knownDirs: Set<string>): FileOp | null {
  const tool = commandName(c.argv[0]);
  if (!['cp', 'mv', 'install', 'ln', 'rm'].includes(tool)) return null;
  const read = readToolArgs(c.argv.slice(1), tool === 'install' ? INSTALL : COPY_TOOL);
  const args = [...read.positional, ...read.rest];
  const at = (a: string) => resolvePath(c.cwd, a);
  if (tool === 'rm') return { op: 'rm', sources: args.map(at), dest: '', destIsDir: false };
  // install -d makes folders.
  if (tool === 'install' && [...read.flags.keys()].some((k) => /^-[a-zA-Z]*d/.test(k))) {
    for (const a of args) knownDirs.add(at(a));
    return null;
  }
  const op = tool === 'mv' ? 'mv' : 'cp';
  const targetDir = lastOption(read, ...TARGET_DIR) || null;
  if (targetDir !== null)
    return { op, sources: args.map(at), dest: at(targetDir), destIsDir: true };
  if (args.length < 2) return null;
  const rawDest = args[args.length - 1];
  const dest = at(rawDest);
  const noTarget = read.flags.has('-T') || read.flags.has('--no-target-directory');
  const destIsDir =
    !noTarget &&
    (rawDest.endsWith('/') ||
      rawDest === '.' ||
      rawDest === '..' ||
      args.length > 2 ||
      knownDirs.has(dest) ||
      DIRS_IN_BUILDER.has(dest));
  return { op, sources: args.slice(0, -1).map(at), dest, destIsDir };
}

function mountTargets(run: RunStep): string[] {
  return run.ins.flags
    .filter((f) => f.name === 'mount')
    .map((f) => /(?:^|,)(?:target|dst|destination)=([^,]+)/.exec(f.value ?? '')?.[1])
    .filter((t): t is string => Boolean(t))
    .map((t) => resolvePath(run.workdir, t));
}

export const inside = (p: string, dir: string) =>
  p === dir || p.startsWith(dir === '/' ? '/' : `${dir}/`);

/** The binaries that stay in the image, by path, with how many cargo builds ran. */
export interface Followed {
  alive: Map<string, Output>;
  /** cargo build and cargo install commands. */
  builds: number;
  /** Binaries they wrote (before copies and removals). */
  built: number;
}

/** Applies one cp/mv/install/ln/rm to the binaries alive so far. */
function applyFileOp(op: FileOp, c: Command, alive: Map<string, Output>, created: Set<string>) {
  if (op.op === 'rm') {
    for (const s of op.sources)
      for (const p of [...alive.keys()]) if (inside(p, s)) alive.delete(p);
    return;
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

/** Every binary the stage builds, followed through cp/mv/install/rm to where it ends up. */
export function followBinaries(ctx: Context, model: StageModel): Followed | Decline {
  const out: Followed = { alive: new Map(), builds: 0, built: 0 };
  const { alive } = out;
  const knownDirs = new Set<string>([model.cwd, ...model.runs.map((r) => r.workdir)]);
  for (const cp of model.copies) if (cp.destIsDir) knownDirs.add(cp.dest);
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
        out.builds++;
        const outs = outputsOf(ctx, cargo);
        if ('kind' in outs) return outs;
        out.built += outs.length;
        for (const o of outs) {
          alive.set(o.path, o);
          created.add(o.path);
          if (o.build) knownDirs.add(path.posix.dirname(o.path));
        }
        continue;
      }
      const op = fileOp(c, knownDirs);
      if (op) applyFileOp(op, c, alive, created);
    }
    // What a RUN writes into its --mount folders is not in the image.
    for (const p of created) if (mounts.some((m) => inside(p, m))) alive.delete(p);
  }
  return out;
}

/** No cargo build or install at all: the binaries come from elsewhere. */
export function noBuild(f: Followed): Decline | null {
  if (f.builds > 0) return null;
  return decline(
    'MSC006',
    'no cargo build or cargo install runs in this Dockerfile, so there is no build to leave behind (are the binaries built on the host?).',
  );
}

/** cargo ran but no binary it wrote stays in the image to carry. */
export function nothingKept(f: Followed, kept: Output[]): Decline | null {
  if (f.built === 0) {
    return decline(
      'MSC007',
      'the cargo commands here build no binary (a library crate, or only tools from a registry), so there is nothing for the container to run.',
    );
  }
  if (kept.length === 0) {
    return decline(
      'MSC007',
      'the binaries cargo builds do not stay in the image (they are written inside a RUN --mount or removed); copy them out of the cache folder in the same RUN.',
    );
  }
  return null;
}
