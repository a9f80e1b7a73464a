// An unpinned tag (python:slim, python:3-alpine) used as-is for the runtime is the same image
// on both sides of one build, so the Python is the same whatever version it is (issue #14):
// a virtual environment is converted; the slim image without the compilers is the gain.
import { convert, MemoryContext } from '../../../src';
import { APP, REQS } from './common';

const venv = (from: string, tools: string): string =>
  `FROM ${from}\nRUN ${tools}\n${APP}RUN python -m venv /opt/venv && /opt/venv/bin/pip install --no-cache-dir -r requirements.txt\nENV PATH=/opt/venv/bin:$PATH\nCMD ["python","app.py"]\n`;

describe('python on an unpinned tag kept as the runtime', () => {
  it.each([
    ['python:slim', 'apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev'],
    ['python:3-slim', 'apt-get update && apt-get install -y --no-install-recommends gcc'],
    ['python:alpine', 'apk add --no-cache build-base'],
  ])('%s with a virtual environment converts onto the same tag', (from, tools) => {
    const r = convert(venv(from, tools), new MemoryContext(REQS));
    expect({ status: r.status, reason: r.reason }).toEqual({ status: 'converted', reason: null });
    const runtime = r.output.slice(r.output.lastIndexOf('\nFROM ') + 1);
    expect(runtime.split('\n')[0]).toBe(`FROM ${from}`);
    expect(runtime).toContain('COPY --from=builder /opt/venv /opt/venv');
    expect(runtime).not.toMatch(/gcc|build-base/);
    expect(r.explanation?.runtimeWhy).toMatch(/already/);
  });

  it('a full image without the minor still declines: its slim twin is another image', () => {
    const r = convert(venv('python:3', 'true'), new MemoryContext(REQS));
    expect({ status: r.status, code: r.code }).toEqual({ status: 'declined', code: 'MSC015' });
  });

  it('a named --runtime is assumed to have the builder’s Python', () => {
    const r = convert(
      venv('python:slim', 'apt-get update && apt-get install -y gcc'),
      new MemoryContext(REQS),
      { runtime: 'registry.example.com/python:slim' },
    );
    expect(r.warnings.map((w) => w.message).join('\n')).toMatch(/the builder's Python/);
  });
});
