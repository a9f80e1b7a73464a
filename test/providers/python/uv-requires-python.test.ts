// uv's virtualenv and the project's requires-python: when it leaves the image's minor out, uv
// makes the venv with another Python it finds (Debian's /usr/bin/python3.11 on
// python:3.12-bookworm) or downloads one, and the slim runtime has neither.
import { convert, MemoryContext } from '../../../src';

const files = (requires: string) => ({
  'pyproject.toml': `[project]\nname = "a"\nversion = "0.1.0"\nrequires-python = "${requires}"\ndependencies = ["flask"]\n`,
  'uv.lock': '',
  'app.py': '',
});
const df = (from = 'python:3.12-bookworm') =>
  `FROM ${from}\nCOPY --from=ghcr.io/astral-sh/uv /uv /bin/uv\nWORKDIR /app\nCOPY . .\nRUN uv sync --frozen\nENV PATH=/app/.venv/bin:$PATH\nCMD ["python","app.py"]\n`;

describe("uv and the project's requires-python", () => {
  it.each([['>=3.10'], ['>=3.10,<3.13'], ['~=3.12'], ['>=3.12.4']])(
    'converts: %s allows the image’s 3.12',
    (requires) => {
      const ctx = new MemoryContext(files(requires));
      const r = convert(df(), ctx);
      expect({ status: r.status, reason: r.reason }).toEqual({ status: 'converted', reason: null });
    },
  );

  it.each([['>=3.10,<3.12'], ['~=3.10.0'], ['!=3.12.*,>=3.9'], ['==3.11.*']])(
    'declines: %s leaves the image’s 3.12 out',
    (requires) => {
      const text = df();
      const r = convert(text, new MemoryContext(files(requires)));
      expect({ status: r.status, code: r.code }).toEqual({ status: 'declined', code: 'MSC011' });
      expect(r.reason).toContain(
        `the project's requires-python \`${requires}\` does not allow python:3.12-bookworm's Python 3.12, so uv makes the virtual environment with another Python it finds`,
      );
      expect(r.output).toBe(text);
    },
  );
});
