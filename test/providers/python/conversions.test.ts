// Table tests for Python conversions: where each installer puts its files, what the runtime
// stage copies and installs, and the runtime image it picks.
import { convert, MemoryContext } from '../../../src';
import { APP, REQS } from './common';

interface Row {
  name: string;
  df: string;
  files?: Record<string, string>;
  has?: string[];
  lacks?: string[];
  warn?: string;
  options?: { runtime?: string };
}

describe('python conversions', () => {
  it.each<Row>([
    {
      name: 'pip into the system site-packages: that folder, /usr/local/bin and the app',
      df: `FROM python:3.11\n${APP}RUN pip install --no-cache-dir -r requirements.txt\nCMD ["gunicorn","app:app"]\n`,
      has: [
        'FROM python:3.11-slim\n',
        'COPY --from=builder /usr/local/lib/python3.11/site-packages /usr/local/lib/python3.11/site-packages',
        'FROM builder AS python-local\nRUN set -e; mkdir -p /python-local; cd /usr/local;',
        'COPY --from=python-local /python-local /usr/local',
        'COPY --from=builder /app /app',
      ],
      lacks: ['apt-get'],
    },
    {
      name: 'a codename tag keeps its Debian release after -slim',
      df: `FROM python:3.11.9-bookworm\n${APP}RUN pip install -r requirements.txt\nCMD ["python","app.py"]\n`,
      has: ['FROM python:3.11.9-slim-bookworm\n'],
    },
    {
      name: 'a bullseye builder gets a bullseye runtime and bullseye library names',
      df: `FROM python:3.10-bullseye\nRUN apt-get update && apt-get install -y gcc libpq-dev libssl-dev\n${APP}RUN pip install -r requirements.txt\nCMD ["python","app.py"]\n`,
      has: ['FROM python:3.10-slim-bullseye\n', 'libpq5 libssl1.1'],
      lacks: ['gcc', 'libpq-dev'],
    },
    {
      name: 'alpine stays alpine, with apk run-time libraries',
      df: `FROM python:3.12-alpine\nRUN apk add --no-cache build-base postgresql-dev\n${APP}RUN pip install -r requirements.txt\nCMD ["python","app.py"]\n`,
      has: ['FROM python:3.12-alpine\nRUN apk add --no-cache libpq\n'],
      lacks: ['build-base', '-slim'],
    },
    {
      name: 'a venv on PATH is copied at its absolute path',
      df: `FROM python:3.12\nRUN python -m venv /opt/venv\nENV PATH="/opt/venv/bin:$PATH"\n${APP}RUN pip install -r requirements.txt\nCMD ["gunicorn","app:app"]\n`,
      has: ['COPY --from=builder /opt/venv /opt/venv', 'ENV PATH="/opt/venv/bin:$PATH"'],
      lacks: ['site-packages', 'python-local'],
    },
    {
      name: 'a venv activated in the same RUN',
      df: `FROM python:3.12\n${APP}RUN python3 -m venv --prompt app /venv && . /venv/bin/activate && pip install -r requirements.txt\nCMD ["/venv/bin/gunicorn","app:app"]\n`,
      has: ['COPY --from=builder /venv /venv'],
      lacks: ['site-packages'],
    },
    {
      name: 'pip --user as root: /root/.local',
      df: `FROM python:3.11\n${APP}RUN pip install --user -r requirements.txt\nENV PATH=/root/.local/bin:$PATH\nCMD ["gunicorn","app:app"]\n`,
      has: ['COPY --from=builder /root/.local /root/.local'],
      lacks: ['site-packages'],
    },
    {
      name: 'pip --target outside the app is copied',
      df: `FROM python:3.11\n${APP}RUN pip install --target=/deps -r requirements.txt\nENV PYTHONPATH=/deps\nCMD ["python","app.py"]\n`,
      has: ['COPY --from=builder /deps /deps'],
    },
    {
      name: 'pip --prefix /install is copied',
      df: `FROM python:3.11\n${APP}RUN pip install --prefix /install -r requirements.txt\nENV PYTHONPATH=/install/lib/python3.11/site-packages\nCMD ["python","app.py"]\n`,
      has: ['COPY --from=builder /install /install'],
      lacks: ['/usr/local/lib'],
    },
    {
      name: 'Poetry with virtualenvs.create false installs into the system',
      df: `FROM python:3.12\nRUN pip install poetry && poetry config virtualenvs.create false\n${APP}RUN poetry install --only main --no-root\nCMD ["uvicorn","main:app"]\n`,
      files: {
        'pyproject.toml': '[tool.poetry.dependencies]\npython = "^3.12"\nuvicorn = "*"\n',
      },
      has: ['/usr/local/lib/python3.12/site-packages', 'CMD ["uvicorn","main:app"]'],
    },
    {
      name: 'Poetry in-project venv is copied with the app',
      df: `FROM python:3.12\nENV POETRY_VIRTUALENVS_IN_PROJECT=true\nRUN pip install poetry\n${APP}RUN poetry install --only main\nCMD ["poetry","run","uvicorn","main:app"]\n`,
      files: {
        'pyproject.toml':
          '[tool.poetry]\nname = "a"\n[tool.poetry.dependencies]\nuvicorn = "*"\n[tool.poetry.scripts]\nserve = "a:main"\n',
      },
      has: ['COPY --from=builder /app /app', 'COPY --from=python-local /python-local /usr/local'],
    },
    {
      name: 'poetry.toml read as TOML: a dotted virtualenvs.in-project puts the venv in the app',
      df: `FROM python:3.12\nRUN pip install poetry\n${APP}RUN poetry install --only main\nCMD ["uvicorn","main:app"]\n`,
      files: {
        'pyproject.toml': '[tool.poetry.dependencies]\npython = "^3.12"\nuvicorn = "*"\n',
        'poetry.toml': 'virtualenvs.in-project = true\n',
      },
      has: ['COPY --from=builder /app /app'],
    },
    {
      name: 'poetry.toml [virtualenvs] create = false installs into the system',
      df: `FROM python:3.12\nRUN pip install poetry\n${APP}RUN poetry install --only main --no-root\nCMD ["uvicorn","main:app"]\n`,
      files: {
        'pyproject.toml': '[tool.poetry.dependencies]\npython = "^3.12"\nuvicorn = "*"\n',
        'poetry.toml': '[virtualenvs]\ncreate = false # no venv in the image\n',
      },
      has: ['/usr/local/lib/python3.12/site-packages'],
    },
    {
      name: 'Pipfile extras are read: psycopg with the binary extra bundles libpq',
      df: `FROM python:3.11\nRUN pip install pipenv\n${APP}RUN pipenv install --system --deploy\nCMD ["python","app.py"]\n`,
      files: {
        Pipfile: '[packages]\npsycopg = {version = "*", extras = ["binary"]}\n',
        'app.py': '',
      },
      lacks: ['libpq5'],
    },
    {
      name: 'Poetry dependencies load their libraries; python is not a dependency',
      df: `FROM python:3.12\nRUN pip install poetry && poetry config virtualenvs.create false\n${APP}RUN poetry install --no-root\nCMD ["python","app.py"]\n`,
      files: {
        'pyproject.toml':
          '[tool.poetry.dependencies]\npython = "^3.12"\n"psycopg2" = { version = "^2.9", optional = false }\n',
        'app.py': '',
      },
      has: ['--no-install-recommends libpq5'],
    },
    {
      name: 'Pipenv --system',
      df: `FROM python:3.11\nRUN pip install pipenv\n${APP}RUN pipenv install --system --deploy\nCMD ["celery","-A","tasks","worker"]\n`,
      files: { Pipfile: '[packages]\ncelery = "*"\n' },
      has: ['/usr/local/lib/python3.11/site-packages'],
    },
    {
      name: 'uv sync into the project .venv, uv copied from its image for uv run',
      df: 'FROM python:3.12\nCOPY --from=ghcr.io/astral-sh/uv:latest /uv /bin/uv\nWORKDIR /app\nCOPY . .\nRUN uv sync --frozen --no-dev\nCMD ["uv","run","app.py"]\n',
      files: { 'pyproject.toml': '[project]\nname = "a"\ndependencies = []\n', 'uv.lock': '' },
      has: ['COPY --from=builder /app /app', 'COPY --from=builder /bin/uv /bin/uv'],
    },
    {
      name: 'uv pip install --system',
      df: `FROM python:3.12\nRUN pip install uv\n${APP}RUN uv pip install --system -r requirements.txt\nCMD ["gunicorn","app:app"]\n`,
      has: ['/usr/local/lib/python3.12/site-packages'],
    },
    {
      name: 'psycopg2 from source on the full image needs libpq5 at run time',
      df: `FROM python:3.11\n${APP}RUN pip install -r requirements.txt\nCMD ["python","app.py"]\n`,
      files: { 'requirements.txt': 'psycopg2==2.9.9\nmysqlclient\n' },
      has: ['install -y --no-install-recommends libpq5 libmariadb3'],
    },
    {
      name: 'psycopg[binary] bundles libpq',
      df: `FROM python:3.11\n${APP}RUN pip install -r requirements.txt\nCMD ["python","app.py"]\n`,
      files: { 'requirements.txt': 'psycopg[binary]>=3.1\n' },
      lacks: ['libpq5', 'apt-get'],
    },
    {
      name: 'packages named on the pip command line count too',
      df: `FROM python:3.11\n${APP}RUN pip install "psycopg2==2.9.9" waitress\nCMD ["waitress-serve","app:app"]\n`,
      has: ['libpq5', 'CMD ["waitress-serve","app:app"]'],
    },
    {
      name: 'a slim builder: build tools stay behind, -dev headers become libraries',
      df: `FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends build-essential libpq-dev\n${APP}RUN pip install -r requirements.txt\nCMD ["gunicorn","app:app"]\n`,
      has: [
        'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends libpq5',
      ],
      lacks: ['build-essential'],
    },
    {
      name: 'run-time apt packages are installed again',
      df: `FROM python:3.11\nRUN apt-get update && apt-get install -y ffmpeg\n${APP}RUN pip install -r requirements.txt\nCMD ["python","app.py"]\n`,
      has: ['install -y --no-install-recommends ffmpeg'],
    },
    {
      name: 'HEALTHCHECK with curl installs curl',
      df: `FROM python:3.11\n${APP}RUN pip install -r requirements.txt\nHEALTHCHECK CMD curl -f http://localhost:8000/ || exit 1\nCMD ["gunicorn","app:app"]\n`,
      has: ['--no-install-recommends curl'],
      warn: 'MSC110',
    },
    {
      name: 'a python entrypoint script and manage.py commands',
      df: `FROM python:3.11\n${APP}RUN pip install -r requirements.txt\nENTRYPOINT ["./entrypoint.py"]\nCMD ["python","manage.py","migrate"]\n`,
      files: { ...REQS, 'entrypoint.py': '#!/usr/bin/env python\nprint(1)\n', 'manage.py': '' },
      has: ['ENTRYPOINT ["./entrypoint.py"]'],
    },
    {
      name: 'collectstatic into an absolute STATIC_ROOT outside the app',
      df: `FROM python:3.11\n${APP}RUN pip install -r requirements.txt && python manage.py collectstatic --noinput\nCMD ["gunicorn","site.wsgi"]\n`,
      files: {
        ...REQS,
        'manage.py': '',
        'site/settings.py': 'STATIC_ROOT = "/srv/static"\n',
      },
      has: ['COPY --from=builder /srv/static /srv/static'],
    },
    {
      name: 'collectstatic with no STATIC_ROOT found warns',
      df: `FROM python:3.11\n${APP}RUN pip install -r requirements.txt && python manage.py collectstatic --noinput\nCMD ["gunicorn","site.wsgi"]\n`,
      files: { ...REQS, 'manage.py': '' },
      warn: 'MSC105',
    },
    {
      name: 'a folder the original creates and hands to the app user is copied',
      df: `FROM python:3.11\nRUN useradd -m app && mkdir -p /data && chown app /data\n${APP}RUN pip install -r requirements.txt\nUSER app\nCMD ["gunicorn","app:app"]\n`,
      has: ['COPY --from=builder --chown=app /data /data', 'COPY --from=builder /etc/passwd'],
    },
    {
      name: 'a command the source runs that only the full image had is installed',
      df: `FROM python:3.11\n${APP}RUN pip install -r requirements.txt\nCMD ["python","app.py"]\n`,
      files: {
        ...REQS,
        'app.py': 'import subprocess\nsubprocess.run(["git", "pull"], check=True)\n',
        'jobs/backup.py': 'import os\nos.system("pg_dump mydb > /tmp/x")\n',
      },
      has: ['--no-install-recommends git'],
      lacks: ['postgresql-client'],
    },
    {
      name: "Python's own /usr/local entries stay the slim image's; the rest comes along",
      df: `FROM python:3.11\n${APP}RUN pip install jupyterlab\nCMD ["jupyter","lab","--ip=0.0.0.0"]\n`,
      has: [
        'for f in bin/* share/* etc/*; do',
        'bin/python|bin/python3|bin/python3.*|bin/python-config|bin/python3-config|bin/pip|',
        'share/man|share/ca-certificates) ;;',
      ],
      lacks: ['COPY --from=builder /usr/local/bin', 'COPY --from=builder /usr/local/share'],
    },
    {
      name: 'a non-root builder gathers /usr/local as root',
      df: `FROM python:3.11\nRUN useradd -m app\n${APP}RUN pip install -r requirements.txt\nUSER app\nCMD ["gunicorn","app:app"]\n`,
      has: ['FROM builder AS python-local\nUSER root\nRUN set -e'],
    },
    {
      name: 'an entrypoint copied into /usr/local/bin comes with the gathered folder',
      df: `FROM python:3.11\n${APP}RUN pip install -r requirements.txt\nCOPY entrypoint.sh /usr/local/bin/\nENTRYPOINT ["entrypoint.sh"]\nCMD ["gunicorn","app:app"]\n`,
      files: { ...REQS, 'entrypoint.sh': '#!/bin/sh\nexec "$@"\n' },
      has: ['COPY --from=python-local /python-local /usr/local'],
      lacks: ['COPY --from=builder /usr/local/bin/entrypoint.sh'],
    },
    {
      name: 'FROM parameterised by the Python version keeps the ARG in the paths',
      df: `ARG PYTHON_VERSION=3.11\nFROM python:\${PYTHON_VERSION}-slim-bookworm AS build\nRUN apt-get update && apt-get install -y gcc\n${APP}RUN pip install -r requirements.txt\nCMD ["python","app.py"]\n`,
      has: [
        'FROM python:${PYTHON_VERSION}-slim-bookworm\nARG PYTHON_VERSION\n',
        'COPY --from=build /usr/local/lib/python${PYTHON_VERSION}/site-packages',
      ],
    },
    {
      name: 'a digest pin is dropped with a warning',
      df: `FROM python:3.11@sha256:${'a'.repeat(64)}\n${APP}RUN pip install -r requirements.txt\nCMD ["python","app.py"]\n`,
      has: ['FROM python:3.11-slim\n'],
      warn: 'MSC104',
    },
    {
      name: '--runtime with an image is taken as given, with a warning',
      df: `FROM python:3.11\n${APP}RUN pip install -r requirements.txt\nCMD ["python","app.py"]\n`,
      options: { runtime: 'registry.example.com/python:3.11-slim' },
      has: ['FROM registry.example.com/python:3.11-slim\n'],
      warn: 'MSC109',
    },
  ])('$name', ({ df, files, has: wanted, lacks, warn, options }) => {
    const ctx = new MemoryContext(files ?? REQS);
    const r = convert(df, ctx, options ?? {});
    expect({ status: r.status, reason: r.reason }).toEqual({ status: 'converted', reason: null });
    expect(r.language).toBe('python');
    for (const h of wanted ?? []) expect(r.output).toContain(h);
    for (const l of lacks ?? []) expect(r.output.slice(df.length)).not.toContain(l);
    if (warn) expect(r.warnings.map((w) => w.code)).toContain(warn);
    expect(convert(r.output, ctx, options ?? {}).status).toBe('unchanged');
  });
});
