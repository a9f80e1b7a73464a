// Which RUNs of the builder may get cache mounts, and on which folders. A folder can be a
// cache only when nothing else in the stage puts files there or reads it (MSC151 says why
// one is left out); the RUN must run as root, since BuildKit creates cache folders owned by
// root, and the frontend the file pins must have RUN --mount.
import type { RunStep } from '../analysis/stage';
import { templateJson } from '../data';
import {
  cachesOf,
  existingMounts,
  inside,
  mountFlag,
  offlineSwitch,
  type MountSpec,
} from './mounts';
import type { CacheScope } from './scope';
import { syntaxProblem } from './syntax';

const ROOT_USER = /^(root|0)(:.*)?$/;

export interface MountPolicy {
  /** The mounts a RUN's commands get (those it already has left out). */
  mountsFor(run: RunStep, commands: RunStep['commands']): MountSpec[];
  /** Whether a RUN may have cache mounts at all (MSC151 when not). */
  allowed(run: RunStep): boolean;
  /** An MSC151 warning, said once. */
  warn(message: string): void;
  /** Records the mounts of a RUN in the explanation. */
  explain(specs: MountSpec[], what: string): void;
}

export const mountText = (specs: MountSpec[]): string =>
  specs.map((m) => `${mountFlag(m)} `).join('');

// Make and build scripts may run the compilers: they get the compiler caches too.
const opaque = (argv: string[]) =>
  /^(make|gmake|cmake|ninja)$/.test(argv[0]?.replace(/^.*\//, '') ?? '') ||
  /\.sh$/.test(argv[0] ?? '') ||
  (/^(sh|bash)$/.test(argv[0] ?? '') && argv[1] !== undefined && !argv[1].startsWith('-'));

/** The compiler caches of the stage, which make and build scripts get. */
function stageTools(scope: CacheScope): Map<string, MountSpec> {
  const { model } = scope;
  const tools = new Map<string, MountSpec>();
  // The builder image says which compiler a Makefile most likely drives.
  const implied =
    model.image.name === 'golang'
      ? ['go', 'build']
      : model.image.name === 'rust'
        ? ['cargo', 'build']
        : null;
  if (implied)
    for (const m of cachesOf({ argv: implied, vars: model.env, env: {} })) tools.set(m.target, m);
  for (const run of model.runs)
    for (const c of run.commands)
      for (const m of cachesOf(c)) if (/^(go|cargo)/.test(m.tool)) tools.set(m.target, m);
  return tools;
}

/** Why a folder cannot be a cache mount of these RUNs, or null. */
function conflict(scope: CacheScope, target: string, runs: RunStep[]): string | null {
  const { model, ctx } = scope;
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
  if (scope.all.contextPathOf(target) !== null && ctx.known)
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

export function mountPolicy(scope: CacheScope): MountPolicy {
  const { model, warnings } = scope;
  const rootImages = templateJson<{ rootImages: string[] }>('cache.json').rootImages;
  const repo = model.image.repository
    .toLowerCase()
    .replace(/^(docker\.io\/|index\.docker\.io\/)?(library\/)?/, '');
  const rootByDefault = rootImages.includes(repo);
  const syntax = syntaxProblem(scope.parsed);
  const warnMount = (message: string) => {
    if (!warnings.some((w) => w.code === 'MSC151' && w.message === message))
      warnings.push({ code: 'MSC151', message });
  };
  const runsAsRoot = (run: RunStep) =>
    run.user === null ? rootByDefault : ROOT_USER.test(run.user);
  const tools = stageTools(scope);
  const wanted = (commands: RunStep['commands']): MountSpec[] => {
    const out = new Map<string, MountSpec>();
    for (const c of commands) {
      for (const m of cachesOf(c)) out.set(m.target, m);
      if (opaque(c.argv)) for (const m of tools.values()) out.set(m.target, m);
    }
    return [...out.values()];
  };
  const receivers = new Map<string, RunStep[]>();
  for (const run of model.runs)
    for (const m of wanted(run.commands))
      receivers.set(m.target, [...(receivers.get(m.target) ?? []), run]);
  const blocked = new Set<string>();
  for (const [target, runs] of receivers) {
    const why = conflict(scope, target, runs);
    if (why) {
      blocked.add(target);
      warnMount(`no cache mount on ${target}: ${why}`);
    }
  }
  function allowed(run: RunStep): boolean {
    if (syntax) {
      warnMount(`no cache mounts: ${syntax}`);
      return false;
    }
    if (!runsAsRoot(run)) {
      warnMount(
        run.user === null
          ? `no cache mounts: ${model.image.resolved} is not an image msconvert knows to build as root, and BuildKit creates cache folders owned by root`
          : `no cache mounts on line ${run.ins.line + 1}: it runs as ${run.user}, and BuildKit creates cache folders owned by root`,
      );
      return false;
    }
    return true;
  }
  return {
    allowed,
    warn: warnMount,
    mountsFor(run, commands) {
      const specs = wanted(commands).filter((m) => !blocked.has(m.target));
      if (specs.length === 0 || !allowed(run)) return [];
      const have = existingMounts(run.ins.flags);
      return specs.filter((m) => !have.some((t) => inside(m.target, t)));
    },
    explain(specs, what) {
      if (specs.length === 0) return;
      const toolNames = [...new Set(specs.map((m) => m.tool))].join(', ');
      const keeps = [...new Set(specs.map((m) => m.keeps))].join(' and ');
      scope.changes.push(
        `${what}: cache mount${specs.length > 1 ? 's' : ''} on ${specs.map((m) => m.target).join(', ')} (${toolNames}), so ${keeps} are kept between builds and stay out of the image`,
      );
    },
  };
}
