// Dependency layers first: when the dependency step (npm ci, go mod download, pip install
// -r, ...) provably reads only its manifests, those are copied on their own before the
// sources and the step moves up with them; everything else keeps its order. Whatever the step
// may read beyond the manifests (a postinstall script, a file: dependency, a workspace) keeps
// the original order, with MSC150 saying why.
import * as path from 'path';
import type { CopyStep, RunStep } from '../analysis/stage';
import type { Code } from '../codes';
import { blockStart, firstLine } from './edits';
import { inside } from './mounts';
import { mountText, type MountPolicy } from './mount-policy';
import { MANAGERS } from './managers';
import { andChain, argsOffset, type Segment } from './runtext';
import type { CacheScope } from './scope';
import { filesOf, sourcesOf } from './sources';
import type { DepInputs, DepManager, DepView } from './types';

/** What the move did to the RUN it took the step from. */
export interface Moved {
  /** The RUN moved whole, or null. */
  whole: RunStep | null;
  /** The RUN whose first k commands moved (the rest stays), or null. */
  trimmed: { run: RunStep; k: number; segs: Segment[] } | null;
}

interface Found {
  run: RunStep;
  segs: Segment[] | null;
  dep: { k: number; manager: DepManager };
}

/** The leading commands of a RUN that form one manager's dependency step. */
function dependencyPrefix(
  run: RunStep,
  segs: Segment[] | null,
): { k: number; manager: DepManager } | null {
  const count = segs ? segs.length : 1;
  if (run.commands.length !== count) return null;
  let manager: DepManager | null = null;
  let k = 0;
  let installs = 0;
  for (let i = 0; i < count; i++) {
    const c = run.commands[i];
    if (c.dynamic) break;
    const hit = MANAGERS.map((m) => ({ m, role: m.classify(c.argv) })).find((x) => x.role !== null);
    if (!hit) break;
    if (hit.role === 'install') {
      if (manager && manager !== hit.m) break;
      manager = hit.m;
      installs++;
    }
    k = i + 1;
  }
  // Trailing setup commands stay with the rest.
  while (k > 0 && run.commands[k - 1] && manager?.classify(run.commands[k - 1].argv) !== 'install')
    k--;
  return manager && installs > 0 && k > 0 ? { k, manager } : null;
}

/** The first RUN with a dependency step, or null (an MSC150 when one must keep its place). */
function findDependencyStep(scope: CacheScope): Found | null {
  const { model } = scope;
  for (const run of model.runs) {
    const segs = andChain(run.ins, scope.parsed.escape);
    if (!segs && !run.ins.exec) continue;
    const dep = dependencyPrefix(run, segs);
    if (dep) return { run, segs, dep };
    // An install behind other commands of its RUN may read what they prepare or generate.
    const at = run.commands.findIndex((c) =>
      MANAGERS.some((m) => m.classify(c.argv) === 'install'),
    );
    if (at > 0 && model.copies.some((c) => c.from === null && c.ins.start < run.ins.start)) {
      scope.warnings.push({
        code: 'MSC150',
        message: `\`${run.commands[at].argv.join(' ')}\` (line ${run.ins.line + 1}) keeps its place: it runs after \`${run.commands[at - 1].argv.join(' ')}\`, which may prepare or generate what it reads.`,
      });
      return null;
    }
  }
  return null;
}

/** The image as the step sees it: the files the copies before it brought. */
function viewOf(scope: CacheScope, found: Found, before: CopyStep[]): DepView {
  const { model, ctx } = scope;
  const seen = filesOf(model, before, ctx);
  const cwd = found.run.workdir;
  const present = (rel: string): string | null => {
    const p = seen.contextPathOf(path.posix.resolve(cwd, rel));
    if (p === null || !ctx.exists(p) || scope.ignore.mayExclude(p)) return null;
    return p;
  };
  return {
    cwd,
    ctx,
    present,
    read: (rel) => {
      const p = present(rel);
      return p === null ? null : ctx.readText(p);
    },
    env: { ...model.env, ...found.run.commands[0].vars },
    list: () => {
      const names = new Set<string>();
      for (const c of before.filter((x) => x.from === null && x.dest === cwd && x.destIsDir))
        for (const src of sourcesOf(c, ctx)) {
          if (src === '' || ctx.isDir(src)) ctx.list(src).forEach((n) => names.add(n));
          else names.add(path.posix.basename(src));
        }
      return [...names].filter((n) => present(n) !== null).sort();
    },
  };
}

