// BuildKit's own parser test data (../shared/peer/buildkit-parser, see its SOURCE.txt) through
// convert() and through the built CLI: nothing throws, every result is one of the four
// statuses with a reason and a code when not converted, a conversion converts to 'unchanged'
// the second time, the files BuildKit must reject are errors, and msconvert's parser reads as
// many instructions as BuildKit's own parse dump shows (or says it cannot read the file).
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { convert, EMPTY_CONTEXT, FsContext, MemoryContext, type ConvertResult } from '../src';
import { parseDockerfile } from '../src/parse';
import { ensureBuilt, STATUSES } from './arbitraries';
import { CLI, ROOT } from './helpers';

const PEER = path.resolve(ROOT, '..', 'shared', 'peer', 'buildkit-parser');

interface PeerFile {
  name: string;
  negative: boolean;
  file: string;
  /** Top-level instructions in BuildKit's parse dump (positive cases only). */
  buildkitCount: number | null;
}

function peerFiles(): PeerFile[] {
  const out: PeerFile[] = [];
  for (const [dir, negative] of [
    ['testfiles', false],
    ['testfiles-negative', true],
  ] as const) {
    const base = path.join(PEER, dir);
    for (const name of fs.readdirSync(base).sort()) {
      const file = path.join(base, name, 'Dockerfile');
      if (!fs.existsSync(file)) continue;
      const result = path.join(base, name, 'result');
      const buildkitCount = fs.existsSync(result)
        ? fs
            .readFileSync(result, 'utf8')
            .split('\n')
            .filter((l) => l.startsWith('(')).length
        : null;
      out.push({ name: `${dir}/${name}`, negative, file, buildkitCount });
    }
  }
  return out;
}

// The data lives beside the repository (shared/), not in it: a fresh clone has none. There the
// suite says what it skips and why; under CI (CI set), where shared/ is always laid beside the
// clone, a missing folder is a failure instead.
const PRESENT = fs.existsSync(PEER);
if (!PRESENT) {
  if (process.env.CI) {
    it('needs the peer data under CI', () => {
      throw new Error(
        `${PEER} is missing: CI must lay shared/ beside the repository (BuildKit's parser test data)`,
      );
    });
  } else {
    console.log(
      `test/peer-buildkit.test.ts skipped: ${PEER} is not there (BuildKit's parser test data, kept in shared/ beside the repository; CI runs it)`,
    );
    it.skip("BuildKit's parser test data (needs ../shared/peer/buildkit-parser)", () => undefined);
  }
}
const FILES = PRESENT ? peerFiles() : [];

function expectWellFormed(r: ConvertResult, input: string): void {
  expect(STATUSES).toContain(r.status);
  if (r.status === 'converted') {
    expect(r.reason).toBeNull();
    return;
  }
  expect(r.output).toBe(input);
  expect(typeof r.reason).toBe('string');
  expect((r.reason ?? '').trim()).not.toBe('');
  expect(r.code).toMatch(/^MSC\d{3}$/);
}

if (PRESENT) {
  it('finds the peer data: 33 positive and 4 negative cases', () => {
    expect(FILES.filter((f) => !f.negative)).toHaveLength(33);
    expect(FILES.filter((f) => f.negative)).toHaveLength(4);
  });

  describe.each(FILES)('$name', ({ file, negative, buildkitCount }) => {
    const text = fs.readFileSync(file, 'utf8');
    const contexts = [
      ['no context', EMPTY_CONTEXT],
      ['a Go context', new MemoryContext({ 'go.mod': 'module x\n', 'main.go': 'package main\n' })],
      ['a Node context', new MemoryContext({ 'package.json': '{"name":"x"}', 'server.js': '' })],
    ] as const;

    it.each(contexts)(
      'convert() with %s: a well-formed result, stable on a second pass',
      (_, ctx) => {
        for (const options of [{}, { lang: 'go' }, { lang: 'node' }]) {
          const r = convert(text, ctx, options);
          expectWellFormed(r, text);
          if (negative) expect(r.status).toBe('error');
          if (r.status === 'converted') {
            expect(parseDockerfile(r.output).stages.length).toBeGreaterThanOrEqual(2);
            const again = convert(r.output, ctx, options);
            expect(again.status).toBe('unchanged');
            expect(again.output).toBe(r.output);
          }
        }
      },
    );

    if (buildkitCount !== null) {
      it("reads BuildKit's instructions, or declines the file as misread", () => {
        const parsed = parseDockerfile(text);
        if (parsed.misread === null) expect(parsed.instructions).toHaveLength(buildkitCount);
        else expect(convert(text)).toMatchObject({ status: 'declined', code: 'MSC016' });
      });
    }
  });

  describe('the built CLI (--json) over every peer file', () => {
    let tmp: string;
    const exec = promisify(execFile);

    beforeAll(() => {
      ensureBuilt(ROOT);
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'msconvert-peer-'));
    });
    afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it('reports each file as the library does, exits 2 only on errors, writes nothing', async () => {
      const runs = FILES.map(async ({ name, file }) => {
        const dir = path.join(tmp, name.replace('/', '__'));
        fs.mkdirSync(dir);
        const copy = path.join(dir, 'Dockerfile');
        fs.copyFileSync(file, copy);
        const before = fs.readFileSync(copy);
        let code = 0;
        let stdout: string;
        let stderr: string;
        try {
          ({ stdout, stderr } = await exec(process.execPath, [CLI, '--json', copy], {
            env: { ...process.env, NO_COLOR: '1' },
          }));
        } catch (e) {
          const err = e as { code: number; stdout: string; stderr: string };
          ({ code, stdout, stderr } = err);
        }
        return { name, copy, before, code, stdout, stderr };
      });
      for (const { name, copy, before, code, stdout, stderr } of await Promise.all(runs)) {
        const report = JSON.parse(stdout) as {
          files: { path: string; status: string; reason: string | null; code: string | null }[];
        };
        expect(report.files).toHaveLength(1);
        const [f] = report.files;
        const lib = convert(before.toString('utf8'), new FsContext(path.dirname(copy)));
        expect({ name, status: f.status }).toEqual({ name, status: lib.status });
        expect(STATUSES).toContain(f.status);
        if (f.status !== 'converted') {
          expect((f.reason ?? '').trim()).not.toBe('');
          expect(f.code).toMatch(/^MSC\d{3}$/);
        }
        expect({ name, code }).toEqual({ name, code: f.status === 'error' ? 2 : 0 });
        expect(stderr).not.toContain('internal error');
        expect(fs.readFileSync(copy)).toEqual(before);
        expect(fs.readdirSync(path.dirname(copy))).toEqual(['Dockerfile']);
      }
    });
  });
}
