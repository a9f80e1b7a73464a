// The interpreter of a virtualenv Pipenv makes, which the venv's bin/python links to: the
// one it is asked for (--python, --three, PIPENV_PYTHON, the Pipfile's [requires],
// PIPENV_DEFAULT_PYTHON_VERSION), else, from Pipenv 2026.5 on, the Python that runs Pipenv,
// and before that the newest Python on PATH (pipenv/utils/virtualenv.py ensure_python and
// find_a_system_python; b459d9419). The runtime, the slim image of the same tag, has only the
// image's own /usr/local/bin/python3.X: a venv that may link to any other interpreter is
// declined, with the way to pin it.
import { tomlAt, type Toml } from '../../readers/toml';
import {
  askedPython,
  imagePython,
  mayHaveOsPython,
  older,
  osInstalledTool,
  version,
} from './interpreter';
import { flag, has, invocation, readArgs } from './invocation';
import type { Step } from './step';

/** Why the venv Pipenv makes here may not link to the image's Python, or null. */
export function pipenvInterpreter(s: Step, pipfile: Toml | null): string | null {
  const img = imagePython(s.input.model);
  const { minor, own } = img;
  const pin = own
    ? `set python_version = "${own}" under [requires] in the Pipfile (or pass --python ${own})`
    : `name the Python minor version in the FROM tag`;
  const osPipenv = osInstalledTool(s, 'pipenv');
  if (osPipenv) {
    return `Pipenv is installed here as the OS package ${osPipenv}, so it runs on the OS's /usr/bin/python3 and the virtualenv it makes may link to that interpreter, which ${img.image}'s slim image does not have; install Pipenv with pip (\`pip install pipenv\`) and convert again.`;
  }
  let pinned = false;
  for (const ask of asked(s, pipfile)) {
    const got = askedPython(ask, img, 'Pipenv', pin);
    if (got.kind === 'other') return got.reason;
    // A major version alone (`3`, --three) finds the newest Python 3 on PATH, as no request does.
    if (got.kind === 'own') pinned = true;
  }
  if (pinned) return null;
  // Nothing pins the minor: Pipenv before 2026.5 takes the newest Python on PATH, which is the
  // OS's python3 when the image has one newer than its own: the full Debian images have it
  // (buildpack-deps' mercurial), slim and Alpine ones when the stage installs OS packages.
  if (!mayHaveOsPython(s, img)) return null;
  if (minor && !older(minor, version(img.osPython))) return null;
  const where = img.full ? 'the full image has it' : 'the OS packages installed here may bring it';
  return `no Python minor version is asked of Pipenv (no --python X.Y, PIPENV_PYTHON or [requires] python_version in the Pipfile), and Pipenv before 2026.5 then makes the virtualenv with the newest Python on PATH, which may be the OS's python${img.osPython} (${where}) rather than the image's${own ? ` ${own}` : ''}, and the slim runtime does not have it; ${pin} and convert again.`;
}

/** The Python versions or paths Pipenv is asked for, in the order Pipenv reads them. */
function asked(s: Step, pipfile: Toml | null): { value: string; where: string }[] {
  const out: { value: string; where: string }[] = [];
  // `pipenv --python 3.12` may make the venv in a command of its own before the install.
  for (const run of s.input.model.runs) {
    for (const c of run.commands) {
      const inv = invocation(c.argv);
      if (inv?.tool !== 'pipenv') continue;
      const a = readArgs(inv.args, 1);
      for (const v of flag(a, '--python')) out.push({ value: v, where: `--python ${v}` });
      if (has(a, '--three')) out.push({ value: '3', where: '--three' });
      if (has(a, '--two')) out.push({ value: '2', where: '--two' });
    }
  }
  if (out.length > 0) return out;
  const vars = s.cmd.vars;
  if (vars.PIPENV_PYTHON) return [{ value: vars.PIPENV_PYTHON, where: 'PIPENV_PYTHON' }];
  const requires = tomlAt(pipfile, 'requires');
  for (const key of ['python_full_version', 'python_version']) {
    const v = requires?.[key];
    if (typeof v === 'string' && v.trim())
      return [{ value: v.trim(), where: `the Pipfile's [requires] ${key}` }];
  }
  if (vars.PIPENV_DEFAULT_PYTHON_VERSION)
    return [{ value: vars.PIPENV_DEFAULT_PYTHON_VERSION, where: 'PIPENV_DEFAULT_PYTHON_VERSION' }];
  return [];
}
