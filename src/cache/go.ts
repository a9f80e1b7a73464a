// Go: `go mod download` reads go.mod and go.sum only, unless a workspace (go.work) or a
// replace directive pointing at a local folder brings other modules of the repository in.
import * as path from 'path';
import {
  isLocalPath,
  type DepInputs,
  type DepManager,
  type DepView,
  type Keep,
  type Role,
} from './types';

function classifyGo(argv: string[]): Role | null {
  if (argv[0]?.replace(/^.*\//, '') !== 'go') return null;
  const [, sub, ...rest] = argv;
  if (argv.some((a) => /^-(C|modfile)(=|$)/.test(a))) return null;
  if (sub === 'mod' && (rest[0] === 'download' || rest[0] === 'verify')) {
    // Named modules with a version are fetched as they are; a path would read the sources.
    return rest.slice(1).some((a) => !a.startsWith('-') && isLocalPath(a)) ? null : 'install';
  }
  if (sub === 'env' && rest[0] === '-w') return 'setup';
  // `go install tool@version` ignores the current module.
  if (sub === 'install' && rest.length > 0 && rest.every((a) => a.startsWith('-') || /@/.test(a)))
    return 'setup';
  return null;
}

/** The module cache: GOMODCACHE, else the first GOPATH entry's pkg/mod. */
export function goModCache(env: Record<string, string>, home: string): string {
  if (env.GOMODCACHE) return env.GOMODCACHE;
  const gopath = (env.GOPATH || path.posix.join(home, 'go')).split(':')[0];
  return path.posix.join(gopath, 'pkg', 'mod');
}

function goInputs(view: DepView): DepInputs | Keep {
  const mod = view.read('go.mod');
  if (mod === null) return { keep: 'go.mod is not in the build where go mod download runs' };
  // The go command looks for go.work in the folder and every parent.
  let dir = view.cwd;
  for (;;) {
    if (view.present(path.posix.relative(view.cwd, path.posix.join(dir, 'go.work')) || 'go.work'))
      return { keep: 'a go.work workspace brings in modules from other folders of the sources' };
    if (dir === '/') break;
    dir = path.posix.dirname(dir);
  }
  for (const m of mod.matchAll(/=>\s*(\S+)/g)) {
    if (isLocalPath(m[1]))
      return {
        keep: `go.mod replaces a module with the local folder ${m[1]}, which is part of the sources`,
      };
  }
  return {
    files: ['go.mod', 'go.sum'],
    required: ['go.mod'],
    dirs: [],
    outputs: [goModCache(view.env, view.env.HOME || '/root')],
  };
}

export const goManager: DepManager = {
  id: 'go',
  names: /^(go\.mod|go\.sum|go\.work(\.sum)?)$/,
  classify: classifyGo,
  inputs: goInputs,
};