export function moveDependencyStep(scope: CacheScope, policy: MountPolicy): Moved {
  const none: Moved = { whole: null, trimmed: null };
  const { model, ctx, text } = scope;
  const found = findDependencyStep(scope);
  if (!found || !ctx.known) return none;
  const { run, segs, dep } = found;
  const depCommands = run.commands.slice(0, dep.k);
  const what = `\`${depCommands.map((c) => c.argv.join(' ')).join(' && ')}\``;
  const before = model.copies.filter((c) => c.ins.start < run.ins.start);
  // Said only when the step now sits behind other files of the sources.
  const behindSources = before.some(
    (c) =>
      c.from === null &&
      sourcesOf(c, ctx).some((s) => s === '' || !dep.manager.names.test(path.posix.basename(s))),
  );
  const keep = (reason: string, code: Code = 'MSC150') => {
    if (behindSources)
      scope.warnings.push({
        code,
        message: `${what} (line ${run.ins.line + 1}) keeps its place: ${reason}.`,
      });
  };
  const view = viewOf(scope, found, before);
  const inputs = dep.manager.inputs(
    view,
    depCommands.map((c) => c.argv),
  );
  if ('keep' in inputs) {
    keep(inputs.keep, inputs.code);
    return none;
  }
  const plan = layerFirst(scope, run, inputs, view.present, before, keep);
  if (!plan) return none;
  const { first, lines } = plan;
  const depMounts = policy.mountsFor(run, depCommands);
  depMounts.forEach((m) => scope.mounted.add(m.target));
  const raw = run.ins.raw;
  const escape = scope.parsed.escape;
  const a = argsOffset(run.ins, escape);
  const whole = !segs || dep.k === segs.length;
  let runText: string;
  let moveFrom = run.ins.lineStart;
  const moved: Moved = { whole: null, trimmed: null };
  if (whole) {
    runText = raw.slice(0, a) + mountText(depMounts) + raw.slice(a);
    moveFrom = blockStart(text, run.ins.lineStart);
    scope.edits.push({ start: moveFrom, end: run.ins.lineEnd, text: '' });
    moved.whole = run;
  } else {
    const s = segs as Segment[];
    runText = raw.slice(0, a) + mountText(depMounts) + raw.slice(s[0].start, s[dep.k - 1].end);
    moved.trimmed = { run, k: dep.k, segs: s };
  }
  const comments = whole ? text.slice(moveFrom, run.ins.lineStart) : '';
  const at = blockStart(text, first.ins.lineStart);
  const eol = scope.parsed.eol;
  scope.edits.push({
    start: at,
    end: at,
    text: `${lines.map((l) => l + eol).join('')}${comments}${runText}${eol}`,
  });
  scope.changes.push(
    `${lines.length > 0 ? `${lines.map((l) => `\`${l}\``).join(', ')} and ` : ''}${what} moved before \`${firstLine(first.ins)}\` (line ${first.ins.line + 1}): the dependencies are installed from the manifests alone, so a source change reuses that layer`,
  );
  policy.explain(depMounts, what);
  return moved;
}

