// Node: the app folders (with node_modules at the same absolute paths) from the builder,
// production dependencies only, on the slim variant of the same Node image.
import { isPlaywrightInstall } from '../../analysis/effects';
import { detection } from '../detect';
import * as path from 'path';
import type { Warning } from '../../codes';
import { builderKey, tagAlpine, tagCodename, type ImageRef } from '../../analysis/image';
import type { StartNeeds } from '../../analysis/needs';
import { allCommands, startCommands, type Command } from '../../analysis/stage';
import { commandName, simpleCommands } from '../../shell';
import { images, packages, templateJson, type RuntimeFacts } from '../../data';
import { sourceToolPackages } from '../../analysis/spawned';
import { followModules, lookupFolders, pnpCache } from './modules';
import { loadedPackages, type Loaded } from './graph';
import { nativeNeeds, scriptedPackages } from './native';
import {
  decline,
  type CopySpec,
  type Decline,
  type Detection,
  type Provider,
  type ProviderInput,
  type ProviderPlan,
} from '../contract';

interface NodeData {
  builderImages: string[];
  devServers: string[];
  buildAtStart: string[];
  nativeModules: Record<string, string[]>;
  selfContained: string[];
  bins: Record<string, string[]>;
  runtimeCommands: string[];
}
const data = () => templateJson<NodeData>('node.json');

interface PackageJson {
  name?: string;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  packageManager?: string;
  workspaces?: unknown;
}

type Manager = 'npm' | 'yarn' | 'pnpm' | 'bun';

interface Install {
  cmd: Command;
  manager: Manager;
  global: boolean;
  prodOnly: boolean;
  /** Packages named on the command line (npm install x y). */
  named: string[];
  /** The folder the install fills (…/node_modules), or null when msconvert cannot tell. */
  modules: string | null;
}

const OFFICIAL =
  /^(?:(?:docker\.io|index\.docker\.io|registry-1\.docker\.io)\/)?(?:library\/)?node$|^(?:public\.ecr\.aws\/docker\/library|mcr\.microsoft\.com\/mirror\/docker\/library|mirror\.gcr\.io\/library)\/node$/;

function managerOf(word: string | undefined): Manager | null {
  const n = commandName(word);
  if (n === 'npm' || n === 'yarn' || n === 'pnpm' || n === 'bun') return n;
  return null;
}

const VALUED = new Set(['--prefix', '-C', '--cwd', '--dir', '--modules-folder', '--filter', '-F']);

function readInstall(cmd: Command): Install | null {
  let argv = cmd.argv;
  // corepack pnpm install / npx pnpm install
  if ((commandName(argv[0]) === 'corepack' || commandName(argv[0]) === 'npx') && managerOf(argv[1]))
    argv = argv.slice(1);
  const manager = managerOf(argv[0]);
  if (!manager) return null;
  const args = argv.slice(1);
  // Options that take a value: their value is neither the subcommand nor a package.
  const words = args.filter(
    (a, i) => !VALUED.has(a) && !(i > 0 && VALUED.has(args[i - 1]) && !a.startsWith('-')),
  );
  const sub = words.find((a) => !a.startsWith('-'));
  const flags = args.filter((a) => a.startsWith('-'));
  let isInstall = false;
  let global =
    flags.includes('-g') || flags.includes('--global') || flags.includes('--location=global');
  if (manager === 'npm')
    isInstall = ['ci', 'install', 'i', 'add', 'clean-install', 'isntall'].includes(sub ?? '');
  else if (manager === 'yarn') {
    if (sub === 'global' && words[words.indexOf(sub) + 1] === 'add') {
      isInstall = true;
      global = true;
    } else isInstall = sub === undefined || sub === 'install' || sub === 'add';
  } else isInstall = ['install', 'i', 'add'].includes(sub ?? '');
  if (!isInstall) return null;
  const prodOnly =
    flags.some((f) => /^--(omit=dev|production|prod|only=prod(uction)?)$/.test(f) || f === '-P') ||
    cmd.vars.NODE_ENV === 'production' ||
    (cmd.vars.npm_config_production ?? '') === 'true';
  const subIndex = sub ? words.indexOf(sub) : -1;
  const named =
    subIndex >= 0 ? words.slice(subIndex + 1).filter((a) => !a.startsWith('-') && a !== 'add') : [];
  return {
    cmd,
    manager,
    global,
    prodOnly,
    named,
    modules: modulesFolder(cmd, manager, global, args),
  };
}

/** The value of an option given as `--name value` or `--name=value`. */
function optionValue(args: string[], names: string[]): string | null {
  for (let i = 0; i < args.length; i++) {
    for (const n of names) {
      if (args[i] === n) return args[i + 1] ?? null;
      if (args[i].startsWith(`${n}=`)) return args[i].slice(n.length + 1);
    }
  }
  return null;
}

