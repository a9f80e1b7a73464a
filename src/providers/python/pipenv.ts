// Pipenv: `pipenv install --system` goes where pip would; otherwise an activated virtualenv,
// one in the project (PIPENV_VENV_IN_PROJECT, or a .venv made before), or one in Pipenv's
// virtualenvs folder: WORKON_HOME, else $XDG_DATA_HOME/virtualenvs, else
// ~/.local/share/virtualenvs (pipenv/utils/shell.py get_workon_home), under a name hashed
// from the Pipfile's path, copied as the whole folder (venvs-folder.ts).
import * as path from 'path';
import { parseToml, tomlAt, type Toml } from '../../readers/toml';
import { has, readArgs } from './invocation';
import { FALSE, norm, TRUE } from './names';
import { pipenvInterpreter } from './pipenv-python';
import type { Place } from './types';
import { venvsFolder } from './venvs-folder';
import type { Step } from './walk';

export function pipenvStep(s: Step): void {
  const a = readArgs(s.inv.args, 1);
  if (!['install', 'sync'].includes(a.sub[0] ?? '')) return;
  const vars = s.cmd.vars;
  const project = vars.PIPENV_PIPFILE ? path.posix.dirname(s.abs(vars.PIPENV_PIPFILE)) : s.cmd.cwd;
  // PIPENV_SYSTEM is --system: Pipenv reads every option from PIPENV_<OPTION> too.
  const system = has(a, '--system') || TRUE.test(vars.PIPENV_SYSTEM ?? '');
  const place = system ? s.pathPlace() : pipenvVenv(s, project);
  if (!place) return;
  s.out.installs.push({
    cmd: s.cmd,
    tool: 'pipenv',
    place,
    named: a.positional.map((n) => ({ name: norm(n.replace(/[=<>~!\[].*$/, '')), extras: [] })),
    requirements: [],
    project,
  });
  s.out.projectDirs.push(project);
}

/** The virtualenv Pipenv installs into, or null after s.fail. */
function pipenvVenv(s: Step, project: string): Place | null {
  const vars = s.cmd.vars;
  const venv = TRUE.test(vars.PIPENV_IGNORE_VIRTUALENVS ?? '') ? null : s.virtualEnv();
  if (venv) return { kind: 'venv', dir: venv };
  const dotVenv = `${project}/.venv`;
  // A venv made at <project>/.venv before is the one Pipenv finds and installs into.
  if (s.out.venvs.has(dotVenv)) return { kind: 'venv', dir: dotVenv };
  const pipfile = readPipfile(s, project);
  const inProject = venvInProject(s, pipfile);
  if (inProject === null) return null;
  const python = pipenvInterpreter(s, pipfile);
  if (python) {
    s.fail('MSC007', python);
    return null;
  }
  if (inProject) return { kind: 'venv', dir: dotVenv };
  const dir = venvsFolder(s, project, {
    tool: 'Pipenv',
    settings: [
      { value: vars.WORKON_HOME || undefined, below: '' },
      // Read as set even when empty: Pipenv then makes a relative `virtualenvs` folder.
      { value: vars.XDG_DATA_HOME, below: 'virtualenvs' },
    ],
    home: '.local/share/virtualenvs',
    homeWhat: "the home folder's .local/share",
    folderWhat: 'its virtualenvs folder',
    fix: 'set PIPENV_VENV_IN_PROJECT=1',
    mountFix: "mount only Pipenv's and pip's caches (~/.cache/pipenv, ~/.cache/pip)",
  });
  if (dir === null) return null;
  const what = vars.WORKON_HOME ? 'Pipenv virtualenvs (WORKON_HOME)' : 'Pipenv virtualenvs';
  return { kind: 'dir', dir, what };
}

/**
 * Whether Pipenv makes the venv in the project, or null after s.fail when that depends on
 * the Pipenv version: PIPENV_VENV_IN_PROJECT with a value other than a true one means "in
 * the project" to Pipenv before 2022.10 (any non-empty value) and "not" since; the Pipfile's
 * [pipenv] venv_in_project is read from 2026.2 on only.
 */
function venvInProject(s: Step, pipfile: Toml | null): boolean | null {
  const env = s.cmd.vars.PIPENV_VENV_IN_PROJECT ?? '';
  if (TRUE.test(env)) return true;
  if (env !== '') {
    s.fail(
      'MSC007',
      `PIPENV_VENV_IN_PROJECT=${env} keeps the virtualenv out of the project for Pipenv 2022.10 and later, but puts it in the project for earlier versions (any value is true to them), so where Pipenv installs depends on its version; ${FALSE.test(env) ? 'drop the variable' : 'set it to 1'} and convert again.`,
    );
    return null;
  }
  if (tomlAt(pipfile, 'pipenv')?.venv_in_project === true) {
    s.fail(
      'MSC007',
      "the Pipfile's [pipenv] venv_in_project = true puts the virtualenv in the project for Pipenv 2026.2 and later only, and in its virtualenvs folder for earlier versions, so where Pipenv installs depends on its version; set PIPENV_VENV_IN_PROJECT=1 with ENV and convert again.",
    );
    return null;
  }
  return false;
}

/** The Pipfile Pipenv reads: PIPENV_PIPFILE, else the first from the project up (3 levels). */
function readPipfile(s: Step, project: string): Toml | null {
  const named = s.cmd.vars.PIPENV_PIPFILE;
  const files = new Set<string>();
  if (named) files.add(s.abs(named));
  else
    for (let d = project, i = 0; i < 3; i++, d = path.posix.dirname(d))
      files.add(path.posix.join(d, 'Pipfile'));
  for (const f of files) {
    const text = s.input.files.readByImagePath(f);
    if (text !== null) return parseToml(text);
  }
  return null;
}
