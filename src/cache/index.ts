// --cache: rewrites the builder stage so that a rebuild after a source change reuses the
// dependency layer and the package managers' caches. Two kinds of edits, both spliced into
// the original text by range:
//
// 1. Dependency layers first: when the dependency step (npm ci, go mod download, pip install
//    -r, ...) provably reads only its manifests, those are copied on their own before the
//    sources and the step moves up with them; everything else keeps its order. Whatever the
//    step may read beyond the manifests (a postinstall script, a file: dependency, a
//    workspace) keeps the original order, with MSC150 saying why.
// 2. BuildKit cache mounts on the folders the package managers and compilers keep their
//    caches in, where nothing the image needs lives (MSC151 says when one is left out).
//
// The built-in Dockerfile frontend of BuildKit (Docker 20.10 and later) has RUN --mount, so
// no `# syntax` line is added; a file that pins a frontend without it gets no mounts.
import * as path from 'path';
import { ImageFiles } from '../analysis/files';
import { builderKey } from '../analysis/image';
import { readStage, type CopyStep, type RunStep, type StageModel } from '../analysis/stage';
import type { Warning } from '../codes';
import type { BuildContext } from '../context';
import { parseDockerfile, type Instruction, type ParsedDockerfile } from '../parse';
import { simpleCommands } from '../shell';
import { images, templateJson } from '../data';
import { DockerIgnore } from './dockerignore';
import { dotnetManager } from './dotnet';
import { goManager } from './go';
import { mavenManager } from './maven';
import {
  cachesOf,
  existingMounts,
  inside,
  mountFlag,
  offlineSwitch,
  type MountSpec,
} from './mounts';
import { nodeManager } from './node';
import { pythonManager } from './python';
import { andChain, argsOffset, type Segment } from './runtext';
import type { DepInputs, DepManager, DepView } from './types';

const MANAGERS: DepManager[] = [nodeManager, goManager, pythonManager, mavenManager, dotnetManager];

