// Where Poetry keeps the virtualenvs it makes outside the project: `virtualenvs.path`, by
// default `{cache-dir}/virtualenvs`, the cache folder being platformdirs' user cache
// ($XDG_CACHE_HOME/pypoetry, else ~/.cache/pypoetry) unless POETRY_CACHE_DIR names one
// (poetry/config/config.py, poetry/locations.py). The venv inside is named
// `<name>-<hash of the project path>-py<X.Y>`, which msconvert does not compute: in a fresh
// image the folder holds only what this build's installs made, so copying the whole folder
// to the same path is exact, and `poetry run` at start, with the same project path, user and
// environment, finds the same venv there.
import * as path from 'path';
import { dynamic, under } from './names';
import type { PoetryConfig } from './poetry';
import { knownHome, type Step } from './step';

/** The virtualenvs folder of a `poetry install` in `project`, or null after s.fail. */
export function poetryVirtualenvs(s: Step, project: string, local: PoetryConfig): string | null {
  const vars = s.cmd.vars;
  const set = s.poetry.location ?? local.location;
  if (set) {
    s.fail(
      'MSC007',
      `Poetry's ${set} is set with \`poetry config\` or poetry.toml, which msconvert does not follow to the virtualenv folder; set POETRY_VIRTUALENVS_IN_PROJECT=true (or POETRY_VIRTUALENVS_PATH with ENV) and convert again.`,
    );
    return null;
  }
  if (s.poetry.interpreter) {
    s.fail(
      'MSC007',
      `\`${s.poetry.interpreter}\` may give Poetry's virtualenv an interpreter other than the image's /usr/local/bin/python, which the runtime image would not have; drop it (Poetry then uses the image's python) or set POETRY_VIRTUALENVS_IN_PROJECT=true and convert again.`,
    );
    return null;
  }
  if (s.poetry.unread) {
    s.fail(
      'MSC007',
      `\`${s.poetry.unread}\` sets a Poetry setting msconvert cannot read, so where Poetry puts the virtualenv is unknown; set POETRY_VIRTUALENVS_IN_PROJECT=true and convert again.`,
    );
    return null;
  }
  // A .venv already in the project is the virtualenv Poetry uses instead (in_project_venv_exists).
  if (s.input.ctx.known && s.input.files.existsInImage(`${project}/.venv`)) {
    s.fail(
      'MSC007',
      `a .venv folder from the build context is copied into ${project}, and Poetry installs into it rather than into its cache folder; add .venv to .dockerignore (or set POETRY_VIRTUALENVS_IN_PROJECT=true) and convert again.`,
    );
    return null;
  }
  const named = vars.POETRY_VIRTUALENVS_PATH;
  const cache = vars.POETRY_CACHE_DIR;
  const xdg = (vars.XDG_CACHE_HOME ?? '').trim();
  const home = knownHome(s.input, s.user, vars) ?? '';
  const uses = named ? [named] : cache ? [cache] : xdg ? [xdg] : [];
  const needsHome = uses.length === 0 || uses[0].startsWith('~');
  const unknown = [...uses, ...(needsHome ? [vars.HOME ?? ''] : [])].find(
    (v) => dynamic(v) || v.includes('{'),
  );
  if (unknown !== undefined) {
    s.fail(
      'MSC007',
      `Poetry's virtualenv folder depends on \`${unknown}\`, a path msconvert cannot resolve; set POETRY_VIRTUALENVS_IN_PROJECT=true and convert again.`,
    );
    return null;
  }
  if (needsHome && (!home || (vars.HOME !== undefined && !vars.HOME.startsWith('/')))) {
    s.fail(
      'MSC007',
      `Poetry installs as ${s.user ?? 'root'} into a virtualenv under the home folder's cache, and msconvert cannot tell that user's home folder (no absolute HOME, and the user is not made in this stage); set POETRY_VIRTUALENVS_IN_PROJECT=true and convert again.`,
    );
    return null;
  }
  // Paths are expanded with ~ and taken against the working folder, as pathlib does.
  const resolve = (p: string) => s.abs(p.replace(/^~(?=\/|$)/, home));
  const dir = named
    ? resolve(named)
    : path.posix.join(
        cache ? resolve(cache) : resolve(path.posix.join(xdg || `${home}/.cache`, 'pypoetry')),
        'virtualenvs',
      );
  const mount = s.mounts.find((m) => under(dir, m));
  if (mount) {
    s.fail(
      'MSC007',
      `Poetry makes its virtualenv in ${dir}, inside the RUN's --mount at ${mount}, so the venv is not in the image for the runtime to take; mount only Poetry's cache/ and artifacts/ folders (or set POETRY_VIRTUALENVS_IN_PROJECT=true) and convert again.`,
    );
    return null;
  }
  return dir;
}
