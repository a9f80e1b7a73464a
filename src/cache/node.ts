// npm, Yarn 1 and pnpm: `npm ci` needs package.json and the lock file only, unless the
// package runs its own lifecycle scripts, lists local (file:, link:, workspace:) packages or
// is a workspace; Yarn 2+ and pnpm hooks read more of the repository.
import { templateJson } from '../data';
import { fileDependencies, workspaceManifests, type LocalInputs } from './node-local';
import {
  isLocalPath,
  type DepInputs,
  type DepManager,
  type DepView,
  type Keep,
  type Role,
} from './types';

interface CacheData {
  lifecycleScripts: string[];
  nodeFiles: Record<'npm' | 'yarn' | 'pnpm', string[]>;
}

const data = (): CacheData => templateJson<CacheData>('cache.json');

type Pm = 'npm' | 'yarn' | 'pnpm';

/** Options that move the install to another folder: the step would not run where it seems. */
const ELSEWHERE = /^(--prefix|-C|--dir|--cwd|--cache|--modules-folder)(=|$)/;

function positionals(args: string[]): string[] {
  return args.filter((a) => !a.startsWith('-'));
}

function classifyNode(argv: string[]): { pm: Pm; role: Role } | null {
  const [cmd, sub, ...rest] = argv;
  const name = cmd?.replace(/^.*\//, '');
  if (argv.slice(1).some((a) => ELSEWHERE.test(a))) return null;
  if (name === 'corepack') return { pm: 'npm', role: 'setup' };
  if (name === 'npm') {
    if (
      ['ci', 'clean-install', 'install-clean', 'ic'].includes(sub ?? '') &&
      positionals(rest).length === 0
    )
      return { pm: 'npm', role: 'install' };
    if (['install', 'i', 'add'].includes(sub ?? '')) {
      const pos = positionals(rest);
      if (pos.length === 0) return { pm: 'npm', role: 'install' };
      // A global tool (npm install -g pnpm) reads nothing from the build.
      if (rest.some((a) => a === '-g' || a === '--global') && !pos.some(isLocalPath))
        return { pm: 'npm', role: 'setup' };
      return null;
    }
    if ((sub === 'cache' && rest[0] === 'clean') || (sub === 'config' && rest[0] === 'set'))
      return { pm: 'npm', role: 'setup' };
    return null;
  }
  if (name === 'yarn') {
    if (sub === undefined || (sub.startsWith('-') && positionals(argv.slice(1)).length === 0))
      return { pm: 'yarn', role: 'install' };
    if (sub === 'install' && positionals(rest).length === 0) return { pm: 'yarn', role: 'install' };
    if ((sub === 'config' && rest[0] === 'set') || (sub === 'cache' && rest[0] === 'clean'))
      return { pm: 'yarn', role: 'setup' };
    return null;
  }
  if (name === 'pnpm') {
    if (['install', 'i', 'fetch'].includes(sub ?? '') && positionals(rest).length === 0)
      return { pm: 'pnpm', role: 'install' };
    if (sub === 'config' && rest[0] === 'set') return { pm: 'pnpm', role: 'setup' };
    return null;
  }
  return null;
}

interface PackageJson {
  scripts?: Record<string, unknown>;
  workspaces?: unknown;
  packageManager?: string;
  pnpm?: { patchedDependencies?: unknown };
  [deps: string]: unknown;
}

function nodeInputs(view: DepView, commands: string[][]): DepInputs | Keep {
  const installs = commands
    .map((c) => ({ argv: c, k: classifyNode(c) }))
    .filter((x) => x.k?.role === 'install');
  const pms = new Set(installs.map((x) => x.k?.pm));
  if (pms.size !== 1) return { keep: 'the step runs more than one package manager' };
  const pm = [...pms][0] as Pm;
  const text = view.read('package.json');
  if (text === null) return { keep: 'package.json is not in the build where the install runs' };
  let pkg: PackageJson;
  try {
    pkg = JSON.parse(text.replace(/^\uFEFF/, '')) as PackageJson;
  } catch {
    return { keep: 'package.json cannot be read as JSON' };
  }
  const ignoreScripts = installs.every((x) => x.argv.includes('--ignore-scripts'));
  if (!ignoreScripts) {
    const script = data().lifecycleScripts.find((s) => typeof pkg.scripts?.[s] === 'string');
    if (script)
      return {
        keep: `package.json has a "${script}" script, which runs during the install and may read any file of the sources`,
      };
  }
  // Packages of the repository itself: file: folders and workspaces, when provably read whole.
  const scripts = data().lifecycleScripts;
  const local = fileDependencies(view, pkg, scripts, ignoreScripts);
  if (local && 'keep' in local) return local;
  const ws = workspaceManifests(view, pkg, scripts, ignoreScripts, pm === 'pnpm');
  if (ws && 'keep' in ws) return ws;
  if (pm === 'yarn') {
    const major = /^yarn@(\d+)/.exec(pkg.packageManager ?? '')?.[1];
    if (view.present('.yarnrc.yml') || (major && Number(major) >= 2))
      return {
        keep: 'Yarn 2+ (.yarnrc.yml or packageManager) reads its release, plugins and patches from the repository',
      };
  }
  if (pm === 'pnpm') {
    if (view.present('.pnpmfile.cjs'))
      return { keep: '.pnpmfile.cjs runs during the install and may read any file' };
    if (pkg.pnpm?.patchedDependencies)
      return { keep: 'pnpm.patchedDependencies applies patch files from the sources' };
  }
  const npmrc = view.read('.npmrc');
  if (npmrc && /=\s*(\.{1,2}\/|\$\{)/m.test(npmrc))
    return { keep: '.npmrc names a file of the sources or an environment variable' };
  // Yarn 1's offline mirror (yarn-offline-mirror "./npm-packages-offline-cache") is a folder.
  const yarnrc = pm === 'yarn' ? view.read('.yarnrc') : null;
  if (yarnrc && /(^|\s)"?\.{1,2}\//m.test(yarnrc))
    return { keep: '.yarnrc names a folder of the sources (an offline mirror)' };
  const extra = [local, ws].filter((x): x is LocalInputs => x !== null);
  const pnpmWs =
    pm === 'pnpm' && view.present('pnpm-workspace.yaml') ? ['pnpm-workspace.yaml'] : [];
  return {
    files: [...data().nodeFiles[pm], ...pnpmWs, ...extra.flatMap((x) => x.files)],
    required: ['package.json', ...pnpmWs, ...extra.flatMap((x) => x.files)],
    dirs: extra.flatMap((x) => x.dirs),
    outputs: [`${view.cwd.replace(/\/$/, '')}/node_modules`, ...extra.flatMap((x) => x.outputs)],
  };
}

export const nodeManager: DepManager = {
  id: 'node',
  names:
    /^(package\.json|package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|pnpm-workspace\.yaml|\.npmrc|\.yarnrc(\.yml)?|\.pnpmfile\.cjs|\.yarn)$/,
  classify: (argv) => classifyNode(argv)?.role ?? null,
  inputs: nodeInputs,
};
