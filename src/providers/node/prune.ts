// Production dependencies only: a stage derived from the builder prunes the devDependencies,
// when nothing the app loads or runs at start would go with them.
import * as path from 'path';
import type { Warning } from '../../codes';
import type { StartNeeds } from '../../analysis/needs';
import type { ProviderInput } from '../contract';
import type { Loaded } from './graph';
import { appLoads } from './loads';
import { binsOf } from './managers';
import { MODULES_STAGE, modulesStage } from './prod-modules';
import { packageJsonAt, type Install, type Manager, type PackageJson, type Said } from './types';

export interface Pruned {
  /** The stage the runtime copies the app from: the builder, or production-deps. */
  copyFrom: string;
  extraStages: string[][];
  /** True when a prune runs. */
  pruned: boolean;
}

/**
 * The production-deps stage: one prune per install whose package.json lists devDependencies,
 * unless the start uses one, the modules moved, the manager cannot prune offline, or the app
 * loads what the prune would remove.
 */
export function pruneStage(
  input: ProviderInput,
  needs: StartNeeds,
  local: Install[],
  moved: Set<string>,
  startTexts: string[],
  app: { pkg: PackageJson | null; roots: string[]; starts: { argv: string[]; cwd: string }[] },
  said: Said,
): Pruned {
  const { model, files } = input;
  const { warnings } = said;
  const extraStages: string[][] = [];
  let copyFrom = input.builderName;
  const prune: string[] = [];
  const pruned: { inst: Install; home: string; pkg: PackageJson | null; line: string }[] = [];
  let loaded: Loaded | null = null;
  for (const inst of local) {
    const home = inst.modules ? path.posix.dirname(inst.modules) : inst.cmd.cwd;
    // Pruning without the package.json that made the install would remove everything.
    const pkg = packageJsonAt(files, home);
    // Type packages install no commands; the rest may be run by the start command.
    const dev = Object.keys(pkg?.devDependencies ?? {});
    const runnable = dev.filter((dep) => !dep.startsWith('@types/'));
    if (inst.prodOnly || dev.length === 0 || inst.named.length > 0) continue;
    const usedDev = runnable.find((dep) =>
      startTexts.some((t) =>
        binsOf(dep).some((b) =>
          new RegExp(`(^|[\\s/'"=])${b.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[\\s'"@/])`).test(
            t,
          ),
        ),
      ),
    );
    if (usedDev) {
      warnings.push({
        code: 'MSC102',
        message: `devDependencies are kept: the start command uses ${usedDev}, a devDependency.`,
      });
      continue;
    }
    if (
      moved.has(inst.cmd.cwd) ||
      !inst.modules ||
      path.posix.basename(inst.modules) !== 'node_modules'
    ) {
      warnings.push({
        code: 'MSC108',
        message: `the modules \`${inst.cmd.argv.join(' ')}\` installed were moved or put in a folder of their own, where a prune cannot follow them; devDependencies stay in the runtime image.`,
      });
      continue;
    }
    const pm = pkg?.packageManager ?? '';
    let line: string | null = null;
    if (inst.manager === 'npm') line = 'npm prune --omit=dev';
    else if (inst.manager === 'pnpm') line = 'pnpm prune --prod';
    else if (inst.manager === 'yarn') {
      const berry =
        /^yarn@[2-9]/.test(pm) ||
        files.readByImagePath(path.posix.join(inst.cmd.cwd, '.yarnrc.yml')) !== null;
      if (berry) {
        warnings.push({
          code: 'MSC108',
          message: 'Yarn 2+ has no offline prune; devDependencies stay in the runtime image.',
        });
        continue;
      }
      const locked = files.readByImagePath(path.posix.join(inst.cmd.cwd, 'yarn.lock')) !== null;
      line = `yarn install --production${locked ? ' --frozen-lockfile' : ''} --ignore-scripts --prefer-offline`;
    }
    if (!line || prune.includes(`WORKDIR ${home}`)) continue;
    // What the app's code loads must survive the prune.
    loaded ??= appLoads(input, needs, app.pkg, app.roots, app.starts);
    const verdict = pruneVerdict(loaded, pkg, readLock(files, home), inst.manager);
    if (verdict) {
      warnings.push(verdict);
      continue;
    }
    prune.push(`WORKDIR ${home}`, `RUN ${line}`);
    pruned.push({ inst, home, pkg, line });
  }
  if (prune.length > 0) {
    copyFrom = 'production-deps';
    const stage = [`FROM ${input.builderName} AS ${copyFrom}`];
    const user = model.user;
    if (user && !/^(root|0)(:.*)?$/.test(user)) stage.push('USER root');
    // One install: its production modules can come from a stage a source change leaves alone.
    const own =
      pruned.length === 1
        ? modulesStage(input, pruned[0].inst, pruned[0].home, pruned[0].pkg, pruned[0].line)
        : null;
    if (own) {
      extraStages.push(own.stage);
      for (const line of own.swap) stage.push(line);
      said.notes.push(
        `devDependencies removed in the ${MODULES_STAGE} stage, which repeats the builder's steps up to the install, so a source change does not prune again`,
      );
    } else for (const item of prune) stage.push(item);
    extraStages.push(stage);
    said.gain.push('devDependencies are pruned');
    if (!own) said.notes.push('devDependencies removed in the production-deps stage');
  }
  return { copyFrom, extraStages, pruned: prune.length > 0 };
}

