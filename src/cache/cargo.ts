// Cargo's target folder as a cache: a rebuild after a source change compiles only the changed
// package, because the compiled dependencies (and their fingerprints) stay in the mount.
//
// A cache mount is not in the image, and the runtime stage copies the binaries from where the
// original build put them (target/release/<bin>), a path inside target/. A mount on target/
// itself would hide them: whatever a RUN writes under its mount folder is gone when it ends.
// So the mount goes on a folder of its own, cargo writes there through CARGO_TARGET_DIR (set
// for that one command), and the same RUN copies each binary cargo built to the path the
// original build wrote it to, right after `cargo build`, so every later command and the
// runtime stage find it where they did.
import * as path from 'path';
import type { RunStep } from '../analysis/stage';
import { data as rustData, type Context } from '../providers/rust/types';
import { readCargo, values, type Cargo } from '../providers/rust/cargo';
import { outputsOf } from '../providers/rust/outputs';
import { existingMounts, inside, mountFlag, type MountSpec } from './mounts';
import type { MountPolicy } from './mount-policy';
import { andChain, argsOffset } from './runtext';
import type { CacheScope } from './scope';

/** Why cargo's target folder cannot be a cache mount for this command, or null. */
function targetProblem(scope: CacheScope, cargo: Cargo, target: string | null): string | null {
  const { model, ctx } = scope;
  const vars = cargo.cmd.vars;
  if (
    values(cargo, 'target-dir').length > 0 ||
    vars.CARGO_TARGET_DIR ||
    vars.CARGO_BUILD_TARGET_DIR
  )
    return 'the build names its own target folder';
  // build.target-dir in a .cargo/config would win over nothing msconvert sets: not read.
  for (let dir = cargo.cmd.cwd; ; dir = path.posix.dirname(dir)) {
    const rel = scope.all.contextPathOf(path.posix.join(dir, '.cargo'));
    if (rel !== null && ctx.exists(rel)) return 'a .cargo/config may set the target folder';
    if (dir === '/') break;
  }
  for (const run of model.runs)
    if (target && existingMounts(run.ins.flags).some((t) => inside(t, target) || inside(target, t)))
      return `line ${run.ins.line + 1} already mounts a folder there`;
  const builds = model.runs.flatMap((r) =>
    r.commands.filter((c) => readCargo(c, r) !== null && c.argv.includes('build')),
  );
  if (builds.length > 1) return 'the stage runs cargo build more than once';
  return null;
}

function rustContext(scope: CacheScope): Context {
  const { parsed, model, ctx, all } = scope;
  return {
    input: { parsed, model, ctx, files: all, options: {}, builderName: 'builder' },
    hostMusl: null,
    rustImage: rustData().builderImages.includes(model.image.name),
    manifests: new Map(),
    roots: new Map(),
    tools: [],
    notes: [],
  };
}

const simplePath = (p: string) => /^[\w.@+\-/]+$/.test(p);

/** Mounts target/ as a cache on the stage's cargo build, with the binaries copied out. */
export function cacheCargoTarget(scope: CacheScope, policy: MountPolicy): void {
  const escape = scope.parsed.escape;
  for (const run of scope.model.runs) {
    const segs = andChain(run.ins, escape);
    run.commands.forEach((c, i) => {
      const cargo = readCargo(c, run);
      if (!cargo || cargo.sub !== 'build' || !c.argv.includes('build')) return;
      const outs = outputsOf(rustContext(scope), cargo);
      if ('kind' in outs || outs.length === 0) return;
      const built = outs.filter((o) => o.build).map((o) => o.path);
      const at = built[0]?.lastIndexOf('/target/') ?? -1;
      const target = at < 0 ? null : built[0].slice(0, at + 7);
      const why =
        !segs || segs.length !== run.commands.length
          ? 'its RUN is not a plain && chain msconvert can add the copy to'
          : targetProblem(scope, cargo, target);
      if (why || !target) {
        if (why) policy.warn(`no cache mount on cargo's target folder: ${why}`);
        return;
      }
      if (!built.every((p) => inside(p, target) && simplePath(p))) return;
      const spec: MountSpec = {
        tool: 'cargo target',
        keeps: 'compiled objects',
        target: path.posix.join('/root/.cache/cargo', target),
      };
      if (!policy.allowed(run)) return;
      addEdits(scope, run, i, spec, target, built);
      policy.explain(
        [spec],
        `\`${c.argv.join(' ')}\` (line ${run.ins.line + 1}) builds into it through CARGO_TARGET_DIR, and the same RUN copies ${built.map((p) => path.posix.basename(p)).join(', ')} out to ${target}, where the runtime stage copies from`,
      );
    });
  }
}

function addEdits(
  scope: CacheScope,
  run: RunStep,
  i: number,
  spec: MountSpec,
  target: string,
  built: string[],
): void {
  const seg = (andChain(run.ins, scope.parsed.escape) ?? [])[i];
  const base = run.ins.start;
  const a = base + argsOffset(run.ins, scope.parsed.escape);
  // Edits at one offset land in reverse order of pushing (applyEdits): the variable goes in
  // first so that it stays after the mount flags when the command starts the RUN.
  scope.edits.push({
    start: base + seg.start,
    end: base + seg.start,
    text: `CARGO_TARGET_DIR=${spec.target} `,
  });
  scope.edits.push({ start: a, end: a, text: `${mountFlag(spec)} ` });
  const cwd = run.commands[i].cwd;
  const show = (p: string) => (inside(p, cwd) && p !== cwd ? path.posix.relative(cwd, p) : p);
  // One `install -D` per binary, to its own path: it makes the folders (a `mkdir` would make
  // the runtime stage copy the whole folder), and the Rust provider follows it to that file.
  const copies = built
    .map(
      (p) =>
        ` && install -D ${path.posix.join(spec.target, path.posix.relative(target, p))} ${show(p)}`,
    )
    .join('');
  scope.edits.push({ start: base + seg.end, end: base + seg.end, text: copies });
  scope.mounted.add(spec.target);
}