/** Where an install puts its modules: --prefix, --cwd, --dir, --modules-folder, or global. */
function modulesFolder(
  cmd: Command,
  manager: Manager,
  global: boolean,
  args: string[],
): string | null {
  const at = (p: string) => path.posix.resolve(cmd.cwd, p);
  if (global) {
    if (manager !== 'npm') return null;
    const prefix =
      optionValue(args, ['--prefix']) ?? cmd.vars.NPM_CONFIG_PREFIX ?? cmd.vars.npm_config_prefix;
    return `${at(prefix || '/usr/local')}/lib/node_modules`;
  }
  if (manager === 'npm') {
    const prefix = optionValue(args, ['--prefix', '-C']);
    return `${at(prefix ?? '.')}/node_modules`.replace(/^\/\/+/, '/');
  }
  if (manager === 'yarn') {
    const folder = optionValue(args, ['--modules-folder']);
    if (folder) return at(folder);
    return `${at(optionValue(args, ['--cwd']) ?? '.')}/node_modules`.replace(/^\/\/+/, '/');
  }
  if (manager === 'pnpm') {
    return `${at(optionValue(args, ['--dir', '-C']) ?? '.')}/node_modules`.replace(/^\/\/+/, '/');
  }
  return null;
}

function pkgBase(spec: string): string {
  // @scope/name@1.2.3 -> @scope/name ; name@^1 -> name
  const at = spec.indexOf('@', spec.startsWith('@') ? 1 : 0);
  return at > 0 ? spec.slice(0, at) : spec;
}