export interface CacheOutcome {
  /** The Dockerfile with the cache edits applied (the original when there are none). */
  text: string;
  /** Each change and why, for the explanation. */
  changes: string[];
  warnings: Warning[];
  /** Every folder a cache mount now covers. */
  mounts: string[];
  /** The builder's environment at its end, which stages derived from it start with. */
  env: Record<string, string>;
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

const ROOT_USER = /^(root|0)(:.*)?$/;

/** Why the file's pinned frontend cannot take RUN --mount, or null when it can. */
export function syntaxProblem(parsed: ParsedDockerfile): string | null {
  const d = parsed.directives.find((x) => x.name.toLowerCase() === 'syntax');
  if (!d || d.value === null) return null;
  const m = /^(?:docker\.io\/)?docker\/dockerfile(?:-upstream)?:([^@\s]+)$/.exec(d.value.trim());
  if (!m)
    return `the file pins the frontend ${d.value}, which msconvert cannot tell has RUN --mount`;
  const tag = m[1];
  if (/^(1|latest|labs|master)$|labs|experimental/.test(tag)) return null;
  const v = /^1\.(\d+)/.exec(tag);
  if (v && Number(v[1]) >= 2) return null;
  return `the file pins docker/dockerfile:${tag}, which has no RUN --mount (1.2 and later have it)`;
}

/** Start of the comment lines directly above an instruction (they travel with it). */
function blockStart(text: string, lineStart: number): number {
  let start = lineStart;
  while (start > 0) {
    const prevEnd = start - 1;
    const prevStart = text.lastIndexOf('\n', prevEnd - 1) + 1;
    const line = text.slice(prevStart, prevEnd).replace(/\r$/, '');
    if (!/^\s*#/.test(line)) break;
    start = prevStart;
  }
  return start;
}

function firstLine(ins: Instruction): string {
  const line = ins.raw.split(/\r?\n/)[0].replace(/\s*\\$/, '');
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}

/** ImageFiles over a chosen list of the stage's copies. */
function filesOf(model: StageModel, copies: CopyStep[], ctx: BuildContext): ImageFiles {
  return new ImageFiles({ ...model, copies }, ctx);
}

/** Context paths a COPY's sources name, globs expanded. */
function sourcesOf(step: CopyStep, ctx: BuildContext): string[] {
  const out: string[] = [];
  for (const raw of step.sources) {
    const src = path.posix.normalize(raw.replace(/^\/+/, '')).replace(/\/$/, '');
    const clean = src === '.' ? '' : src;
    if (/[*?[]/.test(clean)) {
      const dir = path.posix.dirname(clean);
      const re = new RegExp(
        `^${path.posix
          .basename(clean)
          .replace(/[.+^${}()|\\]/g, '\\$&')
          .replace(/\*/g, '[^/]*')
          .replace(/\?/g, '[^/]')}$`,
      );
      for (const name of ctx.list(dir === '.' ? '' : dir)) {
        const bare = name.replace(/\/$/, '');
        if (re.test(bare)) out.push(dir === '.' ? bare : `${dir}/${bare}`);
      }
    } else out.push(clean);
  }
  return out;
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

export function cacheBuilder(text: string, ctx: BuildContext): CacheOutcome {
  const none: CacheOutcome = { text, changes: [], warnings: [], mounts: [], env: {} };
  const parsed = parseDockerfile(text);
  if (parsed.stages.length !== 1) return none;
  const stage = parsed.stages[0];
  const builders = images().builders;
  const model = readStage(
    parsed,
    stage,
    (img) => builders[builderKey(img.name, img.tag)]?.workdir ?? '/',
    (img) => builders[builderKey(img.name, img.tag)]?.env ?? {},
  );
  const eol = parsed.eol;
  const escape = parsed.escape;
  const changes: string[] = [];
  const warnings: Warning[] = [];
  const edits: Edit[] = [];
  const ignore = new DockerIgnore(ctx);
  const all = filesOf(model, model.copies, ctx);

  // --- which RUNs may get cache mounts, and on which folders ---
  const rootImages = templateJson<{ rootImages: string[] }>('cache.json').rootImages;
  const repo = model.image.repository
    .toLowerCase()
    .replace(/^(docker\.io\/|index\.docker\.io\/)?(library\/)?/, '');
  const rootByDefault = rootImages.includes(repo);
  const syntax = syntaxProblem(parsed);
  const mountBlocked = new Set<string>();
  const warnMount = (message: string) => {
    if (!warnings.some((w) => w.code === 'MSC151' && w.message === message))
      warnings.push({ code: 'MSC151', message });
  };
  const runsAsRoot = (run: RunStep) =>
    run.user === null ? rootByDefault : ROOT_USER.test(run.user);

  // Make and build scripts may run the compilers: they get the compiler caches too.
  const opaque = (argv: string[]) =>
    /^(make|gmake|cmake|ninja)$/.test(argv[0]?.replace(/^.*\//, '') ?? '') ||
    /\.sh$/.test(argv[0] ?? '') ||
    (/^(sh|bash)$/.test(argv[0] ?? '') && argv[1] !== undefined && !argv[1].startsWith('-'));
  const stageTools = new Map<string, MountSpec>();
  // The builder image says which compiler a Makefile most likely drives.
  const implied =
    model.image.name === 'golang'
      ? ['go', 'build']
      : model.image.name === 'rust'
        ? ['cargo', 'build']
        : null;
  if (implied)
    for (const m of cachesOf({ argv: implied, vars: model.env, env: {} }))
      stageTools.set(m.target, m);
  for (const run of model.runs)
    for (const c of run.commands)
      for (const m of cachesOf(c)) if (/^(go|cargo)/.test(m.tool)) stageTools.set(m.target, m);
  const wanted = (commands: RunStep['commands']): MountSpec[] => {
    const out = new Map<string, MountSpec>();
    for (const c of commands) {
      for (const m of cachesOf(c)) out.set(m.target, m);
      if (opaque(c.argv)) for (const m of stageTools.values()) out.set(m.target, m);
    }
    return [...out.values()];
  };
  // A folder can be a cache only when nothing else in the stage puts files there or reads it.
  const receivers = new Map<string, RunStep[]>();
  for (const run of model.runs)
    for (const m of wanted(run.commands))
      receivers.set(m.target, [...(receivers.get(m.target) ?? []), run]);
  for (const [target, runs] of receivers) {
    const why = conflict(target, runs);
    if (why) {
      mountBlocked.add(target);
      warnMount(`no cache mount on ${target}: ${why}`);
    }
  }
  function conflict(target: string, runs: RunStep[]): string | null {
    if (runs.length > 1) {
      for (const run of runs) {
        const users = run.commands.filter((c) => cachesOf(c).some((m) => m.target === target));
        const off = users.map(offlineSwitch);
        if (users.length > 0 && off.every((o) => o !== null))
          return `line ${run.ins.line + 1} works offline (${off[0]}) from what an earlier step downloaded there, and a cache folder can be empty when that step's layer is reused`;
      }
    }
    for (const c of model.copies) {
      if (inside(c.dest, target)) return `line ${c.ins.line + 1} copies files into it`;
    }
    if (all.contextPathOf(target) !== null && ctx.known)
      return 'the build context puts files there';
    for (const run of model.runs) {
      if (inside(run.workdir, target)) return `a RUN works inside it (line ${run.ins.line + 1})`;
      if (!runs.includes(run) && run.ins.raw.includes(target))
        return `line ${run.ins.line + 1} reads or writes it without the mount`;
      if (existingMounts(run.ins.flags).some((t) => inside(target, t) && t !== target))
        return `line ${run.ins.line + 1} already mounts a folder around it`;
    }
    for (const ins of [model.cmd, model.entrypoint, model.healthcheck])
      if (ins?.raw.includes(target)) return `line ${ins.line + 1} uses it when the container runs`;
    for (const [k, v] of Object.entries(model.env))
      if (v.split(':').some((p) => p !== '' && inside(p, target))) return `ENV ${k} points into it`;
    return null;
  }

  /** Mount flags for a RUN's commands, and the explanation. */
  const mountsFor = (run: RunStep, commands: RunStep['commands']): MountSpec[] => {
    const specs = wanted(commands).filter((m) => !mountBlocked.has(m.target));
    if (specs.length === 0) return [];
    if (syntax) {
      warnMount(`no cache mounts: ${syntax}`);
      return [];
    }
    if (!runsAsRoot(run)) {
      warnMount(
        run.user === null
          ? `no cache mounts: ${model.image.resolved} is not an image msconvert knows to build as root, and BuildKit creates cache folders owned by root`
          : `no cache mounts on line ${run.ins.line + 1}: it runs as ${run.user}, and BuildKit creates cache folders owned by root`,
      );
      return [];
    }
    const have = existingMounts(run.ins.flags);
    return specs.filter((m) => !have.some((t) => inside(m.target, t)));
  };
  const mountText = (specs: MountSpec[]) => specs.map((m) => `${mountFlag(m)} `).join('');
  const mountChange = (run: RunStep, specs: MountSpec[], what: string) => {
    if (specs.length === 0) return;
    const tools = [...new Set(specs.map((m) => m.tool))].join(', ');
    const keeps = [...new Set(specs.map((m) => m.keeps))].join(' and ');
    changes.push(
      `${what}: cache mount${specs.length > 1 ? 's' : ''} on ${specs.map((m) => m.target).join(', ')} (${tools}), so ${keeps} are kept between builds and stay out of the image`,
    );
  };
  const mounted = new Set<string>();

  // --- dependency layers first ---
  let moved: RunStep | null = null;
  let trimmedAt: { run: RunStep; k: number; segs: Segment[] } | null = null;
  for (const run of model.runs) {
    const segs = andChain(run.ins, escape);
    if (!segs && !run.ins.exec) continue;
    const dep = dependencyPrefix(run, segs);
    if (!dep) {
      // An install behind other commands of its RUN may read what they prepare or generate.
      const at = run.commands.findIndex((c) =>
        MANAGERS.some((m) => m.classify(c.argv) === 'install'),
      );
      if (at > 0 && model.copies.some((c) => c.from === null && c.ins.start < run.ins.start)) {
        warnings.push({
          code: 'MSC150',
          message: `\`${run.commands[at].argv.join(' ')}\` (line ${run.ins.line + 1}) keeps its place: it runs after \`${run.commands[at - 1].argv.join(' ')}\`, which may prepare or generate what it reads.`,
        });
        break;
      }
      continue;
    }
    const depCommands = run.commands.slice(0, dep.k);
    const what = `\`${depCommands.map((c) => c.argv.join(' ')).join(' && ')}\``;
    if (!ctx.known) break;
    const before = model.copies.filter((c) => c.ins.start < run.ins.start);
    // Said only when the step now sits behind other files of the sources.
    const behindSources = before.some(
      (c) =>
        c.from === null &&
        sourcesOf(c, ctx).some((s) => s === '' || !dep.manager.names.test(path.posix.basename(s))),
    );
    const keep = (reason: string) => {
      if (behindSources)
        warnings.push({
          code: 'MSC150',
          message: `${what} (line ${run.ins.line + 1}) keeps its place: ${reason}.`,
        });
    };
    const seen = filesOf(model, before, ctx);
    const cwd = run.workdir;
    const present = (rel: string): string | null => {
      const p = seen.contextPathOf(path.posix.resolve(cwd, rel));
      if (p === null || !ctx.exists(p) || ignore.mayExclude(p)) return null;
      return p;
    };
    const view: DepView = {
      cwd,
      ctx,
      present,
      read: (rel) => {
        const p = present(rel);
        return p === null ? null : ctx.readText(p);
      },
      env: { ...model.env, ...depCommands[0].vars },
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
    const inputs = dep.manager.inputs(
      view,
      depCommands.map((c) => c.argv),
    );
    if ('keep' in inputs) {
      keep(inputs.keep);
      break;
    }
    const plan = layerFirst(run, inputs, present, before, keep);
    if (!plan) break;
    const { first, lines } = plan;
    const depMounts = mountsFor(run, depCommands);
    depMounts.forEach((m) => mounted.add(m.target));
    const raw = run.ins.raw;
    const a = argsOffset(run.ins, escape);
    const whole = !segs || dep.k === segs.length;
    let runText: string;
    let moveFrom = run.ins.lineStart;
    if (whole) {
      runText = raw.slice(0, a) + mountText(depMounts) + raw.slice(a);
      moveFrom = blockStart(text, run.ins.lineStart);
      edits.push({ start: moveFrom, end: run.ins.lineEnd, text: '' });
      moved = run;
    } else {
      const s = segs as Segment[];
      runText = raw.slice(0, a) + mountText(depMounts) + raw.slice(s[0].start, s[dep.k - 1].end);
      trimmedAt = { run, k: dep.k, segs: s };
    }
    const comments = whole ? text.slice(moveFrom, run.ins.lineStart) : '';
    const at = blockStart(text, first.ins.lineStart);
    edits.push({
      start: at,
      end: at,
      text: `${lines.map((l) => l + eol).join('')}${comments}${runText}${eol}`,
    });
    changes.push(
      `${lines.length > 0 ? `${lines.map((l) => `\`${l}\``).join(', ')} and ` : ''}${what} moved before \`${firstLine(first.ins)}\` (line ${first.ins.line + 1}): the dependencies are installed from the manifests alone, so a source change reuses that layer`,
    );
    mountChange(run, depMounts, what);
    break;
  }

  /** The copies to add and the first source copy to go before, or null (kept, or in order). */
  function layerFirst(
    run: RunStep,
    inputs: DepInputs,
    present: (rel: string) => string | null,
    before: CopyStep[],
    keep: (reason: string) => void,
  ): { first: CopyStep; lines: string[] } | null {
    const cwd = run.workdir;
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
        keep(
          `moving it above line ${ins.line + 1} (${ins.keyword}) could change what it runs with`,
        );
        return null;
      }
    }
    const later = before.filter((c) => c.ins.start >= first.ins.start);
    for (const out of inputs.outputs) {
      for (const c of later) {
        const p = filesOf(model, [c], ctx).contextPathOf(out);
        if (inside(c.dest, out) || (p !== null && ctx.exists(p) && !ignore.mayExclude(p))) {
          keep(
            `line ${c.ins.line + 1} would copy ${p ?? c.dest} from the build context over ${out}, which the install writes`,
          );
          return null;
        }
      }
    }
    // Manifests that reach the image before `first` are there already; the others are
    // copied with the flags of the COPY that brought them.
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
    for (const [rel, src] of manifest)
      if (!add(rel, src, false)) {
        keep(`msconvert cannot name ${src} in a COPY of its own`);
        return null;
      }
    for (const [rel, src] of dirs)
      if (!add(rel, src, true)) {
        keep(`msconvert cannot name ${src} in a COPY of its own`);
        return null;
      }
    const lines = [...groups.entries()].map(([key, srcs]) => {
      const [flags, , dest] = key.split('\u0000');
      return `COPY ${flags}${srcs.join(' ')} ${dest}`;
    });
    return { first, lines };
  }

  // --- cache mounts on the other RUNs (and on what stays of a split one) ---
  for (const run of model.runs) {
    if (run === moved) continue;
    const trimmed = trimmedAt?.run === run ? trimmedAt : null;
    const commands = trimmed ? run.commands.slice(trimmed.k) : run.commands;
    const specs = mountsFor(run, commands);
    const a = run.ins.start + argsOffset(run.ins, escape);
    if (trimmed) {
      edits.push({
        start: a,
        end: run.ins.start + trimmed.segs[trimmed.k].start,
        text: mountText(specs),
      });
    } else if (specs.length > 0) edits.push({ start: a, end: a, text: mountText(specs) });
    specs.forEach((m) => mounted.add(m.target));
    const shown = commands.map((c) => c.argv.join(' ')).join(' && ');
    mountChange(
      run,
      specs,
      `\`${shown.length > 60 ? `${shown.slice(0, 57)}...` : shown}\` (line ${run.ins.line + 1})`,
    );
  }
  if (edits.length === 0) return { ...none, warnings };
  let out = text;
  for (const e of [...edits].sort((x, y) => y.start - x.start || y.end - x.end))
    out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return { text: out, changes, warnings, mounts: [...mounted], env: model.env };
}

/**
 * Why a conversion cannot stand with these cache mounts: a runtime-stage COPY --from that
 * reads a folder a mount covers would find it empty. Null when none does.
 */
export function copiedFromCache(output: string, mounts: string[]): string | null {
  const parsed = parseDockerfile(output);
  for (const stage of parsed.stages.slice(1)) {
    for (const ins of stage.instructions) {
      if (ins.keyword !== 'COPY' || !ins.flags.some((f) => f.name.toLowerCase() === 'from'))
        continue;
      const words = ins.exec ?? ins.words;
      for (const src of words.slice(0, -1)) {
        const hit = mounts.find(
          (m) => inside(path.posix.normalize(src), m) || inside(m, path.posix.normalize(src)),
        );
        if (hit)
          return `the runtime stage copies ${src}, and a cache mount keeps ${hit} out of the builder image`;
      }
    }
  }
  return null;
}

/**
 * The same cache mounts on the RUN lines of stages the conversion derives from the builder
 * (`FROM builder AS production-deps` / `RUN yarn install --production --prefer-offline`): the
 * builder now leaves its download cache in the mount, not in its image, so a derived step that
 * counts on that cache must mount it too. Only the generated stages are edited.
 */
export function mountDerived(
  output: string,
  builderName: string,
  outcome: Pick<CacheOutcome, 'mounts' | 'env'>,
): { text: string; changes: string[] } {
  const parsed = parseDockerfile(output);
  const derived = new Set([builderName.toLowerCase()]);
  const edits: Edit[] = [];
  const changes: string[] = [];
  for (const stage of parsed.stages.slice(1)) {
    if (!derived.has(stage.image.toLowerCase())) continue;
    if (stage.name) derived.add(stage.name.toLowerCase());
    for (const ins of stage.instructions) {
      if (ins.keyword !== 'RUN' || ins.exec) continue;
      const have = existingMounts(ins.flags);
      const specs = new Map<string, MountSpec>();
      for (const c of simpleCommands(ins.args))
        for (const m of cachesOf({ argv: c.argv, env: c.env, vars: outcome.env }))
          if (outcome.mounts.includes(m.target) && !have.includes(m.target)) specs.set(m.target, m);
      if (specs.size === 0) continue;
      const at = ins.start + argsOffset(ins, parsed.escape);
      edits.push({
        start: at,
        end: at,
        text: [...specs.values()].map((m) => `${mountFlag(m)} `).join(''),
      });
      changes.push(
        `\`${firstLine(ins)}\` in the ${stage.name ?? 'derived'} stage: cache mount on ${[...specs.keys()].join(', ')}, the download cache the builder filled`,
      );
    }
  }
  let text = output;
  for (const e of edits.sort((a, b) => b.start - a.start))
    text = text.slice(0, e.start) + e.text + text.slice(e.end);
  return { text, changes };
}
