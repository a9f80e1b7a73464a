// The production node_modules from a stage of their own, so that a source change does not prune
// again. The stage replays the builder's own instructions up to and including the install, byte
// for byte, then runs the prune the conversion would run in the builder: the same instructions on
// the same base give BuildKit the same cache keys, so the install runs once for both stages, and
// the result is the pruned tree the builder would have, provided nothing after the install
// touches node_modules or what the prune reads. When that cannot be shown, or when the replayed
// steps copy sources (so they would not survive a source change anyway), null: the prune stays
// in a stage derived from the builder.
import * as path from 'path';
import { globToRegExp, ImageFiles } from '../../analysis/files';
import type { CopyStep, RunStep } from '../../analysis/stage';
import { isRootUser } from '../../analysis/users';
import type { Instruction } from '../../parse';
import { matcher, patternsOf, hasExceptions } from '../../dockerignore/matcher';
import type { ProviderInput } from '../contract';
import type { Install, PackageJson } from './types';

export const MODULES_STAGE = 'production-modules';

/** What the prune reads besides node_modules; each must be the same file at the end of the builder. */
const PRUNE_READS = [
  'package.json',
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  '.npmrc',
  '.yarnrc',
  '.yarnrc.yml',
  '.pnpmfile.cjs',
];

/** Variables a later ENV or ARG may set that change how the package manager prunes. */
const MANAGER_VARS = /^(npm_config_|yarn_|pnpm_|node_|corepack_|home$|path$)/i;

export interface ModulesStage {
  /** The stage that installs and prunes. */
  stage: string[];
  /** What the stage derived from the builder runs instead of the prune. */
  swap: string[];
}

/**
 * The production-modules stage for one install pruned in `home`, or null when the builder's
 * own prune must stay.
 */
export function modulesStage(
  input: ProviderInput,
  inst: Install,
  home: string,
  pkg: PackageJson | null,
  pruneLine: string,
): ModulesStage | null {
  const { model, ctx, parsed } = input;
  const modules = inst.modules;
  if (!ctx.known || !modules || parsed.stages.length !== 1) return null;
  if (input.builderName === MODULES_STAGE) return null;
  const run = model.runs.find((r) => r.commands.includes(inst.cmd));
  if (!run) return null;
  const stage = model.stage;
  const prefix = stage.instructions.filter((i) => i.start <= run.ins.start);
  const after = stage.instructions.filter((i) => i.start > run.ins.start);
  if (prefix.some((i) => i.heredoc) || stage.from.heredoc) return null;
  const before = model.copies.filter((c) => c.ins.start < run.ins.start);
  if (!copiesOnlyInputs(input, before, home, pkg)) return null;
  if (!leavesModules(input, run, after, before, home, modules, lockFrozen(inst))) return null;

  const from = parsed.text.slice(stage.from.start, stage.imageEnd);
  const lines = [`${from} AS ${MODULES_STAGE}`, ...prefix.map((i) => i.raw)];
  if (run.user && !isRootUser(run.user)) lines.push('USER root');
  if (run.workdir !== home) lines.push(`WORKDIR ${home}`);
  lines.push(`RUN ${pruneLine}`);
  // Emptied in place rather than removed: COPY --from would create the folder anew, owned by
  // root with mode 755, where the builder's may belong to the user that installed. BusyBox's
  // find (Alpine) has both options: FEATURE_FIND_MAXDEPTH and FEATURE_FIND_DELETE are set in
  // Alpine's busybox config.
  const swap = [
    `RUN find ${modules} -mindepth 1 -delete`,
    `COPY --from=${MODULES_STAGE} ${modules} ${modules}`,
  ];
  return { stage: lines, swap };
}

/**
 * True when every context file the replayed steps copy is a dependency input: a file (a
 * manifest, a lock, a config), or a folder package.json names as a local dependency. A folder
 * or the whole context may hold the sources a change touches.
 */
