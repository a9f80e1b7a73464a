// Python: `pip install -r requirements.txt` reads the requirement files (and the ones they
// include) only, unless a line names a local path or an editable install; Poetry and uv read
// pyproject.toml and their lock file when told not to install the project itself; Pipenv
// reads Pipfile and Pipfile.lock.
import * as path from 'path';
import {
  isLocalPath,
  type DepInputs,
  type DepManager,
  type DepView,
  type Keep,
  type Role,
} from './types';

/** pip options that take a value. */
const PIP_VALUE = new Set([
  '-r',
  '--requirement',
  '-c',
  '--constraint',
  '-i',
  '--index-url',
  '--extra-index-url',
  '--trusted-host',
  '--prefix',
  '-t',
  '--target',
  '--root',
  '--only-binary',
  '--no-binary',
  '--progress-bar',
  '--platform',
  '--python-version',
  '--implementation',
  '--abi',
  '--cache-dir',
  '--timeout',
  '--retries',
  '--upgrade-strategy',
  '-f',
  '--find-links',
]);

/** The arguments after `install` when argv is a pip install (pip, python -m pip, uv pip). */
export function pipInstallArgs(argv: string[]): string[] | null {
  const name = argv[0]?.replace(/^.*\//, '') ?? '';
  if (/^pip(3(\.\d+)?)?$/.test(name) && argv[1] === 'install') return argv.slice(2);
  if (
    /^python(3(\.\d+)?)?$/.test(name) &&
    argv[1] === '-m' &&
    argv[2] === 'pip' &&
    argv[3] === 'install'
  )
    return argv.slice(4);
  if (name === 'uv' && argv[1] === 'pip' && argv[2] === 'install') return argv.slice(3);
  return null;
}

interface PipArgs {
  requirements: string[];
  named: string[];
  outputs: string[];
}

function readPipArgs(args: string[]): PipArgs | null {
  const out: PipArgs = { requirements: [], named: [], outputs: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const eq = a.indexOf('=');
    const flag = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    if (flag === '-e' || flag === '--editable' || flag === '--src') return null;
    if (PIP_VALUE.has(flag)) {
      const v = flag === a ? args[++i] : a.slice(eq + 1);
      if (v === undefined) return null;
      if (flag === '-r' || flag === '--requirement' || flag === '-c' || flag === '--constraint')
        out.requirements.push(v);
      else if ((flag === '-f' || flag === '--find-links') && !/^https?:\/\//.test(v)) return null;
      else if (['--prefix', '-t', '--target', '--root'].includes(flag)) out.outputs.push(v);
      continue;
    }
    if (a.startsWith('-r') && a.length > 2) {
      out.requirements.push(a.slice(2));
      continue;
    }
    if (a.startsWith('-')) continue;
    // A named requirement (flask==3.0); a path, archive or URL to a file is not.
    if (isLocalPath(a) || a.includes('/') || /\.(whl|zip|tar\.gz|tgz)$/.test(a) || a === '.')
      return null;
    out.named.push(a);
  }
  return out;
}

function classifyPython(argv: string[]): Role | null {
  const name = argv[0]?.replace(/^.*\//, '') ?? '';
  const pip = pipInstallArgs(argv);
  if (pip) {
    const a = readPipArgs(pip);
    if (!a) return null;
    if (a.requirements.length > 0) return 'install';
    return a.named.length > 0 ? 'setup' : null;
  }
  if (/^python(3(\.\d+)?)?$/.test(name) && argv[1] === '-m' && argv[2] === 'venv') return 'setup';
  if (name === 'virtualenv' || (name === 'uv' && argv[1] === 'venv')) return 'setup';
  if (name === 'poetry') {
    if (argv[1] === 'config') return 'setup';
    if (argv[1] === 'install' && argv.includes('--no-root') && !argv.includes('--only-root'))
      return 'install';
    return null;
  }
  if (name === 'uv' && argv[1] === 'sync') {
    return argv.includes('--no-install-project') || argv.includes('--no-install-workspace')
      ? 'install'
      : null;
  }
  if (name === 'pipenv' && argv[1] === 'install' && argv.slice(2).every((a) => a.startsWith('-')))
    return 'install';
  return null;
}

/** Requirement files read, following -r/-c lines; a Keep when a line reads the sources. */
function requirementFiles(view: DepView, first: string[]): string[] | Keep {
  const seen: string[] = [];
  const queue = [...first];
  while (queue.length > 0) {
    const rel = path.posix.normalize(queue.shift() as string);
    if (seen.includes(rel)) continue;
    if (rel.startsWith('../') || path.posix.isAbsolute(rel))
      return { keep: `the requirement file ${rel} lies outside the folder the install runs in` };
    seen.push(rel);
    const text = view.read(rel);
    if (text === null) return { keep: `${rel} is not in the build where pip runs` };
    for (const raw of text.split(/\r?\n/)) {
      const line = raw.replace(/(^|\s)#.*$/, '').trim();
      if (line === '') continue;
      const m = /^(-r|--requirement|-c|--constraint)[\s=]+(\S+)/.exec(line);
      if (m) {
        queue.push(path.posix.join(path.posix.dirname(rel), m[2]));
        continue;
      }
      if (/^(-e|--editable)\b/.test(line))
        return { keep: `${rel} has an editable install (${line})` };
      const fl = /^(-f|--find-links)[\s=]+(\S+)/.exec(line);
      if (fl && !/^https?:\/\//.test(fl[2]))
        return { keep: `${rel} finds packages in the local folder ${fl[2]}` };
      if (line.startsWith('-')) continue;
      const spec = line.split(/\s*;/)[0];
      if (
        /(^|@\s*)file:/.test(spec) ||
        isLocalPath(spec) ||
        (/\//.test(spec) && !/:\/\//.test(spec))
      )
        return { keep: `${rel} installs the local path ${spec}` };
      if (/\.(whl|zip|tar\.gz|tgz)$/.test(spec) && !/:\/\//.test(spec))
        return { keep: `${rel} installs the local archive ${spec}` };
    }
  }
  return seen;
}

function pythonInputs(view: DepView, commands: string[][]): DepInputs | Keep {
  const cwd = view.cwd;
  const abs = (p: string) => path.posix.resolve(cwd, p);
  const files: string[] = [];
  const required: string[] = [];
  const outputs: string[] = [];
  for (const argv of commands) {
    const name = argv[0]?.replace(/^.*\//, '') ?? '';
    const pip = pipInstallArgs(argv);
    if (pip) {
      const a = readPipArgs(pip);
      if (!a) return { keep: 'pip installs a local path' };
      const reqs = requirementFiles(view, a.requirements);
      if ('keep' in reqs) return reqs;
      files.push(...reqs);
      required.push(...reqs);
      outputs.push(...a.outputs.map(abs));
      continue;
    }
    if (
      (/^python/.test(name) && argv[2] === 'venv') ||
      name === 'virtualenv' ||
      (name === 'uv' && argv[1] === 'venv')
    ) {
      const dir = argv
        .slice(name === 'virtualenv' || name === 'uv' ? 1 : 3)
        .filter((a) => !a.startsWith('-'))
        .pop();
      outputs.push(abs(dir === 'venv' || dir === undefined ? '.venv' : dir));
      continue;
    }
    if (name === 'poetry' && argv[1] === 'install') {
      const pyproject = view.read('pyproject.toml');
      if (pyproject === null)
        return { keep: 'pyproject.toml is not in the build where Poetry runs' };
      if (/^\s*[\w.-]+\s*=\s*\{[^}]*\bpath\s*=/m.test(pyproject))
        return { keep: 'pyproject.toml has a path dependency, read from the sources' };
      // Poetry checks that the readme pyproject.toml names exists, even with --no-root.
      const readme = /^\s*readme\s*=\s*"([^"]+)"/m.exec(pyproject)?.[1];
      files.push('pyproject.toml', 'poetry.lock', 'poetry.toml', ...(readme ? [readme] : []));
      required.push('pyproject.toml', ...(readme ? [readme] : []));
      outputs.push(abs('.venv'));
      continue;
    }
    if (name === 'uv' && argv[1] === 'sync') {
      const pyproject = view.read('pyproject.toml');
      if (pyproject === null) return { keep: 'pyproject.toml is not in the build where uv runs' };
      if (/^\[tool\.uv\.workspace\]/m.test(pyproject))
        return { keep: 'pyproject.toml declares a uv workspace, whose members the sync reads' };
      if (/\b(path|workspace)\s*=/.test(pyproject.split(/^\[tool\.uv\.sources\]/m)[1] ?? ''))
        return { keep: 'tool.uv.sources names a local path or workspace member' };
      files.push('pyproject.toml', 'uv.lock', 'uv.toml', '.python-version');
      required.push('pyproject.toml');
      outputs.push(abs(view.env.UV_PROJECT_ENVIRONMENT || '.venv'));
      continue;
    }
    if (name === 'pipenv') {
      const pipfile = view.read('Pipfile');
      if (pipfile === null) return { keep: 'Pipfile is not in the build where Pipenv runs' };
      if (/\bpath\s*=/.test(pipfile)) return { keep: 'Pipfile installs a local path' };
      files.push('Pipfile', 'Pipfile.lock');
      required.push('Pipfile');
      outputs.push(abs('.venv'));
    }
  }
  return { files, required, dirs: [], outputs };
}

export const pythonManager: DepManager = {
  id: 'python',
  names:
    /^(requirements.*\.(txt|in)|constraints.*\.txt|pyproject\.toml|poetry\.(lock|toml)|uv\.(lock|toml)|\.python-version|Pipfile(\.lock)?)$/,
  classify: classifyPython,
  inputs: pythonInputs,
};