/** The copies to add and the first source copy to go before, or null (kept, or in order). */
function layerFirst(
  scope: CacheScope,
  run: RunStep,
  inputs: DepInputs,
  present: (rel: string) => string | null,
  before: CopyStep[],
  keep: (reason: string) => void,
): { first: CopyStep; lines: string[] } | null {
  const { model, ctx } = scope;
  const manifest = new Map<string, string>();
  for (const f of inputs.files) {
    const p = present(f);
    if (p !== null && !ctx.isDir(p)) manifest.set(f, p);
    else if (inputs.required.includes(f)) {
      keep(`${f} is not in the build where it runs`);
      return null;
    }
  }
  const dirs = new Map<string, string>();
  for (const d of inputs.dirs) {
    const p = present(d);
    if (p !== null && ctx.isDir(p)) dirs.set(d, p);
  }
  const isManifest = (src: string) =>
    [...manifest.values()].includes(src) || [...dirs.values()].some((d) => inside(src, d));
  const contextCopies = before.filter((c) => c.from === null);
  const first = contextCopies.find((c) => sourcesOf(c, ctx).some((s) => !isManifest(s)));
  if (!first) return null; // already in order
  const between = model.stage.instructions.filter(
    (i) => i.start >= first.ins.start && i.start < run.ins.start,
  );
  for (const ins of between) {
    const ok =
      (ins.keyword === 'COPY' && !ins.flags.some((f) => f.name.toLowerCase() === 'from')) ||
      ins.keyword === 'EXPOSE' ||
      ins.keyword === 'LABEL';
    if (!ok) {
      keep(`moving it above line ${ins.line + 1} (${ins.keyword}) could change what it runs with`);
      return null;
    }
  }
  const later = before.filter((c) => c.ins.start >= first.ins.start);
  for (const out of inputs.outputs) {
    for (const c of later) {
      const p = filesOf(model, [c], ctx).contextPathOf(out);
      if (inside(c.dest, out) || (p !== null && ctx.exists(p) && !scope.ignore.mayExclude(p))) {
        keep(
          `line ${c.ins.line + 1} would copy ${p ?? c.dest} from the build context over ${out}, which the install writes`,
        );
        return null;
      }
    }
  }
  const lines = manifestCopies(scope, run.workdir, first, before, later, manifest, dirs);
  if (typeof lines === 'string') {
    keep(`msconvert cannot name ${lines} in a COPY of its own`);
    return null;
  }
  return { first, lines };
}

/**
 * The COPY lines that bring the manifests in before `first`, or the file that cannot be named
 * in one. Manifests that reach the image before `first` are there already; the others are
 * copied with the flags of the COPY that brought them.
 */
function manifestCopies(
  scope: CacheScope,
  cwd: string,
  first: CopyStep,
  before: CopyStep[],
  later: CopyStep[],
  manifest: Map<string, string>,
  dirs: Map<string, string>,
): string[] | string {
  const { model, ctx } = scope;
  const earlier = filesOf(
    model,
    before.filter((c) => c.ins.start < first.ins.start),
    ctx,
  );
  const groups = new Map<string, string[]>();
  const add = (rel: string, src: string, dir: boolean) => {
    const img = path.posix.resolve(cwd, rel);
    const by = [...later]
      .reverse()
      .find((c) => filesOf(model, [c], ctx).contextPathOf(img) === src);
    const flagsOf = (c: CopyStep) =>
      c.ins.flags
        .filter((f) => ['chown', 'chmod'].includes(f.name.toLowerCase()) && f.value)
        .map((f) => `--${f.name}=${f.value} `)
        .join('');
    const already = [...before]
      .reverse()
      .find(
        (c) =>
          c.ins.start < first.ins.start && filesOf(model, [c], ctx).contextPathOf(img) !== null,
      );
    // Already there, from the same file and with the same owner and mode.
    if (
      earlier.contextPathOf(img) === src &&
      (!by || (already && flagsOf(already) === flagsOf(by)))
    )
      return true;
    if (!by) return false;
    if (!/^[\w.@+\-/]+$/.test(src) || !/^[\w.@+\-/]+$/.test(rel)) return false;
    const flags = flagsOf(by);
    const destDir = dir ? rel : path.posix.dirname(rel);
    const dest = destDir === '.' ? './' : `./${destDir}/`;
    const key = dir ? `${flags}\u0000${src}\u0000${dest}` : `${flags}\u0000\u0000${dest}`;
    groups.set(key, [...(groups.get(key) ?? []), src]);
    return true;
  };
  for (const [rel, src] of manifest) if (!add(rel, src, false)) return src;
  for (const [rel, src] of dirs) if (!add(rel, src, true)) return src;
  return [...groups.entries()].map(([key, srcs]) => {
    const [flags, , dest] = key.split('\u0000');
    return `COPY ${flags}${srcs.join(' ')} ${dest}`;
  });
}
