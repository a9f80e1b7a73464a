// Node: the app folders (with node_modules at the same absolute paths) from the builder,
// production dependencies only, on the slim variant of the same Node image.
import * as path from 'path';
import { tagCodename } from '../../analysis/image';
import type { StartNeeds } from '../../analysis/needs';
import { allCommands } from '../../analysis/stage';
import {
  decline,
  type Decline,
  type Detection,
  type Provider,
  type ProviderInput,
  type ProviderPlan,
} from '../contract';
import { detection } from '../detect';
import { buildOutput } from './build-output';
import { nodeCopies } from './copies';
import { appFolders } from './folders';
import { globalReinstalls } from './globals';
import { installsOf, readInstall } from './managers';
import { moduleDirs } from './module-dirs';
import { runtimePackages } from './native';
import { pruneStage } from './prune';
import { runtimeCandidates, runtimeImage } from './runtime';
import { buildsAtStart, buildsInRun, readStarts } from './scripts';
import { nodeStart, nodeStartRewrite } from './start-rewrite';
import { data, packageJsonAt, type PackageJson, type Said } from './types';

export { buildOutput } from './build-output';

export const nodeProvider: Provider = {
  id: 'node',
  name: 'Node.js',
  rewriteStart: nodeStartRewrite,

  detect({ model, ctx }): Detection | null {
    const install = allCommands(model)
      .map(readInstall)
      .find((i) => i !== null);
    return detection(model, {
      image: data().builderImages.includes(model.image.name),
      build: install && `RUN ${install.cmd.argv.slice(0, 2).join(' ')}`,
      manifest: ctx.exists('package.json') ? 'package.json' : null,
    });
  },

  plan(input: ProviderInput, needs: StartNeeds): ProviderPlan | Decline {
    const { model, files, ctx } = input;
    const said: Said = { warnings: [], notes: [], gain: [] };
    const workdir = model.cwd;
    const appPkg =
      packageJsonAt(files, workdir) ?? ctx.readJson<PackageJson>('package.json') ?? null;

    // What the container runs at start, npm scripts followed.
    const starts = readStarts(needs, appPkg, workdir, said);
    if ('kind' in starts) return starts;
    const atStart = buildsAtStart(starts.texts);
    if (atStart) return unmapped(input, needs) ?? atStart;

    // What the build installs and builds.
    const installs = installsOf(model);
    const local = installs.filter((i) => !i.global);
    const hasBuild = buildsInRun(model);
    if (local.length === 0 && !hasBuild) {
      return decline(
        'MSC006',
        'nothing is installed or built with npm, yarn or pnpm here, so a builder stage has nothing to leave behind; a smaller base image (the -slim tag) is the whole change.',
      );
    }
    if (local.some((i) => i.manager === 'bun')) {
      return decline('MSC002', 'the app installs with bun; msconvert handles npm, yarn and pnpm.');
    }

    // Where the app and the modules it resolves live.
    const app = appFolders(model, files, local);
    if ('kind' in app) return app;
    const modules = moduleDirs(input, needs, installs, app);
    if ('kind' in modules) return modules;

    // Production dependencies only, and the global packages the start uses.
    const pruned = pruneStage(
      input,
      needs,
      local,
      modules.moved,
      starts.texts,
      { pkg: appPkg, roots: app.roots, starts: starts.commands },
      said,
    );
    const globals = globalReinstalls(
      installs.filter((i) => i.global),
      needs,
      appPkg,
      said,
      starts.commands,
    );

    // The runtime image and what it needs.
    const rt = runtimeImage(model.image, input.parsed.stages[0].image);
    if (rt.warning) said.warnings.push({ code: 'MSC104', message: rt.warning });
    const codename = tagCodename(model.image.tag) ?? 'bookworm';
    const allDeps = { ...(appPkg?.dependencies ?? {}), ...(appPkg?.optionalDependencies ?? {}) };
    const ensure = runtimePackages(input, local, allDeps, rt);
    if ('kind' in ensure) return ensure;
    if (!rt.same)
      said.gain.push(
        `${model.image.resolved} -> ${rt.image}: compilers and the full OS toolset stay in the builder`,
      );
    if (hasBuild) said.gain.push('build tools and sources compile in the builder');
    const runLines = modules.linkLines.length + globals.runLines.length;
    const candidates = runtimeCandidates(input, needs, rt, codename, runLines, said);
    if ('kind' in candidates) return candidates;

    const copies = nodeCopies(
      input,
      needs,
      pruned.copyFrom,
      app,
      modules.moduleDirs,
      local,
      allDeps,
    );
    if ('kind' in copies) return copies;
    const outDir = buildOutput(appPkg, (rel) =>
      files.readByImagePath(path.posix.join(workdir, rel)),
    );
    if (outDir) said.notes.push(`build output: ${outDir}`);
    finishGain(said.gain, model, local.length > 0, rt.same && !pruned.pruned);

    return {
      kind: 'plan',
      language: 'node',
      evidence: [],
      candidates,
      copyFrom: pruned.copyFrom,
      copies,
      executables: [],
      builderEdits: [],
      extraStages: pruned.extraStages,
      runLines: [...modules.linkLines, ...globals.runLines],
      providedCommands: globals.providedCommands,
      staticArtifact: false,
      vouched: [],
      warnings: said.warnings,
      notes: said.notes,
      gain: said.gain,
      ensure,
      codename: rt.alpine ? null : codename,
    };
  },
};

/**
 * The decline of a start the rewrite knows (ts-node, tsx, nodemon) but cannot map exactly, with
 * the reason; a code of its own would add nothing to MSC005's "builds when the container starts".
 */
function unmapped(input: ProviderInput, needs: StartNeeds): Decline | null {
  if (input.options.keepStart) return null;
  const s = nodeStart(input, needs);
  if (!s || !('why' in s)) return null;
  return decline(
    'MSC005',
    `the container starts \`${s.runner}\`, which compiles or watches at start, and the rewrite to a build step and node would not be exact: ${s.why}.`,
  );
}

/**
 * With the same image and nothing pruned, building in place gains nothing by itself; what
 * stays behind is the package manager's download cache and global build tools.
 */
function finishGain(
  gain: string[],
  model: ProviderInput['model'],
  installs: boolean,
  nothingLeft: boolean,
): void {
  if (nothingLeft) {
    for (let i = gain.length - 1; i >= 0; i--)
      if (gain[i].startsWith('build tools')) gain.splice(i, 1);
  }
  const cleaned = model.runs.some(
    (r) =>
      /(npm cache clean|yarn cache clean|pnpm store prune|rm -rf? [^&;]*(\.npm|\.cache\/yarn|yarn-cache|\.pnpm-store))/.test(
        r.text,
      ) || r.ins.flags.some((f) => f.name === 'mount' && /type=cache/.test(f.value ?? '')),
  );
  if (installs && !cleaned) gain.push('the package download cache stays in the builder');
}
