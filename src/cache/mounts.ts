// BuildKit cache mounts for package-manager and compiler caches. A cache mount keeps a
// folder between builds and out of the image, so it may only cover folders that hold a
// cache: nothing the image, a later step or the runtime stage reads may live there.
import * as path from 'path';
import type { Command } from '../analysis/stage';
import { goModCache } from './go';
import { pipInstallArgs } from './python';

export interface MountSpec {
  target: string;
  /** Tool the cache belongs to, for the explanation. */
  tool: string;
  /** Caches whose writers do not coordinate get `sharing=locked`. */
  locked?: boolean;
  /** What the folder keeps: downloads, or compiled objects. */
  keeps: 'downloads' | 'compiled objects';
}

const NPM_FETCHING = [
  'ci',
  'clean-install',
  'ic',
  'install',
  'i',
  'add',
  'update',
  'up',
  'exec',
  'x',
  'rebuild',
];
const YARN_FETCHING = ['install', 'add', 'upgrade', 'dlx', 'global', 'import'];

const truthy = (v: string | undefined) => v !== undefined && !/^(|0|false|no|off)$/i.test(v);

/** The cache folders a command uses, as the environment it runs in places them. */
export function cachesOf(cmd: Pick<Command, 'argv' | 'vars' | 'env'>): MountSpec[] {
  const vars = { ...cmd.vars, ...cmd.env };
  const home = vars.HOME || '/root';
  const xdgCache = vars.XDG_CACHE_HOME || path.posix.join(home, '.cache');
  const argv = cmd.argv;
  const name = argv[0]?.replace(/^.*\//, '') ?? '';
  const flagValue = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    if (i >= 0) return argv[i + 1];
    return argv.find((a) => a.startsWith(`${flag}=`))?.slice(flag.length + 1);
  };
  switch (name) {
    case 'npm':
    case 'npx':
      if (name === 'npm' && !NPM_FETCHING.includes(argv[1] ?? '')) return [];
      return [
        {
          tool: 'npm',
          keeps: 'downloads',
          target:
            flagValue('--cache') ||
            vars.npm_config_cache ||
            vars.NPM_CONFIG_CACHE ||
            path.posix.join(home, '.npm'),
        },
      ];
    case 'yarn':
      if (argv[1] !== undefined && !argv[1].startsWith('-') && !YARN_FETCHING.includes(argv[1]))
        return [];
      // Yarn 1 keeps root's cache outside the home folder.
      return [
        {
          tool: 'yarn',
          keeps: 'downloads',
          target:
            flagValue('--cache-folder') || vars.YARN_CACHE_FOLDER || '/usr/local/share/.cache/yarn',
        },
      ];
    case 'pnpm':
      // pnpm keeps its default store on the project's file system and would ignore a mounted
      // one; a store PNPM_HOME places (as pnpm's Docker guide does) is used wherever it is.
      if (!vars.PNPM_HOME || !['install', 'i', 'fetch', 'add'].includes(argv[1] ?? '')) return [];
      return [
        { tool: 'pnpm', keeps: 'downloads', target: path.posix.join(vars.PNPM_HOME, 'store') },
      ];
    case 'go': {
      if (
        !['build', 'install', 'test', 'vet', 'mod', 'get', 'generate', 'list'].includes(
          argv[1] ?? '',
        )
      )
        return [];
      const out: MountSpec[] = [
        { tool: 'go modules', keeps: 'downloads', target: goModCache(vars, home) },
      ];
      if (vars.GOCACHE !== 'off' && argv[1] !== 'mod')
        out.push({
          tool: 'go build',
          keeps: 'compiled objects',
          target: vars.GOCACHE || path.posix.join(xdgCache, 'go-build'),
        });
      return out;
    }
    case 'cargo': {
      if (!['build', 'install', 'fetch', 'test', 'check', 'rustc', 'doc'].includes(argv[1] ?? ''))
        return [];
      const cargoHome = vars.CARGO_HOME || path.posix.join(home, '.cargo');
      return [
        {
          tool: 'cargo registry',
          keeps: 'downloads',
          target: path.posix.join(cargoHome, 'registry'),
        },
        { tool: 'cargo git', keeps: 'downloads', target: path.posix.join(cargoHome, 'git') },
      ];
    }
    case 'mvn':
    case 'mvnw': {
      const repo = argv.find((a) => a.startsWith('-Dmaven.repo.local='))?.slice(19);
      if (repo !== undefined && !path.posix.isAbsolute(repo)) return [];
      // Only the repository: settings.xml and the wrapper's Maven stay where they are.
      return [
        {
          tool: 'maven',
          keeps: 'downloads',
          target: repo || path.posix.join(home, '.m2', 'repository'),
          locked: true,
        },
      ];
    }
    case 'dotnet':
      if (!['restore', 'build', 'publish', 'test', 'pack'].includes(argv[1] ?? '')) return [];
      return [
        {
          tool: 'nuget',
          keeps: 'downloads',
          target: vars.NUGET_PACKAGES || path.posix.join(home, '.nuget', 'packages'),
        },
      ];
    case 'poetry':
      if (argv[1] !== 'install' && argv[1] !== 'sync') return [];
      // Not the whole cache folder: Poetry keeps its virtualenvs there.
      return ['cache', 'artifacts'].map((sub) => ({
        tool: 'poetry',
        keeps: 'downloads' as const,
        target: path.posix.join(
          vars.POETRY_CACHE_DIR || path.posix.join(xdgCache, 'pypoetry'),
          sub,
        ),
      }));
    case 'uv':
      if (
        argv.includes('--no-cache') ||
        truthy(vars.UV_NO_CACHE) ||
        vars.UV_LINK_MODE === 'symlink'
      )
        return [];
      if (!(argv[1] === 'sync' || argv[1] === 'pip')) return [];
      return [
        {
          tool: 'uv',
          keeps: 'downloads',
          target: flagValue('--cache-dir') || vars.UV_CACHE_DIR || path.posix.join(xdgCache, 'uv'),
        },
      ];
  }
  const pip = pipInstallArgs(argv);
  if (pip && name !== 'uv') {
    if (pip.includes('--no-cache-dir') || truthy(vars.PIP_NO_CACHE_DIR)) return [];
    return [
      {
        tool: 'pip',
        keeps: 'downloads',
        target: flagValue('--cache-dir') || vars.PIP_CACHE_DIR || path.posix.join(xdgCache, 'pip'),
      },
    ];
  }
  return [];
}

