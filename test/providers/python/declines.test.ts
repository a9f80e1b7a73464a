// Table tests for what the Python provider declines, with the code and the reason's gist.
import { convert, MemoryContext } from '../../../src';
import { APP, REQS } from './common';

describe('python declines', () => {
  it.each([
    [
      'manage.py runserver',
      `FROM python:3.11\n${APP}RUN pip install -r requirements.txt\nCMD ["python","manage.py","runserver","0.0.0.0:8000"]\n`,
      'MSC005',
      /runserver/,
    ],
    [
      'uvicorn --reload inside a shell command line (the reload rewrite reads plain starts only)',
      `FROM python:3.11\n${APP}RUN pip install -r requirements.txt\nCMD ["sh","-c","uvicorn main:app --reload"]\n`,
      'MSC005',
      /--reload/,
    ],
    [
      'flask run --debug',
      `FROM python:3.11\n${APP}RUN pip install -r requirements.txt\nCMD ["flask","run","--debug","--host=0.0.0.0"]\n`,
      'MSC005',
      /flask run/,
    ],
    [
      'flask run with FLASK_DEBUG=1',
      `FROM python:3.11\nENV FLASK_DEBUG=1\n${APP}RUN pip install -r requirements.txt\nCMD flask run --host=0.0.0.0\n`,
      'MSC005',
      /debug/,
    ],
    [
      'pip install at start',
      `FROM python:3.11\n${APP}CMD pip install -r requirements.txt && python app.py\n`,
      'MSC005',
      /pip install/,
    ],
    [
      'pip install in the entrypoint script',
      `FROM python:3.11\n${APP}RUN pip install -r requirements.txt\nENTRYPOINT ["./start.sh"]\n`,
      'MSC005',
      /pip install/,
    ],
    [
      'conda image',
      'FROM continuumio/miniconda3\nWORKDIR /app\nCOPY . .\nRUN conda install -y numpy\nCMD ["python","app.py"]\n',
      'MSC002',
      /conda/,
    ],
    [
      'conda on a python image',
      `FROM python:3.11\n${APP}RUN pip install conda && conda install -y numpy\nCMD ["python","app.py"]\n`,
      'MSC002',
      /conda/,
    ],
    [
      'Python on a non-python image',
      `FROM debian:12\nRUN apt-get update && apt-get install -y python3-pip\n${APP}RUN pip3 install -r requirements.txt\nCMD ["python3","app.py"]\n`,
      'MSC002',
      /Python.*not on a python image/,
    ],
    ['no CMD', `FROM python:3.11\n${APP}RUN pip install -r requirements.txt\n`, 'MSC006', /CMD/],
    [
      'nothing installed',
      `FROM python:3.11\n${APP}CMD ["python","app.py"]\n`,
      'MSC006',
      /nothing is installed/,
    ],
    [
      'nothing gained on a slim builder',
      `FROM python:3.11-slim\n${APP}RUN pip install -r requirements.txt\nCMD ["python","app.py"]\n`,
      'MSC006',
      /gains nothing/,
    ],
    [
      'app in /',
      'FROM python:3.11\nCOPY . .\nRUN pip install -r requirements.txt\nCMD ["python","app.py"]\n',
      'MSC012',
      /WORKDIR/,
    ],
    [
      'no minor version in the tag',
      `FROM python:3\n${APP}RUN pip install -r requirements.txt\nCMD ["python","app.py"]\n`,
      'MSC015',
      /pin it/,
    ],
    [
      'latest',
      `FROM python\n${APP}RUN pip install -r requirements.txt\nCMD ["python","app.py"]\n`,
      'MSC015',
      /minor version/,
    ],
    [
      'unpinned slim kept as the runtime, but packages in the system site-packages',
      `FROM python:slim\nRUN apt-get update && apt-get install -y gcc\n${APP}RUN pip install -r requirements.txt\nCMD ["python","app.py"]\n`,
      'MSC015',
      /minor version/,
    ],
    [
      'unpinned slim kept as the runtime, but uv pins another interpreter',
      `FROM python:3-slim\nRUN apt-get update && apt-get install -y gcc\nRUN pip install uv\n${APP}RUN uv venv --python 3.12 /opt/venv && uv pip install --python /opt/venv/bin/python -r requirements.txt\nENV PATH=/opt/venv/bin:$PATH\nCMD ["python","app.py"]\n`,
      'MSC015',
      /minor version/,
    ],
    [
      'uv pinned to another Python than the image',
      'FROM python:3.12\nCOPY --from=ghcr.io/astral-sh/uv /uv /bin/uv\nWORKDIR /app\nCOPY . .\nRUN uv sync --frozen\nENV PATH=/app/.venv/bin:$PATH\nCMD ["python","app.py"]\n',
      'MSC011',
      /Python 3\.11/,
    ],
    [
      'uv python install',
      `FROM python:3.12\nRUN pip install uv && uv python install 3.13\n${APP}RUN uv sync\nCMD ["python","app.py"]\n`,
      'MSC007',
      /uv python install/,
    ],
    [
      'pip --root',
      `FROM python:3.11\n${APP}RUN pip install --root /staging -r requirements.txt\nCMD ["python","app.py"]\n`,
      'MSC007',
      /--root/,
    ],
    [
      'an untraceable start command',
      `FROM python:3.11\n${APP}RUN pip install -r requirements.txt\nCMD ["mystery-server"]\n`,
      'MSC008',
      /mystery-server/,
    ],
    [
      '--runtime alpine for a Debian build',
      `FROM python:3.11\n${APP}RUN pip install -r requirements.txt\nCMD ["python","app.py"]\n`,
      'MSC011',
      /musl/,
    ],
    [
      '--runtime distroless',
      `FROM python:3.11\n${APP}RUN pip install -r requirements.txt\nCMD ["python","app.py"]\n`,
      'MSC011',
      /no Python/,
    ],
  ])('declines: %s', (name, df, code, reason) => {
    const ctx = new MemoryContext({
      ...REQS,
      'start.sh': '#!/bin/sh\npip install -r requirements.txt\nexec gunicorn app:app\n',
      '.python-version': '3.11\n',
      'pyproject.toml': '[project]\nname = "a"\nrequires-python = ">=3.11"\n',
    });
    const runtime = name.startsWith('--runtime alpine')
      ? 'alpine'
      : name.startsWith('--runtime distroless')
        ? 'distroless'
        : undefined;
    const r = convert(df, ctx, runtime ? { runtime } : {});
    expect({ status: r.status, code: r.code }).toEqual({ status: 'declined', code });
    expect(r.reason).toMatch(reason);
    expect(r.output).toBe(df);
  });
});
