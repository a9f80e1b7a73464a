// Poetry: `poetry config` settings, poetry.toml and POETRY_* variables decide whether
// `poetry install` makes a virtualenv and where.
import * as path from 'path';
import { parseToml, tomlAt } from '../../readers/toml';
import { flag, has, readArgs } from './invocation';
import { dynamic, FALSE, TRUE } from './names';
import type { Place } from './types';
import type { Step } from './walk';

/** What `poetry config virtualenvs.*` set earlier in the stage (null: not set). */
export interface PoetryConfig {
  create: boolean | null;
  inProject: boolean | null;
}

export function poetryStep(s: Step): void {
  const a = readArgs(s.inv.args, 3);
  const project = s.abs(flag(a, '--directory', '-C', '--project', '-P')[0] ?? '.');
  if (a.sub[0] === 'config') {
    const value = a.sub[2] ?? a.positional[0] ?? '';
    if (a.sub[1] === 'virtualenvs.create') s.poetry.create = !FALSE.test(value);
    if (a.sub[1] === 'virtualenvs.in-project') s.poetry.inProject = TRUE.test(value);
    return;
  }
  if (!['install', 'sync'].includes(a.sub[0] ?? '')) return;
  const place = poetryPlace(s, project);
  if (!place) return;
  s.out.installs.push({
    cmd: s.cmd,
    tool: 'poetry',
    place,
    named: [],
    requirements: [],
    project: has(a, '--no-root') ? null : project,
  });
  s.out.projectDirs.push(project);
}

function poetryPlace(s: Step, project: string): Place | null {
  const vars = s.cmd.vars;
  const settings = projectSettings(
    s.input.files.readByImagePath(path.posix.join(project, 'poetry.toml')),
  );
  const env = (k: string) => (vars[k] === undefined ? null : !FALSE.test(vars[k]));
  const create = env('POETRY_VIRTUALENVS_CREATE') ?? s.poetry.create ?? settings.create ?? true;
  const inProject =
    env('POETRY_VIRTUALENVS_IN_PROJECT') ?? s.poetry.inProject ?? settings.inProject ?? false;
  const venv = s.virtualEnv();
  if (venv) return { kind: 'venv', dir: venv };
  if (!create) return s.pathPlace();
  if (inProject) return { kind: 'venv', dir: `${project}/.venv` };
  if (vars.POETRY_VIRTUALENVS_PATH && !dynamic(vars.POETRY_VIRTUALENVS_PATH))
    return { kind: 'dir', dir: s.abs(vars.POETRY_VIRTUALENVS_PATH), what: 'Poetry virtualenvs' };
  s.fail(
    'MSC007',
    'Poetry installs into a virtualenv in its cache folder, whose name msconvert cannot tell; set POETRY_VIRTUALENVS_IN_PROJECT=true (or `poetry config virtualenvs.create false`) and convert again.',
  );
  return null;
}

/** The project's poetry.toml virtualenvs settings (null: not set). */
export function projectSettings(text: string | null): PoetryConfig {
  const venvs = tomlAt(text === null ? null : parseToml(text), 'virtualenvs');
  const setting = (key: string): boolean | null =>
    typeof venvs?.[key] === 'boolean' ? (venvs[key] as boolean) : null;
  return { create: setting('create'), inProject: setting('in-project') };
}
