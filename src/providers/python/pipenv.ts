// Pipenv: `pipenv install --system` goes where pip would; otherwise a virtualenv in the
// project (PIPENV_VENV_IN_PROJECT), under WORKON_HOME, or an activated one.
import * as path from 'path';
import { has, readArgs } from './invocation';
import { dynamic, norm, TRUE } from './names';
import type { Place } from './types';
import type { Step } from './walk';

export function pipenvStep(s: Step): void {
  const a = readArgs(s.inv.args, 1);
  if (!['install', 'sync'].includes(a.sub[0] ?? '')) return;
  const vars = s.cmd.vars;
  const project = vars.PIPENV_PIPFILE ? path.posix.dirname(s.abs(vars.PIPENV_PIPFILE)) : s.cmd.cwd;
  const venv = TRUE.test(vars.PIPENV_IGNORE_VIRTUALENVS ?? '') ? null : s.virtualEnv();
  let place: Place;
  if (has(a, '--system')) place = s.pathPlace();
  else if (venv) place = { kind: 'venv', dir: venv };
  else if (TRUE.test(vars.PIPENV_VENV_IN_PROJECT ?? ''))
    place = { kind: 'venv', dir: `${project}/.venv` };
  else if (vars.WORKON_HOME && !dynamic(vars.WORKON_HOME))
    place = { kind: 'dir', dir: s.abs(vars.WORKON_HOME), what: 'Pipenv virtualenvs (WORKON_HOME)' };
  else {
    s.fail(
      'MSC007',
      'Pipenv installs into a virtualenv under ~/.local/share/virtualenvs, whose name msconvert cannot tell; use `pipenv install --system --deploy` or PIPENV_VENV_IN_PROJECT=1 and convert again.',
    );
    return;
  }
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
