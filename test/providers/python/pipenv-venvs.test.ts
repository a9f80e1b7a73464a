// Pipenv's virtualenvs folder (WORKON_HOME, else $XDG_DATA_HOME/virtualenvs, else
// ~/.local/share/virtualenvs): copied whole to the same path, as Poetry's; the venv's
// interpreter must be the image's own, and what depends on the Pipenv version declines.
import { convert, MemoryContext } from '../../../src';

const PIPFILE = '[packages]\nflask = "*"\n\n[requires]\npython_version = "3.12"\n';
const FILES = { Pipfile: PIPFILE, 'Pipfile.lock': '{}', 'app.py': '' };
const START = 'CMD ["pipenv","run","python","app.py"]\n';
const df = (
  middle: string,
  install = 'RUN pipenv install --deploy\n',
  from = 'python:3.12',
  start = START,
) => `FROM ${from}\nRUN pip install pipenv\n${middle}WORKDIR /app\nCOPY . .\n${install}${start}`;
const runtimeOf = (output: string) => output.slice(output.lastIndexOf('\nFROM '));

describe("Pipenv's virtualenvs folder", () => {
  it.each([
    ['root: ~/.local/share/virtualenvs', df(''), '/root/.local/share/virtualenvs'],
    ['`pipenv sync`', df('', 'RUN pipenv sync\n'), '/root/.local/share/virtualenvs'],
    [
      'XDG_DATA_HOME moves the data folder',
      df('ENV XDG_DATA_HOME=/var/lib/app\n'),
      '/var/lib/app/virtualenvs',
    ],
    [
      'WORKON_HOME names the folder itself and wins over XDG_DATA_HOME',
      df('ENV XDG_DATA_HOME=/xdg WORKON_HOME=/venvs\n'),
      '/venvs',
    ],
    ['a WORKON_HOME under ~', df('ENV WORKON_HOME=~/.venvs\n'), '/root/.venvs'],
    ['HOME set with ENV', df('ENV HOME=/srv\n'), '/srv/.local/share/virtualenvs'],
    [
      'PIPENV_CUSTOM_VENV_NAME names the venv in the same folder',
      df('ENV PIPENV_CUSTOM_VENV_NAME=app\n'),
      '/root/.local/share/virtualenvs',
    ],
    [
      'the version asked with --python is the image’s',
      df('', 'RUN pipenv install --python 3.12 --deploy\n'),
      '/root/.local/share/virtualenvs',
    ],
    [
      '`pipenv --python` in a command of its own, the Pipfile naming none',
      df('', 'RUN pipenv --python 3.12 && pipenv install\n'),
      '/root/.local/share/virtualenvs',
    ],
    [
      'PIPENV_PYTHON names the image’s interpreter by path',
      df('ENV PIPENV_PYTHON=/usr/local/bin/python3.12\n'),
      '/root/.local/share/virtualenvs',
    ],
  ])('%s', (_name, text, folder) => {
    const ctx = new MemoryContext(FILES);
    const r = convert(text, ctx);
    expect({ status: r.status, reason: r.reason }).toEqual({ status: 'converted', reason: null });
    const runtime = runtimeOf(r.output);
    // The folder itself, to the same path, beside pipenv (system site-packages) and the app.
    expect(runtime).toContain(`COPY --from=builder ${folder} ${folder}\n`);
    expect(runtime).toContain('/usr/local/lib/python3.12/site-packages');
    expect(runtime).toContain('COPY --from=python-local /python-local /usr/local');
    expect(runtime).toContain('COPY --from=builder /app /app\nWORKDIR /app\n');
    expect(runtime).toContain(`\n${START}`);
    expect(convert(r.output, ctx).status).toBe('unchanged');
  });

  it('a user made in the stage: the venv is in its home, copied with it', () => {
    const text = df('RUN useradd -m app\n', 'USER app\nRUN pipenv install --deploy\n');
    const r = convert(text, new MemoryContext(FILES));
    expect(r.status).toBe('converted');
    expect(r.output).toContain('COPY --from=builder --chown=app /home/app /home/app');
    expect(r.explanation?.notes).toContain(
      'copied with the home folder of app: /home/app/.local/share/virtualenvs',
    );
  });

  it('useradd -d names the home folder the venvs are in', () => {
    const text = df('RUN useradd -m -d /srv/home app\n', 'USER app\nRUN pipenv install\n');
    const r = convert(text, new MemoryContext(FILES));
    expect(r.status).toBe('converted');
    expect(r.explanation?.notes).toContain(
      'installs: pip (system site-packages), pipenv (/srv/home/.local/share/virtualenvs)',
    );
  });

  it('an empty XDG_DATA_HOME makes a relative folder, which goes with the app', () => {
    const r = convert(df('', 'RUN XDG_DATA_HOME= pipenv install\n'), new MemoryContext(FILES));
    expect(r.status).toBe('converted');
    expect(r.explanation?.notes).toContain(
      'installs: pip (system site-packages), pipenv (/app/virtualenvs)',
    );
  });

  it.each([
    [
      'no version asked on a full image whose Debian Python is older than the image’s',
      { Pipfile: '[packages]\n' },
      df('', undefined, 'python:3.12-bookworm'),
    ],
    [
      'bullseye with the image’s 3.9, the same minor as Debian’s (the image’s patch is newer)',
      { Pipfile: '[packages]\n' },
      df('', undefined, 'python:3.9-bullseye'),
    ],
    [
      'a slim bookworm builder with build packages, its Python newer than Debian’s',
      { Pipfile: '[packages]\n' },
      df('RUN apt-get update && apt-get install -y gcc\n', undefined, 'python:3.12-slim-bookworm'),
    ],
  ])('converts: %s', (_name, files, text) => {
    const r = convert(text, new MemoryContext({ ...FILES, ...files }));
    expect({ status: r.status, reason: r.reason }).toEqual({ status: 'converted', reason: null });
    expect(runtimeOf(r.output)).toContain('/root/.local/share/virtualenvs');
  });

  it('PIPENV_VENV_IN_PROJECT=1: the venv is the project’s .venv, copied with the app', () => {
    const r = convert(df('ENV PIPENV_VENV_IN_PROJECT=1\n'), new MemoryContext(FILES));
    expect(r.status).toBe('converted');
    expect(r.output).not.toContain('virtualenvs');
    expect(r.explanation?.notes).toContain(
      'installs: pip (system site-packages), pipenv (/app/.venv)',
    );
  });

  it('PIPENV_SYSTEM=1 is --system: the packages go to the system site-packages', () => {
    const r = convert(df('ENV PIPENV_SYSTEM=1\n'), new MemoryContext(FILES));
    expect(r.status).toBe('converted');
    expect(r.output).not.toContain('virtualenvs');
    expect(r.explanation?.notes).toContain(
      'installs: pip (system site-packages), pipenv (system site-packages)',
    );
  });

  it('a .venv made in the project before is the venv Pipenv installs into', () => {
    const text = df('', 'RUN python -m venv .venv && pipenv install\n');
    const r = convert(text, new MemoryContext({ ...FILES, Pipfile: '[packages]\n' }));
    expect(r.status).toBe('converted');
    expect(r.output).not.toContain('virtualenvs');
    expect(r.explanation?.notes).toContain(
      'installs: pip (system site-packages), pipenv (/app/.venv)',
    );
  });

  it.each([
    ['a numeric user without a home', df('USER 1000\n'), /home folder/],
    [
      "a user the stage did not make (its home is the base image's)",
      df('USER www-data\n'),
      /cannot tell that user's home folder/,
    ],
    [
      'a folder from a command substitution',
      df('', 'RUN WORKON_HOME=$(mktemp -d) pipenv install\n'),
      /depends on `\$\(mktemp -d\)`/,
    ],
    [
      'a cache mount over the venvs folder',
      df('', 'RUN --mount=type=cache,target=/root/.local pipenv install\n'),
      /--mount at \/root\/\.local,/,
    ],
    [
      'PIPENV_VENV_IN_PROJECT=0, which Pipenv before 2022.10 reads as true',
      df('ENV PIPENV_VENV_IN_PROJECT=0\n'),
      /2022\.10/,
    ],
    [
      'another version asked with --python',
      df('', 'RUN pipenv install --python 3.11\n'),
      /asked for Python 3\.11 \(--python 3\.11\), but python:3\.12 has Python 3\.12/,
    ],
    [
      'an interpreter path that is not the image’s',
      df('ENV PIPENV_PYTHON=/usr/bin/python3\n'),
      /`\/usr\/bin\/python3` \(PIPENV_PYTHON\)/,
    ],
    ['Python 2 asked with --two', df('', 'RUN pipenv install --two\n'), /Python 2 \(--two\)/],
    [
      'Pipenv from the OS packages (it runs on /usr/bin/python3)',
      'FROM python:3.12\nRUN apt-get update && apt-get install -y pipenv\nWORKDIR /app\nCOPY . .\nRUN pipenv install\nCMD ["/bin/sh","-c","exec /root/.local/share/virtualenvs/app-*/bin/python app.py"]\n',
      /OS package pipenv/,
    ],
  ])('declines: %s', (_name, text, reason) => {
    const r = convert(text, new MemoryContext(FILES));
    expect({ status: r.status, code: r.code }).toEqual({ status: 'declined', code: 'MSC007' });
    expect(r.reason).toMatch(reason);
    expect(r.output).toBe(text);
  });

  it.each([
    [
      'the Pipfile asks for another Python than the image’s',
      { Pipfile: '[requires]\npython_version = "3.9"\n' },
      df(''),
      /Python 3\.9 \(the Pipfile's \[requires\] python_version\)/,
    ],
    [
      'no version asked on a full image without a release in its tag (may be trixie, Python 3.13)',
      { Pipfile: '[packages]\n' },
      df(''),
      /newest Python on PATH, which may be the OS's python3\.13 \(the full image has it\) rather than the image's 3\.12/,
    ],
    [
      'no version asked, python:3.10 on bookworm (Debian’s 3.11 is newer)',
      { Pipfile: '[packages]\n' },
      df('', undefined, 'python:3.10-bookworm'),
      /python3\.11 \(the full image has it\).*python_version = "3\.10"/,
    ],
    [
      'no version asked on a slim builder that installs OS packages',
      { Pipfile: '[packages]\n' },
      df(
        'RUN apt-get update && apt-get install -y supervisor\n',
        undefined,
        'python:3.10-slim-bookworm',
      ),
      /the OS packages installed here may bring it/,
    ],
    [
      "the Pipfile's [pipenv] venv_in_project, read from Pipenv 2026.2 on only",
      { Pipfile: `${PIPFILE}\n[pipenv]\nvenv_in_project = true\n` },
      df(''),
      /2026\.2/,
    ],
    [
      'a .venv from the build context, which Pipenv uses instead',
      { '.venv/bin/python': '' },
      df(''),
      /\.venv folder from the build context.*\.dockerignore/,
    ],
  ])('declines: %s', (_name, files, text, reason) => {
    const r = convert(text, new MemoryContext({ ...FILES, ...files }));
    expect({ status: r.status, code: r.code }).toEqual({ status: 'declined', code: 'MSC007' });
    expect(r.reason).toMatch(reason);
  });
});
