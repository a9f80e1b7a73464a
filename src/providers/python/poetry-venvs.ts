// Where Poetry keeps the virtualenvs it makes outside the project: `virtualenvs.path`, by
// default `{cache-dir}/virtualenvs`, the cache folder being platformdirs' user cache
// ($XDG_CACHE_HOME/pypoetry, else ~/.cache/pypoetry) unless POETRY_CACHE_DIR names one
// (poetry/config/config.py, poetry/locations.py). The venv inside is named
// `<name>-<hash of the project path>-py<X.Y>`; venvs-folder.ts resolves the folder, which is
// copied whole.
import type { PoetryConfig } from './poetry';
import type { Step } from './step';
import type { Place } from './types';
import { venvsFolder } from './venvs-folder';

/** The virtualenvs folder of a `poetry install` in `project`, or null after s.fail. */
export function poetryVirtualenvs(s: Step, project: string, local: PoetryConfig): Place | null {
  const vars = s.cmd.vars;
  const set = s.poetry.location ?? local.location;
  if (set) {
    s.fail(
      'MSC007',
      `Poetry's ${set} is set with \`poetry config\` or poetry.toml, which msconvert does not follow to the virtualenv folder; set POETRY_VIRTUALENVS_IN_PROJECT=true (or POETRY_VIRTUALENVS_PATH with ENV) and convert again.`,
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
  const xdg = (vars.XDG_CACHE_HOME ?? '').trim();
  const dir = venvsFolder(s, project, {
    tool: 'Poetry',
    settings: [
      { value: vars.POETRY_VIRTUALENVS_PATH || undefined, below: '' },
      { value: vars.POETRY_CACHE_DIR || undefined, below: 'virtualenvs' },
      { value: xdg || undefined, below: 'pypoetry/virtualenvs' },
    ],
    home: '.cache/pypoetry/virtualenvs',
    homeWhat: "the home folder's cache",
    folderWhat: 'its cache folder',
    fix: 'set POETRY_VIRTUALENVS_IN_PROJECT=true',
    mountFix: "mount only Poetry's cache/ and artifacts/ folders",
  });
  return dir === null ? null : { kind: 'dir', dir, what: 'Poetry virtualenvs' };
}
