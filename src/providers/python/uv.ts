// uv: `uv sync` (the project's .venv or UV_PROJECT_ENVIRONMENT), `uv pip install` (pip's
// places, a --python venv, or .venv), `uv venv`, `uv tool install`; and the interpreter uv
// would download when the image's own does not satisfy the project.
import * as path from 'path';
import { resolvePath } from '../../analysis/stage';
import type { ProviderInput } from '../contract';
import { parseToml, tomlAt } from '../../readers/toml';
import { flag, has, readArgs, type Args } from './invocation';
import { allowsPython } from './python-constraint';
import { dynamic, norm, TRUE } from './names';
import type { Install, Place, Walk } from './types';
import { homeOf, type Step } from './step';

export function uvStep(s: Step): void {
  const a = readArgs(s.inv.args, 2);
  const [s0, s1] = a.sub;
  const project = s.abs(flag(a, '--directory', '--project')[0] ?? '.');
  if (s0 === 'python' && s1 === 'install') {
    s.fail(
      'MSC007',
      "`uv python install` puts a managed Python in uv's data folder; use the python image's own interpreter (drop the step) and convert again.",
    );
  } else if (s0 === 'venv') {
    const dir = a.sub[1] ?? a.positional[0] ?? '.venv';
    if (!dynamic(dir)) s.out.venvs.set(s.abs(dir), `\`${s.cmd.argv.join(' ')}\``);
  } else if (s0 === 'tool' && s1 === 'install') toolInstall(s, a);
  else if (s0 === 'sync') sync(s, a, project);
  else if (s0 === 'pip' && (s1 === 'install' || s1 === 'sync')) pipInstall(s, a);
}

function toolInstall(s: Step, a: Args): void {
  const vars = s.cmd.vars;
  const home = homeOf(s.input, s.user, vars);
  if (!home && !vars.UV_TOOL_DIR) {
    s.fail('MSC007', `uv installs tools as ${s.user}, whose home folder msconvert cannot tell.`);
    return;
  }
  const dirs = [vars.UV_TOOL_DIR, vars.UV_TOOL_BIN_DIR].filter((x): x is string => !!x);
  const install = (place: Place, named: Install['named']) =>
    s.out.installs.push({ cmd: s.cmd, tool: 'uv', place, named, requirements: [], project: null });
  if (dirs.length > 0)
    for (const d of dirs) install({ kind: 'dir', dir: s.abs(d), what: 'uv tools' }, []);
  else
    install(
      { kind: 'user', dir: `${home}/.local` },
      a.positional.map((n) => ({ name: norm(n), extras: [] })),
    );
}

function sync(s: Step, a: Args, project: string): void {
  let place: Place;
  const envDir = s.cmd.vars.UV_PROJECT_ENVIRONMENT;
  const active = s.virtualEnv();
  if (has(a, '--active') && active) place = { kind: 'venv', dir: active };
  else if (envDir) {
    const d = resolvePath(project, envDir);
    place = d === '/usr/local' ? { kind: 'system' } : { kind: 'venv', dir: d };
  } else place = { kind: 'venv', dir: `${project}/.venv` };
  s.out.installs.push({
    cmd: s.cmd,
    tool: 'uv',
    place,
    named: [],
    requirements: [],
    project: has(a, '--no-install-project') ? null : project,
  });
  s.out.projectDirs.push(project);
}

function pipInstall(s: Step, a: Args): void {
  const named: Install['named'] = [];
  let proj: string | null = null;
  for (const p of a.positional) {
    if (p === '.' || p.startsWith('./') || p.startsWith('/')) {
      proj = s.abs(p);
      continue;
    }
    const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[([^\]]*)\])?/.exec(p);
    if (m) named.push({ name: norm(m[1]), extras: (m[2] ?? '').split(',').map((x) => x.trim()) });
  }
  s.out.installs.push({
    cmd: s.cmd,
    tool: 'uv',
    place: pipPlace(s, a),
    named,
    requirements: flag(a, '-r', '--requirement').map(s.abs),
    project: proj,
  });
  if (proj) s.out.projectDirs.push(proj);
}

function pipPlace(s: Step, a: Args): Place {
  const pyFlag = flag(a, '--python', '-p')[0];
  const targets = flag(a, '-t', '--target');
  const prefixes = flag(a, '--prefix');
  if (targets[0]) return { kind: 'dir', dir: s.abs(targets[0]), what: 'uv pip --target folder' };
  if (prefixes[0])
    return s.abs(prefixes[0]) === '/usr/local'
      ? { kind: 'system' }
      : { kind: 'dir', dir: s.abs(prefixes[0]), what: 'uv pip --prefix folder' };
  if (has(a, '--system') || TRUE.test(s.cmd.vars.UV_SYSTEM_PYTHON ?? '')) return { kind: 'system' };
  if (pyFlag && /\/bin\/python[\d.]*$/.test(pyFlag) && !/^\/usr(\/local)?\/bin\//.test(pyFlag))
    return { kind: 'venv', dir: s.abs(pyFlag).replace(/\/bin\/[^/]+$/, '') };
  if (pyFlag && /^\/usr(\/local)?\/bin\//.test(pyFlag)) return { kind: 'system' };
  const active = s.virtualEnv();
  if (active) return { kind: 'venv', dir: active };
  return { kind: 'venv', dir: `${s.cmd.cwd}/.venv` };
}

/**
 * The Python version uv is asked for when the image's own interpreter does not satisfy it, or
 * the project's requires-python (in backquotes) when that leaves the image's minor out.
 */
export function uvInterpreter(
  input: ProviderInput,
  w: Walk,
  have: [number, number],
): string | null {
  const differs = (v: string | undefined): string | null => {
    const m = /^\s*(?:cpython-|==\s*)?(\d+)\.(\d+)/.exec(v ?? '');
    return m && (Number(m[1]) !== have[0] || Number(m[2]) !== have[1]) ? `${m[1]}.${m[2]}` : null;
  };
  for (const inst of w.installs) {
    if (inst.tool !== 'uv' || inst.place.kind === 'system' || inst.place.kind === 'user') continue;
    const dir = inst.project ?? inst.cmd.cwd;
    const pinned =
      differs(inst.cmd.vars.UV_PYTHON) ??
      differs(inst.cmd.argv[inst.cmd.argv.indexOf('--python') + 1]) ??
      differs(input.files.readByImagePath(path.posix.join(dir, '.python-version')) ?? undefined);
    if (pinned) return pinned;
    const requires = requiresPython(input, dir);
    const lower = />=\s*(\d+)\.(\d+)/.exec(requires ?? '');
    if (lower) {
      const [a, b] = [Number(lower[1]), Number(lower[2])];
      if (a > have[0] || (a === have[0] && b > have[1])) return `${a}.${b}`;
    }
    // An upper bound or an exclusion that leaves the image's minor out: uv takes another
    // Python it finds (the OS's /usr/bin/python3.Y on a full image) or downloads one.
    if (requires && have[0] > 0 && allowsPython(requires, have, null) === 'no')
      return `requires-python \`${requires}\``;
  }
  return null;
}

/** The project's `requires-python` (pyproject.toml [project]), or null. */
function requiresPython(input: ProviderInput, dir: string): string | null {
  const text = input.files.readByImagePath(path.posix.join(dir, 'pyproject.toml'));
  const v = tomlAt(text === null ? null : parseToml(text), 'project')?.['requires-python'];
  return typeof v === 'string' ? v : null;
}
