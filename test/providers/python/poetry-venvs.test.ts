// Poetry's virtualenvs in its cache folder: the folder is copied whole to the same path (the
// venv's name is Poetry's to make), and the installs whose folder cannot be told decline.
import { convert, MemoryContext } from '../../../src';

const PYPROJECT =
  '[tool.poetry]\nname = "api"\nversion = "0.1.0"\n[tool.poetry.dependencies]\npython = "^3.12"\nuvicorn = "*"\n';
const FILES = { 'pyproject.toml': PYPROJECT, 'poetry.lock': '', 'main.py': '' };
const START = 'CMD ["poetry","run","uvicorn","main:app"]\n';
const df = (middle: string, install = 'RUN poetry install --no-root\n') =>
  `FROM python:3.12\nRUN pip install poetry\n${middle}WORKDIR /app\nCOPY . .\n${install}${START}`;

describe('Poetry virtualenvs in the cache folder', () => {
  it.each([
    ['root: /root/.cache/pypoetry/virtualenvs', df(''), '/root/.cache/pypoetry/virtualenvs'],
    [
      'XDG_CACHE_HOME moves the cache folder',
      df('ENV XDG_CACHE_HOME=/var/cache/app\n'),
      '/var/cache/app/pypoetry/virtualenvs',
    ],
    [
      'POETRY_CACHE_DIR names the cache folder and wins over XDG_CACHE_HOME',
      df('ENV XDG_CACHE_HOME=/xdg POETRY_CACHE_DIR=/opt/pypoetry\n'),
      '/opt/pypoetry/virtualenvs',
    ],
    [
      'POETRY_VIRTUALENVS_PATH names the folder itself',
      df('ENV POETRY_CACHE_DIR=/opt/pypoetry POETRY_VIRTUALENVS_PATH=/venvs\n'),
      '/venvs',
    ],
    [
      "a cache mount on Poetry's download cache only",
      df(
        '',
        'RUN --mount=type=cache,target=/root/.cache/pypoetry/cache poetry install --no-root\n',
      ),
      '/root/.cache/pypoetry/virtualenvs',
    ],
    ['HOME set with ENV', df('ENV HOME=/srv\n'), '/srv/.cache/pypoetry/virtualenvs'],
    [
      'a POETRY_VIRTUALENVS_IN_PROJECT other than true or 1 is false to Poetry',
      df('ENV POETRY_VIRTUALENVS_IN_PROJECT=yes\n'),
      '/root/.cache/pypoetry/virtualenvs',
    ],
  ])('%s', (_name, text, folder) => {
    const ctx = new MemoryContext(FILES);
    const r = convert(text, ctx);
    expect({ status: r.status, reason: r.reason }).toEqual({ status: 'converted', reason: null });
    const runtime = r.output.slice(r.output.lastIndexOf('\nFROM '));
    // The folder itself, to the same path, beside poetry (system site-packages) and the app.
    expect(runtime).toContain(`COPY --from=builder ${folder} ${folder}\n`);
    expect(runtime).toContain('/usr/local/lib/python3.12/site-packages');
    expect(runtime).toContain('COPY --from=python-local /python-local /usr/local');
    expect(runtime).toContain(`\n${START}`);
    expect(convert(r.output, ctx).status).toBe('unchanged');
  });

  it('a relative cache folder is taken against the working folder and goes with the app', () => {
    const text = df('', 'RUN POETRY_CACHE_DIR=.cache poetry install --no-root\n');
    const r = convert(text, new MemoryContext(FILES));
    expect(r.status).toBe('converted');
    expect(r.output).toContain('COPY --from=builder /app /app');
    expect(r.explanation?.notes).toContain(
      'installs: pip (system site-packages), poetry (/app/.cache/virtualenvs)',
    );
  });

  it('a user made in the stage: the venv is in its home, copied with it', () => {
    const text = df('RUN useradd -m app\n', 'USER app\nRUN poetry install --no-root\n');
    const r = convert(text, new MemoryContext(FILES));
    expect(r.status).toBe('converted');
    expect(r.output).toContain('COPY --from=builder --chown=app /home/app /home/app');
    expect(r.explanation?.notes).toContain(
      'copied with the home folder of app: /home/app/.cache/pypoetry/virtualenvs',
    );
  });

  it('busybox adduser -h names the home folder the cache is in', () => {
    const text = `FROM python:3.12-alpine\nRUN apk add --no-cache gcc musl-dev && pip install poetry\nRUN adduser -D -h /srv/app app\nUSER app\nWORKDIR /srv/app/src\nCOPY . .\nRUN poetry install --no-root\n${START}`;
    const r = convert(text, new MemoryContext(FILES));
    expect(r.status).toBe('converted');
    expect(r.explanation?.notes).toContain(
      'installs: pip (system site-packages), poetry (/srv/app/.cache/pypoetry/virtualenvs)',
    );
  });

  it.each([
    [
      'the cache folder mounted over the venv',
      df('', 'RUN --mount=type=cache,target=/root/.cache poetry install --no-root\n'),
      /--mount at \/root\/\.cache,/,
    ],
    [
      'a boolean in another case, which Poetry versions read differently',
      df('ENV POETRY_VIRTUALENVS_IN_PROJECT=True\n'),
      /Poetry 2\.1 and later/,
    ],
    ['a numeric user without a home', df('USER 1000\n'), /home folder/],
    [
      "a user the stage did not make (its home is the base image's)",
      df('USER www-data\n'),
      /home folder/,
    ],
    [
      '`poetry config cache-dir`',
      df('RUN poetry config cache-dir /c\n'),
      /cache-dir is set with `poetry config`/,
    ],
    [
      '`poetry config virtualenvs.path --local`',
      df('', 'RUN poetry config --local virtualenvs.path /v && poetry install\n'),
      /virtualenvs\.path/,
    ],
    ['a setting from a variable', df('ARG KEY\nRUN poetry config $KEY true\n'), /cannot read/],
    [
      '`poetry env use`',
      df('', 'RUN poetry env use /usr/bin/python3 && poetry install\n'),
      /interpreter/,
    ],
    [
      'a cache folder from a command substitution',
      df('', 'RUN POETRY_CACHE_DIR=$(mktemp -d) poetry install\n'),
      /cannot resolve/,
    ],
    [
      'a virtualenvs.path with a {cache-dir} template',
      df('ENV POETRY_VIRTUALENVS_PATH={cache-dir}/v\n'),
      /cannot resolve/,
    ],
  ])('declines: %s', (_name, text, reason) => {
    const r = convert(text, new MemoryContext(FILES));
    expect({ status: r.status, code: r.code }).toEqual({ status: 'declined', code: 'MSC007' });
    expect(r.reason).toMatch(reason);
    expect(r.output).toBe(text);
  });

  it.each([
    ['poetry.toml sets cache-dir', { 'poetry.toml': 'cache-dir = "/c"\n' }, /cache-dir/],
    [
      'poetry.toml sets virtualenvs.path',
      { 'poetry.toml': '[virtualenvs]\npath = "/v"\n' },
      /virtualenvs\.path/,
    ],
    [
      'a .venv from the context is what Poetry uses',
      { '.venv/pyvenv.cfg': 'home = /usr/bin\n' },
      /\.dockerignore/,
    ],
  ])('declines: %s', (_name, extra, reason) => {
    const text = df('');
    const r = convert(text, new MemoryContext({ ...FILES, ...extra }));
    expect({ status: r.status, code: r.code }).toEqual({ status: 'declined', code: 'MSC007' });
    expect(r.reason).toMatch(reason);
  });
});
