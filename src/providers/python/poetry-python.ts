// The interpreter of a virtualenv Poetry makes (in-project .venv or the virtualenvs folder),
// from Poetry's EnvManager.create_venv (poetry/utils/env/env_manager.py; 1.2.0 85993df4 in
// poetry/utils/env.py, 1.8.5 19a2f7bd, 2.0.0 8cad7a42, 2.4.1 f4670233 with
// poetry/utils/env/python/manager.py):
// - `poetry env use X` makes it with X, found on PATH (`python3.11` is Debian's
//   /usr/bin/python3.11 on a full image);
// - otherwise Poetry 2.x takes the `python` first on PATH (get_preferred_python, unless
//   virtualenvs.use-poetry-python), Poetry 1.2-1.8 the Python Poetry runs on (sys.executable,
//   unless virtualenvs.prefer-active-python): the image's /usr/local/bin/python, unless Poetry
//   itself is an OS package running on /usr/bin/python3;
// - when that Python's X.Y.Z is outside the project's python constraint, Poetry looks for
//   another that is in it (1.x and 2.0: `python3.Y` on PATH, newest first; 2.1+: every
//   Python findpython finds, newest first), and the venv links to that one.
// The runtime, the slim image of the same tag, has only the image's own Python.
import * as path from 'path';
import { parseToml, tomlAt } from '../../readers/toml';
import {
  askedPython,
  imagePython,
  mayHaveOsPython,
  osInstalledTool,
  version,
  type ImagePython,
} from './interpreter';
import { allowsPython } from './python-constraint';
import type { Step } from './step';

/** Why the virtualenv Poetry makes for `project` may not link to the image's Python, or null. */
export function poetryInterpreter(s: Step, project: string): string | null {
  const img = imagePython(s.input.model);
  const os = osInstalledTool(s, 'poetry');
  if (os)
    return `Poetry is installed here as the OS package ${os}, so it runs on the OS's /usr/bin/python3, and Poetry before 2.0 (or with virtualenvs.use-poetry-python) makes the virtualenv with that interpreter, which ${img.image}'s slim image does not have; install Poetry with pip (\`pip install poetry\`) and convert again.`;
  const use = s.poetry.interpreter;
  if (use) {
    const pin = img.own
      ? `drop it (Poetry then uses the image's python) or name the image's (\`poetry env use python${img.own}\`)`
      : `drop it (Poetry then uses the image's python)`;
    if (use.value === null)
      return `\`${use.cmd}\` installs a Python that Poetry may make the virtualenv with, and the runtime image would not have it; ${pin} and convert again.`;
    // Poetry finds a name on PATH (shutil.which): `python`, like `python3`, is the image's.
    const value = use.value === 'python' ? 'python3' : use.value;
    const got = askedPython({ value, where: `\`${use.cmd}\`` }, img, 'Poetry', pin);
    if (got.kind === 'other') return got.reason;
  }
  return constraintExcludes(s, project, img);
}

/** The project's Python constraints, with where each is written. */
function constraints(s: Step, project: string): { value: string; where: string }[] {
  const text = s.input.files.readByImagePath(path.posix.join(project, 'pyproject.toml'));
  const toml = text === null ? null : parseToml(text);
  const out: { value: string; where: string }[] = [];
  const poetry = tomlAt(tomlAt(tomlAt(toml, 'tool'), 'poetry'), 'dependencies')?.python;
  if (typeof poetry === 'string')
    out.push({ value: poetry, where: '[tool.poetry.dependencies] python' });
  const requires = tomlAt(toml, 'project')?.['requires-python'];
  // Poetry 2 reads [project] (1.x ignores it): both must allow the image's Python.
  if (typeof requires === 'string')
    out.push({ value: requires, where: '[project] requires-python' });
  return out;
}

function constraintExcludes(s: Step, project: string, img: ImagePython): string | null {
  const os = mayHaveOsPython(s, img);
  for (const c of constraints(s, project)) {
    // Name the OS's python3 only where the constraint allows it.
    const other =
      os && allowsPython(c.value, version(img.osPython), null) !== 'no'
        ? `another Python that it allows, such as the OS's /usr/bin/python${img.osPython} (${img.full ? 'the full image has it' : 'the OS packages installed here may bring it'}), which the slim runtime does not have (or the build fails)`
        : 'another Python that it allows, which the slim runtime does not have (or the build fails)';
    const said = `the project's Python constraint \`${c.value}\` (${c.where} in pyproject.toml)`;
    if (!img.minor) {
      // A tag without the minor carries the newest Python: at least the newest OS's python3.
      const from = version(img.osPython);
      const all = Array.from({ length: 8 }, (_, i) =>
        allowsPython(c.value, [from[0], from[1] + i], null),
      );
      if (all.every((a) => a === 'yes')) continue;
      return `FROM ${img.image} does not name the Python minor version, and ${said} does not allow every Python 3 from ${img.osPython} on, so Poetry may make the virtualenv with ${other}; name the Python minor version in the FROM tag and convert again.`;
    }
    const allowed = allowsPython(c.value, img.minor, img.patch);
    // A tag that names X.Y alone carries its newest patch release, in the builder and in the
    // slim runtime alike: a lower patch bound (`>=3.12.4`) is met.
    if (allowed === 'yes' || allowed === 'older-patches') continue;
    const fix = `build FROM a python tag the constraint allows, or make it allow ${img.own}, and convert again`;
    if (allowed === 'unreadable')
      return `msconvert cannot read ${said}, so whether Poetry makes the virtualenv with the image's Python ${img.own} or with ${other} is unknown; ${fix}.`;
    if (allowed === 'some-patches')
      return `${said} does not allow the newest patch releases of Python ${img.own}, and FROM ${img.image} does not name the patch release, so Poetry may make the virtualenv with ${other}; name the patch release in the FROM tag or ${fix}.`;
    return `${said} does not allow ${img.image}'s Python ${img.own}, so Poetry makes the virtualenv with ${other}; ${fix}.`;
  }
  return null;
}
