// The interpreter of a virtualenv Pipenv makes, which the venv's bin/python links to: the
// one it is asked for (--python, --three, PIPENV_PYTHON, the Pipfile's [requires],
// PIPENV_DEFAULT_PYTHON_VERSION), else, from Pipenv 2026.5 on, the Python that runs Pipenv,
// and before that the newest Python on PATH (pipenv/utils/virtualenv.py ensure_python and
// find_a_system_python; b459d9419). The runtime, the slim image of the same tag, has only the
// image's own /usr/local/bin/python3.X: a venv that may link to any other interpreter is
// declined, with the way to pin it.
import { tagAlpine, tagCodename } from '../../analysis/image';
import { installedPackages } from '../../analysis/packages';
import { tomlAt, type Toml } from '../../readers/toml';
import { flag, has, invocation, readArgs } from './invocation';
import { dynamic } from './names';
import type { Step } from './step';
import { data } from './types';

const OS_PIPENV = ['pipenv', 'python3-pipenv', 'py3-pipenv'];

type Version = [number, number];
const version = (v: string): Version => v.split('.').map(Number) as Version;
const older = (a: Version, b: Version) => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);

/** Why the venv Pipenv makes here may not link to the image's Python, or null. */
export function pipenvInterpreter(s: Step, pipfile: Toml | null): string | null {
  const { model } = s.input;
  const image = model.image;
  const m = /^(\d+)\.(\d+)/.exec(image.tag ?? '');
  const minor: Version | null = m ? [Number(m[1]), Number(m[2])] : null;
  const own = minor ? `${minor[0]}.${minor[1]}` : null;
  const pin = own
    ? `set python_version = "${own}" under [requires] in the Pipfile (or pass --python ${own})`
    : `name the Python minor version in the FROM tag`;
  const packages = installedPackages(model);
  const osPipenv = packages.names.find((n) => OS_PIPENV.includes(n));
  if (osPipenv && !pipInstalledPipenv(s)) {
    return `Pipenv is installed here as the OS package ${osPipenv}, so it runs on the OS's /usr/bin/python3 and the virtualenv it makes may link to that interpreter, which ${image.resolved}'s slim image does not have; install Pipenv with pip (\`pip install pipenv\`) and convert again.`;
  }
  let pinned = false;
  for (const ask of asked(s, pipfile)) {
    if (dynamic(ask.value))
      return `Pipenv is asked for the Python \`${ask.value}\` (${ask.where}), which msconvert cannot resolve, and the virtualenv links to that interpreter; ${pin} and convert again.`;
    const local = /^\/usr\/local\/bin\/python(\d+(?:\.\d+)?)?$/.exec(ask.value);
    const v = local
      ? (local[1] ?? '')
      : /^(?:python)?(\d+(?:\.\d+)?)(?:\.\d+)*$/.exec(ask.value)?.[1];
    if (v === undefined || (ask.value.includes('/') && !local))
      return `Pipenv is asked for the Python \`${ask.value}\` (${ask.where}), which may not be the image's own, and the virtualenv links to that interpreter; ${pin} and convert again.`;
    // A major version alone (`3`, --three) finds the newest Python 3 on PATH, as no request does.
    if (!v.includes('.')) {
      if (v === '3' || (local && v === '')) continue;
      return `Pipenv is asked for Python ${v} (${ask.where}), not the image's Python; ${pin} and convert again.`;
    }
    if (!minor)
      return `Pipenv is asked for Python ${v} (${ask.where}), and FROM ${image.resolved} does not name the Python minor version, so whether the image's Python is that one is unknown; ${pin} and convert again.`;
    if (v !== own)
      return `Pipenv is asked for Python ${v} (${ask.where}), but ${image.resolved} has Python ${own}, so the virtualenv would link to another interpreter than the image's (or the build fails); ${pin} and convert again.`;
    pinned = true;
  }
  if (pinned) return null;
  // Nothing pins the minor: Pipenv before 2026.5 takes the newest Python on PATH, which is the
  // OS's python3 when the image has one newer than its own: the full Debian images have it
  // (buildpack-deps' mercurial), slim and Alpine ones when the stage installs OS packages.
  const alpine = tagAlpine(image.tag);
  const full = alpine === null && !/(^|-)slim($|-)/.test(image.tag ?? '');
  if (!full && packages.names.length === 0) return null;
  const d = data().osPython;
  const codename = tagCodename(image.tag);
  const osPython =
    (alpine !== null ? d.alpine[alpine] : codename ? d.debian[codename] : undefined) ?? d.newest;
  if (minor && !older(minor, version(osPython))) return null;
  const where = full ? 'the full image has it' : 'the OS packages installed here may bring it';
  return `no Python minor version is asked of Pipenv (no --python X.Y, PIPENV_PYTHON or [requires] python_version in the Pipfile), and Pipenv before 2026.5 then makes the virtualenv with the newest Python on PATH, which may be the OS's python${osPython} (${where}) rather than the image's${own ? ` ${own}` : ''}, and the slim runtime does not have it; ${pin} and convert again.`;
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

/** Pipenv installed with pip, whose console script /usr/local/bin comes before /usr/bin. */
function pipInstalledPipenv(s: Step): boolean {
  return s.out.installs.some((i) => i.tool === 'pip' && i.named.some((n) => n.name === 'pipenv'));
}
