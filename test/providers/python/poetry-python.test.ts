// The interpreter of the virtualenv Poetry makes: the image's own /usr/local/bin/python3.X
// (what the slim runtime has) unless `poetry env use` names another, Poetry is an OS package
// (running on /usr/bin/python3), or the project's python constraint leaves the image's Python
// out (Poetry then makes the venv with another, such as Debian's /usr/bin/python3.11).
import { convert, MemoryContext } from '../../../src';
import { allowsPython } from '../../../src/providers/python/python-constraint';

const pyproject = (python: string | null, requires: string | null = null) =>
  (requires === null ? '' : `[project]\nname = "api"\nrequires-python = "${requires}"\n`) +
  '[tool.poetry]\nname = "api"\nversion = "0.1.0"\n[tool.poetry.dependencies]\n' +
  (python === null ? '' : `python = "${python}"\n`) +
  'uvicorn = "*"\n';
const files = (python: string | null, requires: string | null = null) => ({
  'pyproject.toml': pyproject(python, requires),
  'poetry.lock': '',
  'main.py': '',
});
const START = 'CMD ["poetry","run","uvicorn","main:app"]\n';
const IN_PROJECT = 'ENV POETRY_VIRTUALENVS_IN_PROJECT=true\n';
const df = (
  middle = '',
  install = 'RUN poetry install --no-root\n',
  from = 'python:3.12-bookworm',
  poetry = 'RUN pip install poetry\n',
) => `FROM ${from}\n${poetry}${middle}WORKDIR /app\nCOPY . .\n${install}${START}`;

describe('the Python a Poetry virtualenv links to', () => {
  it.each([
    ['`^3.12` on python:3.12 (cache folder)', df(), files('^3.12')],
    ['`^3.12` on python:3.12, in-project .venv', df(IN_PROJECT), files('^3.12')],
    ['no python constraint', df(IN_PROJECT), files(null)],
    ['requires-python `>=3.9,<3.13`', df(IN_PROJECT), files(null, '>=3.9,<3.13')],
    ['both constraints allow 3.12', df(), files('>=3.10 <3.13', '>=3.10')],
    ['`~3.12` with a space-joined `|| ^3.9`', df(), files('~3.11 || ^3.12')],
    ['`3.12.*`', df(IN_PROJECT), files('3.12.*')],
    [
      'a lower patch bound, met by the newest patch release a python:3.12 tag carries',
      df(IN_PROJECT),
      files('^3.12.1'),
    ],
    ['a patch bound the tag names', df('', undefined, 'python:3.12.6-bookworm'), files('>=3.12.4')],
    [
      '`poetry env use python3.12`, the image’s',
      df(IN_PROJECT, 'RUN poetry env use python3.12 && poetry install\n'),
      files('^3.12'),
    ],
    [
      '`poetry env use 3.12`',
      df('', 'RUN poetry env use 3.12 && poetry install\n'),
      files('^3.12'),
    ],
    [
      '`poetry env use python3`: the first on PATH, /usr/local/bin',
      df(IN_PROJECT, 'RUN poetry env use python3 && poetry install\n'),
      files('^3.12'),
    ],
    [
      '`poetry env use python`',
      df('', 'RUN poetry env use python && poetry install\n'),
      files('^3.12'),
    ],
    [
      '`poetry env use /usr/local/bin/python3.12`',
      df(IN_PROJECT, 'RUN poetry env use /usr/local/bin/python3.12 && poetry install\n'),
      files('^3.12'),
    ],
    [
      'virtualenvs.create false: an install into the system needs no check',
      df('ENV POETRY_VIRTUALENVS_CREATE=false\n'),
      files('>=3.10,<3.12'),
    ],
    [
      'pipx from apt, Poetry from pip',
      df('RUN apt-get update && apt-get install -y pipx\n'),
      files('^3.12'),
    ],
  ])('converts: %s', (_name, text, ctxFiles) => {
    const ctx = new MemoryContext(ctxFiles);
    const r = convert(text, ctx);
    expect({ status: r.status, reason: r.reason }).toEqual({ status: 'converted', reason: null });
    expect(convert(r.output, ctx).status).toBe('unchanged');
  });

  it.each([
    [
      'a constraint without the image’s 3.12, on a full image with Debian’s 3.11',
      df(),
      files('>=3.10,<3.12'),
      /`>=3\.10,<3\.12` \(\[tool\.poetry\.dependencies\] python in pyproject\.toml\) does not allow python:3\.12-bookworm's Python 3\.12, so Poetry makes the virtualenv with another Python that it allows, such as the OS's \/usr\/bin\/python3\.11 \(the full image has it\)/,
    ],
    [
      'the same, in-project',
      df(IN_PROJECT),
      files('~3.11'),
      /does not allow .*Python 3\.12.*\/usr\/bin\/python3\.11/,
    ],
    [
      'requires-python leaves 3.12 out though the Poetry constraint allows it',
      df(IN_PROJECT),
      files('^3.10', '>=3.10,<3.12'),
      /\[project\] requires-python/,
    ],
    [
      'an OS python3 the constraint leaves out too is not named (python:3.12 may carry trixie’s 3.13)',
      df(IN_PROJECT, undefined, 'python:3.12'),
      files('>=3.10,<3.12'),
      /Python 3\.12, so Poetry makes the virtualenv with another Python that it allows, which the slim runtime/,
    ],
    [
      'a slim image without OS packages: the build fails or another Python is used',
      df(IN_PROJECT, undefined, 'python:3.12-slim'),
      files('<3.12'),
      /another Python that it allows, which the slim runtime does not have \(or the build fails\)/,
    ],
    [
      'an upper patch bound the tag does not name',
      df(IN_PROJECT),
      files('>=3.10,<3.12.3'),
      /does not allow the newest patch releases of Python 3\.12/,
    ],
    ['a constraint msconvert cannot read', df(IN_PROJECT), files('>=3.10.0b1'), /cannot read/],
    [
      '`poetry env use python3.11`, in-project',
      df(IN_PROJECT, 'RUN poetry env use python3.11 && poetry install\n'),
      files('^3.10'),
      /Poetry is asked for Python 3\.11 \(`poetry env use python3\.11`\), but python:3\.12-bookworm has Python 3\.12/,
    ],
    [
      '`poetry env use /usr/bin/python3`',
      df('', 'RUN poetry env use /usr/bin/python3 && poetry install\n'),
      files('^3.10'),
      /`\/usr\/bin\/python3` .*may not be the image's own/,
    ],
    [
      '`poetry env use` from a command substitution',
      df(IN_PROJECT, 'RUN poetry env use $(which python3.11) && poetry install\n'),
      files('^3.10'),
      /cannot resolve/,
    ],
    [
      '`poetry python install`',
      df(IN_PROJECT, 'RUN poetry python install 3.13 && poetry install\n'),
      files('^3.12'),
      /installs a Python/,
    ],
    [
      'Poetry from apt runs on /usr/bin/python3',
      df(
        IN_PROJECT,
        undefined,
        'python:3.12-bookworm',
        'RUN apt-get update && apt-get install -y python3-poetry\n',
      ),
      files('^3.11'),
      /OS package python3-poetry/,
    ],
    [
      'Poetry from an apt pipx',
      df(
        '',
        undefined,
        'python:3.12-bookworm',
        'RUN apt-get update && apt-get install -y pipx && pipx install poetry\n',
      ),
      files('^3.12'),
      /OS package pipx \(`pipx install poetry`\)/,
    ],
  ])('declines: %s', (_name, text, ctxFiles, reason) => {
    const r = convert(text, new MemoryContext(ctxFiles));
    expect({ status: r.status, code: r.code }).toEqual({ status: 'declined', code: 'MSC007' });
    expect(r.reason).toMatch(reason);
    expect(r.output).toBe(text);
  });
});