/**
 * The offline switch when a command uses its cache without downloading (`dotnet publish
 * --no-restore`, `mvn -o`, `cargo build --offline`), else null. Such a command relies on an
 * earlier step's downloads, which a cache mount does not keep when that step's layer is
 * reused while the cache is empty (a fresh builder, a pruned cache, a CI runner).
 */
export function offlineSwitch(cmd: Pick<Command, 'argv' | 'vars' | 'env'>): string | null {
  const argv = cmd.argv;
  const vars = { ...cmd.vars, ...cmd.env };
  const name = argv[0]?.replace(/^.*\//, '') ?? '';
  const has = (...flags: string[]) => argv.find((a) => flags.includes(a)) ?? null;
  if (name === 'dotnet') return has('--no-restore');
  if (name === 'mvn' || name === 'mvnw') return has('-o', '--offline');
  if (name === 'cargo')
    return (
      has('--offline', '--frozen') ?? (truthy(vars.CARGO_NET_OFFLINE) ? 'CARGO_NET_OFFLINE' : null)
    );
  if (name === 'go') return vars.GOPROXY === 'off' ? 'GOPROXY=off' : null;
  if (name === 'npm' || name === 'yarn') return has('--offline');
  return null;
}

/** `--mount=type=cache,...` targets a RUN already has. */
export function existingMounts(flags: { name: string; value: string | null }[]): string[] {
  return flags
    .filter((f) => f.name === 'mount')
    .map((f) => /(?:^|,)(?:target|dst|destination)=([^,]+)/.exec(f.value ?? '')?.[1])
    .filter((t): t is string => t !== undefined)
    .map((t) => path.posix.normalize(t).replace(/(.)\/$/, '$1'));
}

export function inside(p: string, dir: string): boolean {
  return p === dir || p.startsWith(dir === '/' ? '/' : `${dir}/`);
}

export function mountFlag(m: MountSpec): string {
  return `--mount=type=cache,target=${m.target}${m.locked ? ',sharing=locked' : ''}`;
}