function binsOf(pkg: string): string[] {
  return data().bins[pkg] ?? [pkg.replace(/^@[^/]+\//, '')];
}

/** The runtime image for a Node builder: the slim variant of the same tag, Alpine stays Alpine. */
function runtimeImage(
  image: ImageRef,
  raw: string,
): { image: string; same: boolean; alpine: boolean; warning?: string } {
  const tag = image.tag;
  let base = raw;
  let warning: string | undefined;
  if (image.digest) {
    base = raw.slice(0, raw.indexOf('@'));
    warning = `the builder image is pinned by digest; the runtime image ${base} is not, pin it once the diff is accepted.`;
  }
  if (!OFFICIAL.test(image.repository))
    return { image: raw, same: true, alpine: tagAlpine(tag) !== null };
  if (tag !== null && tagAlpine(tag) !== null)
    return { image: base, same: !warning, alpine: true, warning };
  if (tag !== null && /(^|-)slim($|-)/.test(tag))
    return { image: base, same: !warning, alpine: false, warning };
  if (tag === null || tag === 'latest') {
    const repo = base.replace(/:latest$/, '');
    return { image: `${repo}:slim`, same: false, alpine: false, warning };
  }
  return { image: `${base}-slim`, same: false, alpine: false, warning };
}

function scriptChain(pkg: PackageJson | null, name: string, seen = new Set<string>()): string[] {
  const scripts = pkg?.scripts ?? {};
  if (seen.has(name) || scripts[name] === undefined) return [];
  seen.add(name);
  const out: string[] = [];
  for (const phase of [`pre${name}`, name, `post${name}`]) {
    const text = scripts[phase];
    if (text === undefined) continue;
    out.push(text);
    for (const c of simpleCommands(text)) {
      const m = managerOf(c.argv[0]);
      if (!m) continue;
      const runIdx = c.argv[1] === 'run' || c.argv[1] === 'run-script' ? 2 : 1;
      const target = c.argv[runIdx];
      if (
        target &&
        target !== name &&
        (runIdx === 2 || ['start', 'test'].includes(target) || m === 'yarn' || m === 'pnpm')
      ) {
        for (const item of scriptChain(pkg, target, seen)) out.push(item);
      }
    }
  }
  return out;
}

/** The npm script a start command runs (npm start, yarn serve, pnpm run x), or null. */
function scriptOf(argv: string[]): string | null {
  const m = managerOf(argv[0]);
  if (!m || m === 'bun') return null;
  const args = argv.slice(1).filter((a) => !a.startsWith('-'));
  if (args[0] === 'start' || args[0] === 'test') return args[0];
  if (args[0] === 'run' || args[0] === 'run-script') return args[1] ?? null;
  if (
    (m === 'yarn' || m === 'pnpm') &&
    args[0] &&
    !['install', 'add', 'global', 'exec', 'dlx', 'node'].includes(args[0])
  )
    return args[0];
  return null;
}

const RUNNERS = new Set(['npx', 'exec', 'dlx', 'pnpx', 'bunx']);

/** True when a command in the text is the phrase, also behind npx / yarn exec / pnpm dlx. */
function containsPhrase(text: string, phrase: string): boolean {
  const words = simpleCommands(text).map((c) => {
    let argv = c.argv.map(commandName).filter((w) => !w.startsWith('-'));
    while (
      argv.length > 1 &&
      (RUNNERS.has(argv[0]) || (managerOf(argv[0]) && RUNNERS.has(argv[1])))
    ) {
      argv = RUNNERS.has(argv[0]) ? argv.slice(1) : argv.slice(2);
    }
    return argv.join(' ');
  });
  return words.some((w) => w === phrase || w.startsWith(`${phrase} `));
}

// Folders the base image fills (or that hold other software), which a runtime stage must not
// copy whole. /usr/src is not among them: Debian's and Alpine's base images leave it empty
// and the Node images put nothing there, so what it holds the build put there, and
// `WORKDIR /usr/src` apps are copied whole like `WORKDIR /app` ones.
const SYSTEM_DIRS = [
  '/usr',
  '/bin',
  '/sbin',
  '/lib',
  '/lib64',
  '/etc',
  '/var',
  '/opt',
  '/home',
  '/root',
  '/srv',
  '/tmp',
  '/usr/local',
  '/usr/local/bin',
  '/usr/local/lib',
];

export const nodeProvider: Provider = {
  id: 'node',
  name: 'Node.js',

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
    const d = data();
    const warnings: Warning[] = [];
    const notes: string[] = [];
    const gain: string[] = [];
    const workdir = model.cwd;
    const pkgAt = (dir: string): PackageJson | null => {
      const text = files.readByImagePath(path.posix.join(dir, 'package.json'));
      if (text === null) return null;
      try {
        return JSON.parse(text.replace(/^\uFEFF/, '')) as PackageJson;
      } catch {
        return null;
      }
    };
    const appPkg = pkgAt(workdir) ?? ctx.readJson<PackageJson>('package.json') ?? null;

    // What the container runs at start, npm scripts followed.
    const startTexts: string[] = [];
    const starts: { argv: string[]; cwd: string }[] = [];
    for (const c of needs.commands) {
      if (c.from === 'HEALTHCHECK') continue;
      startTexts.push(c.argv.join(' '));
      const script = scriptOf(c.argv);
      if (!script) starts.push({ argv: c.argv, cwd: c.cwd });
      if (script) {
        const chain = scriptChain(appPkg, script);
        for (const t of chain)
          for (const sc of simpleCommands(t)) starts.push({ argv: sc.argv, cwd: workdir });
        if (chain.length === 0 && appPkg) {
          return decline(
            'MSC008',
            `${c.from} runs the script "${script}", which package.json does not define.`,
          );
        }
        for (const item of chain) startTexts.push(item);
        if (c.from !== 'script') {
          warnings.push({
            code: 'MSC101',
            message: `the container starts through \`${c.argv.slice(0, 2).join(' ')}\`; running node directly (CMD ["node", ...]) lets the app receive SIGTERM and stop cleanly.`,
          });
        }
      }
    }
    for (const text of startTexts) {
      for (const phrase of d.devServers) {
        if (containsPhrase(text, phrase)) {
          return decline(
            'MSC005',
            `the container starts \`${phrase}\`, a development server or on-the-fly compiler; a runtime stage would lose the tools it needs (build it in a RUN step and start the output with node).`,
          );
        }
      }
      for (const phrase of d.buildAtStart) {
        if (containsPhrase(text, phrase)) {
          return decline(
            'MSC005',
            `the container runs \`${phrase}\` when it starts, so it needs the build tools at run time; move that step into a RUN instruction.`,
          );
        }
      }
    }

    const installs = allCommands(model)
      .map(readInstall)
      .filter((i): i is Install => i !== null);
    const local = installs.filter((i) => !i.global);
    const globals = installs.filter((i) => i.global);
    const hasBuild = model.runs.some((r) =>
      r.commands.some((c) => {
        const s = scriptOf(c.argv);
        return (
          (s !== null && s !== 'start' && s !== 'test') ||
          [
            'tsc',
            'webpack',
            'esbuild',
            'vite',
            'next',
            'ng',
            'nest',
            'rollup',
            'tsup',
            'babel',
            'parcel',
            'prisma',
          ].includes(commandName(c.argv[c.argv[0] === 'npx' ? 1 : 0]))
        );
      }),
    );
    if (local.length === 0 && !hasBuild) {
      return decline(
        'MSC006',
        'nothing is installed or built with npm, yarn or pnpm here, so a builder stage has nothing to leave behind; a smaller base image (the -slim tag) is the whole change.',
      );
    }
    if (local.some((i) => i.manager === 'bun')) {
      return decline('MSC002', 'the app installs with bun; msconvert handles npm, yarn and pnpm.');
    }

    // Folders that make up the app: where dependencies were installed, the final WORKDIR,
    // and everything copied from the context outside system folders.
    const dirs = new Set<string>([
      workdir,
      ...local.map((i) => (i.modules ? path.posix.dirname(i.modules) : i.cmd.cwd)),
    ]);
    const singleFiles: string[] = [];
    for (const t of files.targets()) {
      const top = t.split('/').slice(0, 2).join('/') || '/';
      if (SYSTEM_DIRS.includes(path.posix.dirname(t)) && !dirs.has(t)) {
        // A file put in a system folder (an entrypoint script in /usr/local/bin): that file only.
        if (!SYSTEM_DIRS.includes(t)) singleFiles.push(t);
      } else if (!SYSTEM_DIRS.includes(top) || path.posix.dirname(t) !== '/') {
        dirs.add(SYSTEM_DIRS.includes(t) ? t : t);
      }
    }
    // A folder copied into one of them (`WORKDIR /opt` + `COPY . .`) mixes the app with the
    // image's own files: copying the folder would carry the image's, copying nothing loses the app.
    const mixed = files
      .targets()
      .find((t) => SYSTEM_DIRS.includes(t) && files.list(t).some((n) => n !== 'node_modules/'));
    if (mixed && mixed !== '/') {
      return decline(
        'MSC012',
        `the app's files are copied into ${mixed}, a folder the base image also fills, so msconvert cannot tell the app's files from the image's; copy the app into a folder of its own (WORKDIR /app) and convert again.`,
      );
    }
    for (const dir of [...dirs]) if (SYSTEM_DIRS.includes(dir)) dirs.delete(dir);
    if (dirs.has('/') || workdir === '/') {
      return decline(
        'MSC012',
        "the app is installed in the filesystem root (no WORKDIR), so msconvert cannot tell its files from the image's; set a WORKDIR such as /app and convert again.",
      );
    }
    const roots = [...dirs]
      .sort()
      .filter((d2, i, all) => !all.slice(0, i).some((p) => d2.startsWith(`${p}/`)));

    // Module folders the app resolves through (its folders' parents, NODE_PATH, home)
    // reach the runtime at their own path, wherever the build installed, moved or linked them.
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
      startEnv
        ? { ...model.env, NODE_PATH: `${startEnv}:${model.env.NODE_PATH ?? ''}` }
        : model.env,
      workdir,
    );
    const moduleDirs: string[] = [];
    const linkLines: string[] = [];
    for (const f of followed.filled)
      if (lookups.includes(f) && !covered(f) && !moduleDirs.includes(f)) moduleDirs.push(f);
    for (const l of followed.links) {
      if (!lookups.includes(l.link) && !covered(l.link)) continue;
      if (!covered(l.target) && !moduleDirs.includes(l.target)) moduleDirs.push(l.target);
      if (!covered(l.link))
        linkLines.push(`RUN mkdir -p ${path.posix.dirname(l.link)} && ln -s ${l.target} ${l.link}`);
    }
    // pnpm links node_modules into its virtual store (node_modules/.pnpm unless .npmrc moves
    // it, or the variable does): a store outside the app leaves the links dangling.
    for (const inst of local.filter((i) => i.manager === 'pnpm')) {
      const project = inst.modules ? path.posix.dirname(inst.modules) : inst.cmd.cwd;
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
      if (!covered(dir) && !moduleDirs.includes(dir)) moduleDirs.push(dir);
    }
    // Yarn Plug'n'Play reads its packages from the cache folder.
    for (const inst of local.filter((i) => i.manager === 'yarn')) {
      const project = inst.modules ? path.posix.dirname(inst.modules) : inst.cmd.cwd;
      const yarnrc = files.readByImagePath(path.posix.join(project, '.yarnrc.yml'));
      const pm = pkgAt(project)?.packageManager;
      if (yarnrc === null && !/^yarn@[2-9]/.test(pm ?? '')) continue;
      const run = model.runs.find((r) => r.commands.includes(inst.cmd));
      const user = run?.user;
      const home =
        inst.cmd.vars.HOME ??
        (!user || /^(root|0)(:.*)?$/.test(user) ? '/root' : `/home/${user.split(':')[0]}`);
      const cache = pnpCache(yarnrc, pm, inst.cmd.vars, project, home);
      if ('unknown' in cache) return decline('MSC017', `${cache.unknown}.`);
      if (cache.folder && !covered(cache.folder) && !moduleDirs.includes(cache.folder))
        moduleDirs.push(cache.folder);
    }
    const untracked = installs.find((i) => i.modules === null);
    const nodePath = (model.env.NODE_PATH ?? '').split(':').filter(Boolean);
    if (untracked && nodePath.some((e) => !covered(path.posix.resolve(workdir, e)))) {
      return decline(
        'MSC017',
        `the app finds modules through NODE_PATH=${model.env.NODE_PATH}, and msconvert cannot tell where \`${untracked.cmd.argv.join(' ')}\` put its modules.`,
      );
    }

    // Production dependencies only: prune in a stage derived from the builder.
    const extraStages: string[][] = [];
    let copyFrom = input.builderName;
    const prune: string[] = [];
    let loaded: Loaded | null = null;
    for (const inst of local) {
      const home = inst.modules ? path.posix.dirname(inst.modules) : inst.cmd.cwd;
      // Pruning without the package.json that made the install would remove everything.
      const pkg = pkgAt(home);
      // Type packages install no commands; the rest may be run by the start command.
      const dev = Object.keys(pkg?.devDependencies ?? {});
      const runnable = dev.filter((dep) => !dep.startsWith('@types/'));
      if (inst.prodOnly || dev.length === 0 || inst.named.length > 0) continue;
      const usedDev = runnable.find((dep) =>
        startTexts.some((t) =>
          binsOf(dep).some((b) =>
            new RegExp(
              `(^|[\\s/'"=])${b.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[\\s'"@/])`,
            ).test(t),
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
        followed.moved.has(inst.cmd.cwd) ||
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
      loaded ??= appLoads(input, needs, appPkg, roots, starts);
      const verdict = pruneVerdict(loaded, pkg, readLock(files, home), inst.manager);
      if (verdict) {
        warnings.push(verdict);
        continue;
      }
      prune.push(`WORKDIR ${home}`, `RUN ${line}`);
    }
    if (prune.length > 0) {
      copyFrom = 'production-deps';
      const stage = [`FROM ${input.builderName} AS ${copyFrom}`];
      const user = model.user;
      if (user && !/^(root|0)(:.*)?$/.test(user)) stage.push('USER root');
      for (const item of prune) stage.push(item);
      extraStages.push(stage);
      gain.push('devDependencies are pruned');
      notes.push('devDependencies removed in the production-deps stage');
    }

    // Global packages the start commands use are installed again; build tools stay behind.
    const runLines: string[] = [...linkLines];
    const providedCommands: string[] = [];
    for (const g of globals) {
      const used = g.named.filter((spec) =>
        binsOf(pkgBase(spec)).some((b) =>
          needs.commands.some((c) => commandName(c.word) === b || c.argv.includes(b)),
        ),
      );
      if (used.length === 0) {
        if (g.named.length > 0)
          gain.push(`global build tools (${g.named.join(', ')}) stay in the builder`);
        continue;
      }
      const m =
        g.manager === 'yarn'
          ? 'yarn global add'
          : g.manager === 'pnpm'
            ? 'pnpm add -g'
            : 'npm install -g';
      runLines.push(`RUN ${m} ${used.join(' ')}`);
      for (const spec of used) for (const bin of binsOf(pkgBase(spec))) providedCommands.push(bin);
      warnings.push({
        code: 'MSC106',
        message: `${used.join(', ')} installed again with ${m} in the runtime stage, since the container runs it.`,
      });
    }
    if (
      needs.commands.some((c) => commandName(c.word) === 'pnpm') &&
      !providedCommands.includes('pnpm')
    ) {
      const pm = appPkg?.packageManager;
      runLines.push(
        pm && pm.startsWith('pnpm@')
          ? `RUN corepack enable && corepack prepare ${pm} --activate`
          : 'RUN corepack enable',
      );
      providedCommands.push('pnpm', 'pnpx');
    }

    // The runtime image and what it needs.
    const rt = runtimeImage(model.image, input.parsed.stages[0].image);
    if (rt.warning) warnings.push({ code: 'MSC104', message: rt.warning });
    const codename = tagCodename(model.image.tag) ?? 'bookworm';
    const allDeps = { ...(appPkg?.dependencies ?? {}), ...(appPkg?.optionalDependencies ?? {}) };
    const ensure: string[] = [];
    if (!rt.alpine) {
      // Native addons and downloaded engines: the libraries they link. An Alpine runtime is
      // the builder's own image, where the apk packages the build added are carried as such.
      const scripted = local.map((i) =>
        scriptedPackages(
          files.readByImagePath(
            path.posix.join(
              i.modules ? path.posix.dirname(i.modules) : i.cmd.cwd,
              'package-lock.json',
            ),
          ),
        ),
      );
      const native = nativeNeeds(
        d,
        Object.keys(allDeps),
        scripted.every((x) => x === null) ? null : scripted.flatMap((x) => x ?? []),
      );
      for (const item of native.ensure) ensure.push(item);
      if (
        native.unknown.length > 0 &&
        !rt.same &&
        (!input.options.runtime || ['slim', 'alpine'].includes(input.options.runtime))
      ) {
        const names = native.unknown.slice(0, 3).join(', ');
        return decline(
          'MSC018',
          `${names} ${native.unknown.length > 1 ? 'run install scripts' : 'runs an install script'} (a native addon or a downloaded binary) whose shared libraries msconvert cannot tell; ${model.image.resolved} may have libraries ${rt.image} lacks. Keep the builder's image with --runtime ${input.parsed.stages[0].image}, or convert by hand and check with msconvert --verify.`,
        );
      }
    }
    if (!rt.alpine) {
      const tools = images().builders[builderKey(model.image.name, model.image.tag)]?.tools ?? [];
      for (const item of sourceToolPackages(ctx, tools, 'js', packages().commands.apt))
        ensure.push(item);
    }
    if (!rt.same)
      gain.push(
        `${model.image.resolved} -> ${rt.image}: compilers and the full OS toolset stay in the builder`,
      );
    if (hasBuild) gain.push('build tools and sources compile in the builder');

    const official = OFFICIAL.test(model.image.repository);
    const facts: RuntimeFacts = {
      ...(rt.alpine ? images().runtimes.alpine : images().runtimes['debian-slim']),
      image: rt.image,
      users: [...images().builders.node.users],
      sizeMB: rt.alpine
        ? images().builders['node-alpine'].sizeMB
        : images().builders['node-slim'].sizeMB,
    };
    let candidates = [
      {
        image: rt.image,
        facts,
        why: rt.same
          ? `the builder is already ${model.image.resolved}; the runtime keeps it`
          : `the slim variant of the builder's Node image (same Node version and ${rt.alpine ? 'musl' : `Debian ${codename}`})`,
        commands: official ? d.runtimeCommands : [],
      },
    ];
    const override = input.options.runtime;
    if (override) {
      if (override === 'scratch' || override === 'distroless') {
        return decline(
          'MSC011',
          `--runtime ${override} has no Node.js; use slim, alpine or a node image.`,
        );
      }
      if (override === 'alpine' && !rt.alpine) {
        return decline(
          'MSC011',
          '--runtime alpine would run modules built against glibc on musl; build on node:<version>-alpine instead.',
        );
      }
      if (override !== 'slim' && override !== 'alpine') {
        candidates = [
          { ...candidates[0], image: override, why: `chosen with --runtime ${override}` },
        ];
        warnings.push({
          code: 'MSC109',
          message: `the runtime image ${override} was given with --runtime; msconvert assumes it has the same Node.js, a shell and the same package manager as ${rt.image}.`,
        });
      }
    }

    const copies: CopySpec[] = roots.map((r) => ({
      from: copyFrom,
      src: r,
      dest: r,
      why: local.some((i) => i.cmd.cwd === r || i.cmd.cwd.startsWith(`${r}/`))
        ? 'app with its node_modules'
        : 'app files',
    }));
    for (const dir of moduleDirs) {
      copies.push({
        from: copyFrom,
        src: dir,
        dest: dir,
        why: 'node_modules the app resolves require() through',
      });
    }
    for (const f of singleFiles) {
      if (!roots.some((r) => f.startsWith(`${r}/`)))
        copies.push({
          from: copyFrom,
          src: f,
          dest: f,
          why: 'copied into a system folder by the original',
        });
    }
    for (const s of needs.scripts) {
      if (!copies.some((c) => c.src === s.imagePath || s.imagePath.startsWith(`${c.src}/`))) {
        copies.push({
          from: copyFrom,
          src: s.imagePath,
          dest: s.imagePath,
          why: 'script run at start',
        });
      }
    }
    // Browsers that npm packages download into the user's home during the install.
    const browserCopy = browserCaches(input, local, allDeps);
    if ('kind' in browserCopy) return browserCopy;
    for (const dir of browserCopy) {
      if (!copies.some((c) => dir === c.dest || dir.startsWith(`${c.dest}/`))) {
        copies.push({
          from: copyFrom,
          src: dir,
          dest: dir,
          why: 'browser downloaded by the install',
        });
      }
    }
    const outDir = buildOutput(appPkg, (rel) =>
      files.readByImagePath(path.posix.join(workdir, rel)),
    );
    if (outDir) notes.push(`build output: ${outDir}`);

    // With the same image and nothing pruned, building in place gains nothing by itself;
    // what stays behind is the package manager's download cache and global build tools.
    if (rt.same && prune.length === 0) {
      for (let i = gain.length - 1; i >= 0; i--)
        if (gain[i].startsWith('build tools')) gain.splice(i, 1);
    }
    const cleaned = model.runs.some(
      (r) =>
        /(npm cache clean|yarn cache clean|pnpm store prune|rm -rf? [^&;]*(\.npm|\.cache\/yarn|yarn-cache|\.pnpm-store))/.test(
          r.text,
        ) || r.ins.flags.some((f) => f.name === 'mount' && /type=cache/.test(f.value ?? '')),
    );
    if (local.length > 0 && !cleaned) gain.push('the package download cache stays in the builder');

    return {
      kind: 'plan',
      language: 'node',
      evidence: [],
      candidates,
      copyFrom,
      copies,
      executables: [],
      builderEdits: [],
      extraStages,
      runLines,
      providedCommands,
      staticArtifact: false,
      vouched: [],
      warnings,
      notes,
      gain,
      ensure,
      codename: rt.alpine ? null : codename,
    };
  },
};

const START_WRAPPERS = new Set([
  'tini',
  'tini-static',
  'dumb-init',
  'docker-entrypoint.sh',
  'catatonit',
]);
const SWITCH_USER = new Set(['gosu', 'su-exec', 'chpst']);
/** Options of node that take the next word as their value. */
const NODE_VALUED = new Set([
  '-r',
  '--require',
  '--import',
  '--loader',
  '--experimental-loader',
  '--env-file',
  '--title',
  '-C',
  '--conditions',
  '--input-type',
  '--inspect-port',
]);

/**
 * The files and modules the start commands load: node's script and its -r/--import
 * preloads, the script a process manager starts, scripts run through their shebang.
 */
function appLoads(
  input: ProviderInput,
  needs: StartNeeds,
  appPkg: PackageJson | null,
  roots: string[],
  starts: { argv: string[]; cwd: string }[],
): Loaded {
  const { files, ctx, model } = input;
  const entries: string[] = [];
  const preloads: string[] = [];
  let opaque: string | null = null;
  let binStart: string | null = null;
  const depNames = new Set([
    ...Object.keys(appPkg?.dependencies ?? {}),
    ...Object.keys(appPkg?.devDependencies ?? {}),
    ...Object.keys(appPkg?.optionalDependencies ?? {}),
  ]);
  const packageBins = new Map<string, string>();
  for (const dep of depNames) for (const b of binsOf(dep)) packageBins.set(b, dep);
  for (const [dep, bins] of Object.entries(data().bins))
    for (const b of bins) if (!packageBins.has(b)) packageBins.set(b, dep);
  // NODE_OPTIONS=--require x applies to every node the container starts.
  const options = (model.env.NODE_OPTIONS ?? '').split(/\s+/).filter(Boolean);
  for (let i = 0; i < options.length; i++) {
    const eq = /^(--require|--import|--loader|--experimental-loader)=(.+)$/.exec(options[i]);
    if (eq) preloads.push(eq[2]);
    else if (
      ['-r', '--require', '--import', '--loader', '--experimental-loader'].includes(options[i])
    )
      preloads.push(options[++i] ?? '');
  }
  for (const s of starts) {
    let argv = s.argv;
    for (;;) {
      const n = commandName(argv[0]);
      if (START_WRAPPERS.has(n)) argv = argv.slice(1);
      else if (SWITCH_USER.has(n)) argv = argv.slice(2);
      else if (['npx', 'pnpx', 'bunx'].includes(n)) argv = argv.slice(1);
      else if (managerOf(n) && ['exec', 'dlx'].includes(argv[1] ?? '')) argv = argv.slice(2);
      else if (argv[0] === '--' || (argv[0]?.startsWith('-') && argv.length > 1))
        argv = argv.slice(1);
      else break;
    }
    const name = commandName(argv[0]);
    if (name === 'node' || name === 'nodejs') {
      for (let i = 1; i < argv.length; i++) {
        const a = argv[i];
        if (NODE_VALUED.has(a)) {
          const v = argv[++i] ?? '';
          if (['-r', '--require', '--import', '--loader', '--experimental-loader'].includes(a))
            preloads.push(v);
          continue;
        }
        const eq = /^(--require|--import|--loader|--experimental-loader)=(.*)$/.exec(a);
        if (eq) {
          preloads.push(eq[2]);
          continue;
        }
        if (a === '-e' || a === '--eval' || a === '-p' || a === '--print') {
          opaque ??= `node ${a} runs inline code`;
          break;
        }
        if (a.startsWith('-')) continue;
        if (!a.includes('$')) entries.push(path.posix.resolve(s.cwd, a));
        else opaque ??= `the script node starts is named through a variable (${a})`;
        break;
      }
      continue;
    }
    if (['pm2', 'pm2-runtime', 'pm2-docker', 'forever'].includes(name)) {
      const target = argv.slice(1).find((a) => !a.startsWith('-') && a !== 'start');
      if (target && /\.(c|m)?js$/.test(target) && !/(ecosystem|config)/.test(target))
        entries.push(path.posix.resolve(s.cwd, target));
      else opaque ??= `${name} starts the app from ${target ?? 'a process file'}`;
      continue;
    }
    const script = needs.scripts.find(
      (x) =>
        commandName(x.interpreter) === 'node' &&
        (x.imagePath === path.posix.resolve(s.cwd, argv[0] ?? '') ||
          commandName(x.imagePath) === name),
    );
    if (script) {
      entries.push(script.imagePath);
      continue;
    }
    const pkg = packageBins.get(name);
    if (pkg && !['npm', 'yarn', 'pnpm', 'corepack'].includes(pkg)) {
      // The package's own code runs; it loads the app's code only through its config file
      // (next.config.js, ecosystem.config.js) or the app's sources, read below.
      preloads.push(pkg);
      binStart ??= `the container starts ${name}, which loads the app's code its own way`;
      const short = pkg.replace(/^@[^/]+\//, '');
      for (const f of ctx.list(files.contextPathOf(s.cwd) ?? '')) {
        if (new RegExp(`^(${name}|${short}|ecosystem)\\.config\\.(c|m)?(j|t)s$`).test(f))
          entries.push(path.posix.join(s.cwd, f));
      }
    }
  }
  // Built output maps back to its TypeScript sources through tsconfig's outDir and rootDir.
  const tsconfig = files.readByImagePath(path.posix.join(model.cwd, 'tsconfig.json'));
  const outDir = tsconfig ? /"outDir"\s*:\s*"([^"]+)"/.exec(tsconfig)?.[1] : undefined;
  const rootDir = tsconfig ? /"rootDir"\s*:\s*"([^"]+)"/.exec(tsconfig)?.[1] : undefined;
  const mapBuilt = (p: string): string | null => {
    if (!outDir) return null;
    const out = path.posix.resolve(model.cwd, outDir);
    if (!p.startsWith(`${out}/`)) return null;
    const rel = p.slice(out.length + 1).replace(/\.(c|m)?js$/, '');
    return path.posix.resolve(model.cwd, rootDir ?? 'src', rel);
  };
  if (entries.length === 0 && !binStart)
    opaque ??= 'the start command runs no JavaScript file msconvert can see';
  // What an opaque start loads is found by reading every source file instead; a package's
  // command started in an app with no JavaScript of its own (a static site) loads only itself.
  return loadedPackages(
    entries,
    preloads,
    files,
    ctx,
    roots,
    mapBuilt,
    opaque ?? binStart,
    !opaque && binStart !== null,
  );
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

/**
 * Puppeteer (19+) downloads Chrome into ~/.cache/puppeteer when it is installed, and
 * `playwright install` puts browsers in ~/.cache/ms-playwright: outside the app folder, so
 * they must be copied too. Declines what cannot be placed.
 */
function browserCaches(
  input: ProviderInput,
  installs: Install[],
  deps: Record<string, string>,
): string[] | Decline {
  const out: string[] = [];
  const home = (user: string | null) =>
    !user || /^(root|0)(:.*)?$/.test(user) ? '/root' : `/home/${user.split(':')[0]}`;
  const puppeteer = deps.puppeteer;
  if (puppeteer && installs.length > 0) {
    const inst = installs[0];
    const run = input.model.runs.find((r) => r.commands.includes(inst.cmd));
    const major = Number(/(\d+)/.exec(puppeteer)?.[1] ?? '0');
    const skipped =
      ['PUPPETEER_SKIP_DOWNLOAD', 'PUPPETEER_SKIP_CHROMIUM_DOWNLOAD'].some(
        (v) => inst.cmd.vars[v],
      ) || inst.cmd.argv.includes('--ignore-scripts');
    const configured = [
      '.puppeteerrc.cjs',
      '.puppeteerrc.js',
      '.puppeteerrc.json',
      '.puppeteerrc',
      'puppeteer.config.cjs',
      'puppeteer.config.js',
    ].some((f) => input.ctx.exists(f));
    if (!skipped && major >= 19) {
      if (configured) {
        return decline(
          'MSC007',
          'Puppeteer is configured by a .puppeteerrc/puppeteer.config file, so msconvert cannot tell where it downloaded Chrome.',
        );
      }
      out.push(inst.cmd.vars.PUPPETEER_CACHE_DIR || `${home(run?.user ?? null)}/.cache/puppeteer`);
    }
  }
  for (const r of input.model.runs) {
    for (const c of r.commands) {
      if (!isPlaywrightInstall(c.argv)) continue;
      const argv = c.argv.map(commandName);
      if (argv.includes('--with-deps') || argv.includes('install-deps')) {
        return decline(
          'MSC009',
          '`playwright install --with-deps` installs OS packages msconvert cannot list; install them with apt-get in the Dockerfile first.',
        );
      }
      out.push(c.vars.PLAYWRIGHT_BROWSERS_PATH || `${home(r.user)}/.cache/ms-playwright`);
    }
  }
  return [...new Set(out)];
}

/** Where the build writes, for the explanation: tsconfig outDir, bundler flags, framework defaults. */
export function buildOutput(
  pkg: PackageJson | null,
  read: (rel: string) => string | null,
): string | null {
  const build = pkg?.scripts?.build;
  if (!build) return null;
  const flag = /(?:--out-?dir|--outDir|--dist-dir|-d|--outfile|-o)[= ]+['"]?([^\s'"]+)/.exec(build);
  if (flag) return flag[1].replace(/\/[^/]*\.(c|m)?js$/, '');
  if (/\btsc\b/.test(build)) {
    const tsconfig = read('tsconfig.json');
    const m = tsconfig ? /"outDir"\s*:\s*"([^"]+)"/.exec(tsconfig) : null;
    return m ? m[1].replace(/^\.\//, '') : '(next to the sources)';
  }
  if (/\bnext build\b/.test(build)) return '.next';
  if (/\breact-scripts build\b/.test(build)) return 'build';
  if (/\b(vite|webpack|parcel|nest|ng) build\b|\bwebpack\b/.test(build)) return 'dist';
  return null;
}
