// Hostile input must cost time in proportion to its size. Each case blows one element of a
// realistic Dockerfile up (runs of blanks, deep continuations, many instructions, long words,
// crafted globs) and compares the CPU time at n and at 8n: a ratio near 8 is linear, near 64
// quadratic. The limit is a ratio, never an absolute time, so a slow or busy machine passes
// and a super-linear algorithm fails on any machine. ADVERSARIAL_RUNS sets how many random
// cases the property draws (default 12); ADVERSARIAL_LOG=1 prints every ratio.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import fc from 'fast-check';
import { convert, MemoryContext } from '../src';
import { globMatcher } from '../src/config';
import { findDockerfiles } from '../src/cli/files';
import { compileGlob } from '../src/glob';
import { realisticCase } from './arbitraries';
import { ELEMENT_NAMES, growth, hostile, hostileFrom, unitOf, type Hostile } from './adversarial';

/** 8n may cost at most this many times n (linear: about 8; quadratic: about 64). */
const LIMIT = 20;
const RUNS = Number(process.env.ADVERSARIAL_RUNS) || 12;

jest.setTimeout(600_000);

function check(h: Hostile, unit: number): void {
  const ctx = new MemoryContext(h.files);
  const g = growth((n) => convert(h.text(n), ctx), unit, unit * 16);
  const line = `${h.name}: n=${g.n} ${g.small.toFixed(1)} ms, 8n ${g.large.toFixed(1)} ms, ratio ${g.ratio.toFixed(1)}`;
  if (process.env.ADVERSARIAL_LOG) console.log(line);
  if (g.ratio >= LIMIT) throw new Error(`super-linear: ${line}`);
}

const BASE = fc.sample(realisticCase, { numRuns: 1, seed: 17 })[0];

describe('convert() grows linearly with every element blown up', () => {
  it.each(ELEMENT_NAMES)('%s', (element) => {
    check(hostileFrom(BASE, element, ' ', 3), unitOf(element));
  });
});

describe('random hostile files', () => {
  it('grow linearly (property over bases, elements, fills and positions)', () => {
    fc.assert(
      fc.property(hostile, (h) => {
        check(h, unitOf(h.name.replace(/ \(.*$/, '')));
      }),
      { numRuns: RUNS },
    );
  });
});

describe('globs grow linearly', () => {
  // Patterns that make a backtracking matcher try every way of splitting a long name.
  const patterns = ['*a*a*a*a*a*a*a*b', '**/*a*a*a*a*a*a*a*b/**', 'a*a*a*a*a*a*a*a*a*a*a*b'];

  it.each(patterns)('ignorePaths %s against a long name', (pattern) => {
    const re = globMatcher(pattern);
    const g = growth((n) => re.test(`${'a'.repeat(n)}c`), 200, 3200, 20);
    if (process.env.ADVERSARIAL_LOG) console.log(pattern, g);
    expect(g.ratio).toBeLessThan(LIMIT);
  });

  it.each(patterns)('.gitignore %s against deep paths of long names', (pattern) => {
    // The walk asks the .gitignore matcher about every path below the folder (src/files.ts
    // compiles a pattern without a slash as **/pattern); a name is at most 255 bytes, so long
    // paths come from depth.
    const match = compileGlob(`**/${pattern}`);
    const subject = (n: number) =>
      `${Array<string>(Math.ceil(n / 200))
        .fill('a'.repeat(200))
        .join('/')}/c`;
    const g = growth((n) => match(subject(n)), 400, 6400, 20);
    if (process.env.ADVERSARIAL_LOG) console.log(pattern, g);
    expect(g.ratio).toBeLessThan(LIMIT);
  });

  it('a folder walk beside long names with a crafted .gitignore finishes (it took 35 s and grew)', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'msconvert-glob-'));
    try {
      fs.writeFileSync(path.join(root, '.gitignore'), `${patterns[0]}\n${patterns[2]}\n`);
      let d = root;
      for (let i = 0; i < 3; i++) d = path.join(d, 'a'.repeat(200));
      fs.mkdirSync(d, { recursive: true });
      fs.writeFileSync(path.join(d, 'Dockerfile'), 'FROM scratch\n');
      expect(findDockerfiles(root, true)).toEqual([path.join(d, 'Dockerfile')]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