function copiesOnlyInputs(
  input: ProviderInput,
  before: CopyStep[],
  home: string,
  pkg: PackageJson | null,
): boolean {
  const { ctx } = input;
  const files = new ImageFiles({ ...input.model, copies: before }, ctx);
  const pkgAt = files.contextPathOf(path.posix.join(home, 'package.json'));
  const local = localFolders(pkg, pkgAt === null ? null : path.posix.dirname(pkgAt));
  for (const c of before) {
    if (c.from !== null) continue;
    if (c.keyword === 'ADD' && c.sources.some((s) => /^[a-z][a-z0-9+.-]*:\/\/|^git@/i.test(s)))
      return false;
    for (const raw of c.sources) {
      const src = path.posix.normalize(raw.replace(/^\/+/, '')).replace(/\/$/, '');
      if (src === '.' || src === '' || /[*?[]/.test(path.posix.dirname(src))) return false;
      if (/[*?[]/.test(src)) {
        // A glob in the last segment: no folder may match it.
        const dir = path.posix.dirname(src);
        const re = globToRegExp(path.posix.basename(src));
        const names = ctx.list(dir === '.' ? '' : dir);
        if (names.some((n) => n.endsWith('/') && re.test(n.slice(0, -1)))) return false;
        continue;
      }
      if (ctx.isDir(src) && !local.has(src)) return false;
    }
  }
  return true;
}

/** Context folders package.json names as `file:` or `link:` dependencies. */
function localFolders(pkg: PackageJson | null, pkgDir: string | null): Set<string> {
  const out = new Set<string>();
  if (!pkg || pkgDir === null) return out;
  const deps = {
    ...(pkg.dependencies ?? {}),
    ...(pkg.devDependencies ?? {}),
    ...(pkg.optionalDependencies ?? {}),
  };
  for (const spec of Object.values(deps)) {
    const m = /^(?:file|link):(.+)$/.exec(spec);
    if (!m) continue;
    const rel = path.posix.normalize(path.posix.join(pkgDir === '.' ? '' : pkgDir, m[1]));
    if (!rel.startsWith('..')) out.add(rel.replace(/\/$/, ''));
  }
  return out;
}

/**
 * True when nothing after the install changes node_modules or what the prune reads: no RUN
 * (any command may write there: a build's cache, a generated client, a patch), no copy into
 * the folder or of a context node_modules the ignore file does not leave out, the same
 * package.json, lock and config files, and no package manager variable set anew.
 */
function leavesModules(
  input: ProviderInput,
  run: RunStep,
  after: Instruction[],
  before: CopyStep[],
  home: string,
  modules: string,
  frozen: boolean,
): boolean {
  const { model, ctx } = input;
  const within = (p: string, dir: string) => p === dir || p.startsWith(`${dir}/`);
  const patterns = patternsOf(ctx.readText('.dockerignore'));
  const ignored = matcher(patterns);
  for (const ins of after) {
    if (ins.keyword === 'RUN') return false;
    if (
      (ins.keyword === 'ENV' || ins.keyword === 'ARG') &&
      ins.pairs.some((p) => MANAGER_VARS.test(p.name))
    )
      return false;
    if (ins.keyword === 'WORKDIR' && /(^|\/)node_modules(\/|$)/.test(ins.args)) return false;
  }
  const later = model.copies.filter((c) => c.ins.start > run.ins.start);
  for (const c of later) {
    if (within(c.dest, modules)) return false;
    if (c.from !== null || c.keyword === 'ADD') {
      // An image's or an archive's files are not known here.
      if (within(modules, c.dest)) return false;
      continue;
    }
    const rel = new ImageFiles({ ...model, copies: [c] }, ctx).contextPathOf(modules);
    if (rel !== null && ctx.exists(rel) && (!ignored(rel) || hasExceptions(patterns))) return false;
  }
  const first = new ImageFiles({ ...model, copies: before }, ctx);
  const last = new ImageFiles(model, ctx);
  for (const name of PRUNE_READS) {
    const p = path.posix.join(home, name);
    const a = first.readByImagePath(p);
    const b = last.readByImagePath(p);
    const same =
      a !== null ? a === b : b === null && first.contextPathOf(p) === last.contextPathOf(p);
    if (!same) return false;
    // An install that may rewrite the lock (npm install) leaves its own lock to the replayed
    // prune, while a later COPY puts the context's back in the builder: they may differ.
    if (!frozen && new ImageFiles({ ...model, copies: later }, ctx).contextPathOf(p) !== null)
      return false;
  }
  return true;
}

/** True when the install never writes package.json or the lock (npm ci, a frozen lock file). */
function lockFrozen(inst: Install): boolean {
  const [, sub, ...rest] = inst.cmd.argv;
  if (inst.manager === 'npm')
    return ['ci', 'clean-install', 'ic', 'install-clean'].includes(sub ?? '');
  const args = inst.cmd.argv.slice(1);
  if (inst.manager === 'yarn')
    return args.includes('--frozen-lockfile') || args.includes('--immutable');
  if (inst.manager === 'pnpm')
    return rest.includes('--frozen-lockfile') || sub === '--frozen-lockfile';
  return false;
}