interface Lock {
  /** Package name -> true when only devDependencies reach it. */
  dev: Map<string, boolean>;
}

function readLock(files: ProviderInput['files'], home: string): Lock | null {
  for (const name of ['npm-shrinkwrap.json', 'package-lock.json']) {
    const text = files.readByImagePath(path.posix.join(home, name));
    if (!text) continue;
    try {
      const lock = JSON.parse(text.replace(/^\uFEFF/, '')) as {
        packages?: Record<string, { dev?: boolean }>;
        dependencies?: Record<string, { dev?: boolean }>;
      };
      const dev = new Map<string, boolean>();
      for (const [k, v] of Object.entries(lock.packages ?? {})) {
        const m = /^node_modules\/((?:@[^/]+\/)?[^/]+)$/.exec(k);
        if (m) dev.set(m[1], v.dev === true);
      }
      for (const [k, v] of Object.entries(lock.dependencies ?? {}))
        if (!dev.has(k)) dev.set(k, v.dev === true);
      return { dev };
    } catch {
      return null;
    }
  }
  return null;
}

/** A warning when pruning would remove something the app loads, or null when it is safe. */
function pruneVerdict(
  loaded: Loaded,
  pkg: PackageJson | null,
  lock: Lock | null,
  manager: Manager,
): Warning | null {
  const prod = new Set([
    ...Object.keys(pkg?.dependencies ?? {}),
    ...Object.keys(pkg?.optionalDependencies ?? {}),
    ...Object.keys(pkg?.peerDependencies ?? {}),
  ]);
  const devDeps = new Set(Object.keys(pkg?.devDependencies ?? {}));
  const unsure: string[] = [];
  for (const name of [...loaded.packages].sort()) {
    if (prod.has(name)) continue;
    const locked = lock?.dev.get(name);
    if (locked === false) continue;
    if (locked === true || devDeps.has(name)) {
      return {
        code: 'MSC102',
        message: `devDependencies are kept: the app loads ${name}, which only devDependencies bring (move it to dependencies to prune the rest).`,
      };
    }
    // Not declared: hoisted from some other package. An npm lock lists every installed
    // package (absent = not installed here); pnpm does not hoist into reach of the app.
    if (!lock && manager !== 'pnpm') unsure.push(name);
  }
  if (loaded.unknowable) {
    return {
      code: 'MSC111',
      message: `devDependencies are kept: ${loaded.unknowable}, so msconvert cannot show that pruning them is safe.`,
    };
  }
  if (unsure.length > 0) {
    return {
      code: 'MSC111',
      message: `devDependencies are kept: the app loads ${unsure.join(', ')}, which package.json does not list, and without package-lock.json msconvert cannot tell whether a prune keeps ${unsure.length > 1 ? 'them' : 'it'}.`,
    };
  }
  return null;
}
