// Poetry: `poetry config` settings, poetry.toml and POETRY_* variables decide whether
// `poetry install` makes a virtualenv and where.
import * as path from 'path';
import { parseToml, tomlAt } from '../../readers/toml';
import { flag, has, readArgs } from './invocation';
import { dynamic, FALSE, TRUE } from './names';
import { poetryInterpreter } from './poetry-python';
import { poetryVirtualenvs } from './poetry-venvs';
import type { Place } from './types';
import type { Step } from './walk';

/** What `poetry config` set earlier in the stage, or poetry.toml sets (null: not set). */
export interface PoetryConfig {
  create: boolean | null;
  inProject: boolean | null;
  /** A setting that moves the virtualenvs folder (cache-dir, virtualenvs.path). */
  location: string | null;
  /** A `poetry config` command whose setting cannot be read (a key from a variable). */
  unread: string | null;
  /** The last `poetry env use X` (value X) or `poetry python install` (value null). */
  interpreter: { cmd: string; value: string | null } | null;
}

export const newPoetryConfig = (): PoetryConfig => ({
  create: null,
  inProject: null,
  location: null,
  unread: null,
  interpreter: null,
});

const BOOLEAN_VARS = ['POETRY_VIRTUALENVS_CREATE', 'POETRY_VIRTUALENVS_IN_PROJECT'];

// Settings that move Poetry's cache or virtualenvs folder.
const LOCATIONS = ['cache-dir', 'virtualenvs.path'];

export function poetryStep(s: Step): void {
  const a = readArgs(s.inv.args, 3);
  const project = s.abs(flag(a, '--directory', '-C', '--project', '-P')[0] ?? '.');
  if (a.sub[0] === 'config') {
    const key = a.sub[1] ?? '';
    const value = a.sub[2] ?? a.positional[0] ?? '';
    // --unset puts the default back.
    const unset = has(a, '--unset');
    if (key === 'virtualenvs.create') s.poetry.create = unset ? null : !FALSE.test(value);
    if (key === 'virtualenvs.in-project') s.poetry.inProject = unset ? null : TRUE.test(value);
    if (LOCATIONS.includes(key)) s.poetry.location = key;
    if (dynamic(key)) s.poetry.unread = s.cmd.argv.join(' ');
    return;
  }
  const cmd = s.cmd.argv.join(' ');
  if (a.sub[0] === 'env' && a.sub[1] === 'use')
    s.poetry.interpreter = { cmd, value: a.sub[2] ?? a.positional[0] ?? '' };
  if (a.sub[0] === 'python' && a.sub[1] === 'install') s.poetry.interpreter = { cmd, value: null };
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
  // Poetry reads a boolean setting from the environment as true for `true` or `1` only, and
  // whatever the case only from 2.1 on: `True` is false to the Poetry 1.x many images pin.
  const ambiguous = BOOLEAN_VARS.find((k) => /^true$/i.test(vars[k] ?? '') && vars[k] !== 'true');
  if (ambiguous) {
    s.fail(
      'MSC007',
      `${ambiguous}=${vars[ambiguous]} is true to Poetry 2.1 and later but false to earlier versions, so where Poetry installs depends on its version; write it in lower case and convert again.`,
    );
    return null;
  }
  const env = (k: string) => (vars[k] === undefined ? null : /^(true|1)$/i.test(vars[k]));
  const create = env('POETRY_VIRTUALENVS_CREATE') ?? s.poetry.create ?? settings.create ?? true;
  const inProject =
    env('POETRY_VIRTUALENVS_IN_PROJECT') ?? s.poetry.inProject ?? settings.inProject ?? false;
  const venv = s.virtualEnv();
  if (venv) return { kind: 'venv', dir: venv };
  if (!create) return s.pathPlace();
  const place: Place | null = inProject
    ? { kind: 'venv', dir: `${project}/.venv` }
    : poetryVirtualenvs(s, project, settings);
  if (!place) return null;
  // The venv Poetry makes links to the interpreter it was made with.
  const why = poetryInterpreter(s, project);
  if (why) {
    s.fail('MSC007', why);
    return null;
  }
  return place;
}

/** The project's poetry.toml settings (null: not set). */
export function projectSettings(text: string | null): PoetryConfig {
  const toml = text === null ? null : parseToml(text);
  const venvs = tomlAt(toml, 'virtualenvs');
  const setting = (key: string): boolean | null =>
    typeof venvs?.[key] === 'boolean' ? (venvs[key] as boolean) : null;
  const location =
    toml?.['cache-dir'] !== undefined
      ? 'cache-dir'
      : venvs?.path !== undefined
        ? 'virtualenvs.path'
        : null;
  return {
    ...newPoetryConfig(),
    create: setting('create'),
    inProject: setting('in-project'),
    location,
  };
}
