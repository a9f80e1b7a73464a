// .NET: `dotnet restore` of one project reads the project file and the MSBuild and NuGet
// files beside it, unless the project references other projects or imports other files.
import * as path from 'path';
import type { DepInputs, DepManager, DepView, Keep, Role } from './types';

const PROJECT = /\.(csproj|fsproj|vbproj)$/;
const VALUE = new Set(['-r', '--runtime', '-s', '--source', '-v', '--verbosity', '--packages']);
const BESIDE = [
  'NuGet.config',
  'nuget.config',
  'NuGet.Config',
  'Directory.Build.props',
  'Directory.Build.targets',
  'Directory.Packages.props',
  'global.json',
  'packages.lock.json',
];

function classifyDotnet(argv: string[]): Role | null {
  if (argv[0]?.replace(/^.*\//, '') !== 'dotnet' || argv[1] !== 'restore') return null;
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--packages' || a === '--configfile') return null;
    if (VALUE.has(a)) {
      if ((a === '-s' || a === '--source') && !/^https?:\/\//.test(argv[i + 1] ?? '')) return null;
      i++;
      continue;
    }
    if (a.startsWith('-') || a.startsWith('/p:')) continue;
    if (!PROJECT.test(a) || a.includes('/')) return null;
  }
  return 'install';
}

function dotnetInputs(view: DepView, commands: string[][]): DepInputs | Keep {
  const named = commands.flatMap((c) => c.slice(2).filter((a) => PROJECT.test(a)));
  let project = named[0];
  if (!project) {
    const listed = view.list().filter((n) => PROJECT.test(n));
    if (listed.length !== 1)
      return {
        keep: 'dotnet restore does not name one project file in its folder, so it restores more than the manifests show',
      };
    project = listed[0];
  }
  const text = view.read(project);
  if (text === null) return { keep: `${project} is not in the build where dotnet restore runs` };
  if (/<ProjectReference\b/.test(text))
    return { keep: `${project} references other projects, whose files the restore reads` };
  if (/<Import\s+Project="(?!\$\()/.test(text))
    return { keep: `${project} imports another file of the sources` };
  // MSBuild also reads Directory.*.props from every parent folder.
  let dir = path.posix.dirname(view.cwd);
  while (view.cwd !== '/') {
    const rel = path.posix.relative(view.cwd, dir);
    for (const f of [
      'Directory.Build.props',
      'Directory.Build.targets',
      'Directory.Packages.props',
    ])
      if (view.present(path.posix.join(rel, f)))
        return { keep: `${path.posix.join(dir, f)} from the sources applies to the restore` };
    if (dir === '/') break;
    dir = path.posix.dirname(dir);
  }
  return {
    files: [project, ...BESIDE],
    required: [project],
    dirs: [],
    outputs: [path.posix.join(view.cwd, 'obj'), path.posix.join(view.cwd, 'bin')],
  };
}

export const dotnetManager: DepManager = {
  id: 'dotnet',
  names:
    /\.(csproj|fsproj|vbproj|sln|props|targets)$|^(nuget\.config|global\.json|packages\.lock\.json)$/i,
  classify: classifyDotnet,
  inputs: dotnetInputs,
};