describe('reading a Python constraint', () => {
  it.each([
    ['^3.10', [3, 12], null, 'yes'],
    ['^3.10', [4, 0], null, 'no'],
    ['~3.11', [3, 12], null, 'no'],
    ['~3.11.2', [3, 11], null, 'older-patches'],
    ['>=3.10,<3.11.4', [3, 11], null, 'some-patches'],
    ['~=3.10', [3, 13], null, 'yes'],
    ['~=3.10.1', [3, 11], null, 'no'],
    ['>=3.9,<3.13', [3, 12], null, 'yes'],
    ['>=3.9, <3.12', [3, 12], null, 'no'],
    ['>= 3.9 < 3.12', [3, 11], null, 'yes'],
    ['>3.11', [3, 11], null, 'older-patches'],
    ['<=3.11', [3, 11], null, 'some-patches'],
    ['<=3.11', [3, 11], 0, 'yes'],
    ['3.11.*', [3, 11], null, 'yes'],
    ['==3.11.*', [3, 12], null, 'no'],
    ['!=3.12.*,>=3.10', [3, 12], null, 'no'],
    ['!=3.12.1', [3, 12], 2, 'yes'],
    ['!=3.12.1', [3, 12], null, 'older-patches'],
    ['3.11', [3, 11], null, 'some-patches'],
    ['^3.8 || ^4.0', [4, 1], null, 'yes'],
    ['^3.8|^4.0', [5, 0], null, 'no'],
    ['*', [3, 7], null, 'yes'],
    ['^0.9', [0, 10], null, 'no'],
    ['>=3.12.4', [3, 12], 6, 'yes'],
    ['>=3.10.0b1', [3, 12], null, 'unreadable'],
    ['python3', [3, 12], null, 'unreadable'],
  ] as const)('%s for %j patch %s: %s', (constraint, minor, patch, expected) => {
    expect(allowsPython(constraint, [minor[0], minor[1]], patch)).toBe(expected);
  });
});
