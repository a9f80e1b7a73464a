// uvicorn/gunicorn/flask run with --reload at start: the runtime starts the same server
// without the reload flags (MSC180); other reloaders and unreadable starts stay declined.
import { convert, MemoryContext } from '../../../src';

const ctx = () =>
  new MemoryContext({
    'requirements.txt': 'fastapi\nuvicorn\ngunicorn\nflask\n',
    'main.py': 'app = None\n',
  });
const head = 'FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\n';

describe('--reload dropped from the runtime start (MSC180)', () => {
  it.each([
    [
      'uvicorn with --reload-dir and its value',
      'CMD ["uvicorn", "main:app", "--reload", "--reload-dir", "src", "--host", "0.0.0.0"]',
      ['CMD ["uvicorn", "main:app", "--host", "0.0.0.0"]'],
    ],
    ['shell form', 'CMD uvicorn main:app --reload --port 80', ['CMD uvicorn main:app --port 80']],
    [
      'python -m uvicorn, --reload-dir=',
      'CMD ["python", "-m", "uvicorn", "main:app", "--reload-dir=src", "--reload"]',
      ['CMD ["python", "-m", "uvicorn", "main:app"]'],
    ],
    [
      'gunicorn',
      'CMD ["gunicorn", "--reload", "-b", "0.0.0.0:80", "main:app"]',
      ['CMD ["gunicorn", "-b", "0.0.0.0:80", "main:app"]'],
    ],
  ])('%s', (_name, start, starts) => {
    const text = `${head}${start}\n`;
    const r = convert(text, ctx());
    expect({ status: r.status, reason: r.reason }).toEqual({ status: 'converted', reason: null });
    const [builder, runtime] = r.output.split(/\n\nFROM python:3.12-slim\n/);
    // The builder is the original, unchanged.
    expect(builder.split('\n\nFROM ')[0] + '\n').toBe(text.replace('3.12\n', '3.12 AS builder\n'));
    expect(runtime.split('\n').filter((l) => l.startsWith('CMD'))).toEqual(starts);
    expect(r.warnings.map((w) => w.code)).toContain('MSC180');
  });

  it.each([
    ['Django runserver', 'CMD ["python", "manage.py", "runserver", "--autoreload"]'],
    ['a reloader msconvert does not know', 'CMD ["uvicorn", "main:app", "--reload", "--reloadx"]'],
    ['through a shell', 'CMD ["sh", "-c", "uvicorn main:app --reload"]'],
    ['a value missing', 'CMD ["uvicorn", "main:app", "--reload-dir"]'],
  ])('%s: declined (MSC005)', (_name, start) => {
    const r = convert(`${head}${start}\n`, ctx());
    expect({ status: r.status, code: r.code }).toEqual({ status: 'declined', code: 'MSC005' });
  });

  it('--keep-start declines as before', () => {
    const r = convert(`${head}CMD ["uvicorn", "main:app", "--reload"]\n`, ctx(), {
      keepStart: true,
    });
    expect(r.status).toBe('declined');
    expect(r.reason).toContain('with --reload, a Python development server');
  });
});
