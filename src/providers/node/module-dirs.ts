// Module folders outside the app's own folders that the app resolves require() through (its
// folders' parents, NODE_PATH, home, pnpm's virtual store, Yarn Plug'n'Play's cache): they
// reach the runtime at their own path, wherever the build installed, moved or linked them.
import * as path from 'path';
import type { StartNeeds } from '../../analysis/needs';
import { allCommands, startCommands } from '../../analysis/stage';
import { decline, type Decline, type ProviderInput } from '../contract';
import type { AppFolders } from './folders';
import { SYSTEM_DIRS } from './folders';
import { projectOf } from './managers';
import { followModules, lookupFolders, pnpCache } from './modules';
import { packageJsonAt, type Install } from './types';

export interface ModuleDirs {
  /** Folders copied at their own path. */
  moduleDirs: string[];
  /** RUN lines that recreate the links the build made into them. */
  linkLines: string[];
  /** Folders whose modules the build moved away (no prune can follow them). */
  moved: Set<string>;
}

export function moduleDirs(
  input: ProviderInput,
  needs: StartNeeds,
  installs: Install[],
  app: AppFolders,
): ModuleDirs | Decline {
  const { model, files } = input;
  const workdir = model.cwd;
  const { roots, singleFiles } = app;
  const local = installs.filter((i) => !i.global);
  const knownDirs = new Set<string>([
    '/',
    ...SYSTEM_DIRS,
    ...model.runs.map((r) => r.workdir),
    ...allCommands(model).map((c) => c.cwd),
    ...files.targets().map((t) => path.posix.dirname(t)),
    ...roots,
  ]);
  const followed = followModules(
    model,
    (c) => {
      const i = installs.find((x) => x.cmd === c);
      return i?.modules ? { cwd: c.cwd, modules: i.modules, global: i.global } : null;
    },
    knownDirs,
  );
  if ('kind' in followed) return followed;
  const covered = (p: string) => roots.some((r) => p === r || p.startsWith(`${r}/`));
  // NODE_PATH given on the start command itself (CMD NODE_PATH=/deps node x.js) counts too.
  const startEnv = startCommands(model).find((c) => c.env.NODE_PATH)?.env.NODE_PATH;
  const lookups = lookupFolders(
    [
      ...roots,
      workdir,
      ...singleFiles.map((f) => path.posix.dirname(f)),
      ...needs.scripts.map((s) => path.posix.dirname(s.imagePath)),
    ],
    startEnv ? { ...model.env, NODE_PATH: `${startEnv}:${model.env.NODE_PATH ?? ''}` } : model.env,
    workdir,
  );
  const dirs: string[] = [];
  const linkLines: string[] = [];
  for (const f of followed.filled)
    if (lookups.includes(f) && !covered(f) && !dirs.includes(f)) dirs.push(f);
  for (const l of followed.links) {
    if (!lookups.includes(l.link) && !covered(l.link)) continue;
    if (!covered(l.target) && !dirs.includes(l.target)) dirs.push(l.target);
    if (!covered(l.link))
      linkLines.push(`RUN mkdir -p ${path.posix.dirname(l.link)} && ln -s ${l.target} ${l.link}`);
  }
  // pnpm links node_modules into its virtual store (node_modules/.pnpm unless .npmrc moves
  // it, or the variable does): a store outside the app leaves the links dangling.
  for (const inst of local.filter((i) => i.manager === 'pnpm')) {
    const project = projectOf(inst);
    const npmrc = files.readByImagePath(path.posix.join(project, '.npmrc')) ?? '';
    const store =
      inst.cmd.vars.npm_config_virtual_store_dir ??
      inst.cmd.vars.NPM_CONFIG_VIRTUAL_STORE_DIR ??
      /^\s*virtual-store-dir\s*=\s*(\S+)/m.exec(npmrc)?.[1];
    if (!store) continue;
    if (store.includes('$') || store.startsWith('~'))
      return decline(
        'MSC017',
        `pnpm's virtual store is set to ${store}, a folder msconvert cannot place, and the app's node_modules links into it.`,
      );
    const dir = path.posix.resolve(project, store);
    if (!covered(dir) && !dirs.includes(dir)) dirs.push(dir);
  }
  // Yarn Plug'n'Play reads its packages from the cache folder.
  for (const inst of local.filter((i) => i.manager === 'yarn')) {
    const project = projectOf(inst);
    const yarnrc = files.readByImagePath(path.posix.join(project, '.yarnrc.yml'));
    const pm = packageJsonAt(files, project)?.packageManager;
    if (yarnrc === null && !/^yarn@[2-9]/.test(pm ?? '')) continue;
    const run = model.runs.find((r) => r.commands.includes(inst.cmd));
    const user = run?.user;
    const home =
      inst.cmd.vars.HOME ??
      (!user || /^(root|0)(:.*)?$/.test(user) ? '/root' : `/home/${user.split(':')[0]}`);
    const cache = pnpCache(yarnrc, pm, inst.cmd.vars, project, home);
    if ('unknown' in cache) return decline('MSC017', `${cache.unknown}.`);
    if (cache.folder && !covered(cache.folder) && !dirs.includes(cache.folder))
      dirs.push(cache.folder);
  }
  const untracked = installs.find((i) => i.modules === null);
  const nodePath = (model.env.NODE_PATH ?? '').split(':').filter(Boolean);
  if (untracked && nodePath.some((e) => !covered(path.posix.resolve(workdir, e)))) {
    return decline(
      'MSC017',
      `the app finds modules through NODE_PATH=${model.env.NODE_PATH}, and msconvert cannot tell where \`${untracked.cmd.argv.join(' ')}\` put its modules.`,
    );
  }
  return { moduleDirs: dirs, linkLines, moved: followed.moved };
}
