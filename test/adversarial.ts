// Large and hostile inputs for the growth property (test/adversarial.test.ts): a realistic
// Dockerfile with one element blown up to a size n (a run of spaces somewhere, a deep line
// continuation, many instructions, a long word, many commands in one RUN ...), and a way to
// measure how the cost grows from n to 8n. The measure is the ratio of CPU times, never an
// absolute time: a linear algorithm costs about 8 times as much at 8n on any machine and
// under any load, a quadratic one 64 times.
import fc from 'fast-check';
import { realisticCase, type Case } from './arbitraries';

export interface Hostile {
  /** What is blown up, for the failure message. */
  name: string;
  /** The text at size n (n is in repetitions of the element, see `unit`). */
  text(n: number): string;
  files: Record<string, string>;
}

/** Each element at size n; `line` is a line of the base file it sits in or after. */
const ELEMENTS: Record<string, (n: number, line: string, fill: string) => string[]> = {
  'a line of blanks': (n, _l, fill) => [fill.repeat(n)],
  'blanks, then a word': (n, _l, fill) => [`${fill.repeat(n)}x`],
  'blanks inside an instruction': (n, line, fill) => [
    line.replace(/^(\S+\s+\S*)/, (m) => `${m}${fill.repeat(n)}`),
  ],
  'blanks before an instruction': (n, line, fill) => [`${fill.repeat(n)}${line}`],
  'blanks at the end of an instruction': (n, line, fill) => [`${line}${fill.repeat(n)}`],
  'blanks before a continuation': (n, _l, fill) => [`RUN echo a${fill.repeat(n)}\\`, ' b'],
  'a deep continuation': (n) => ['RUN echo a \\', ...Array<string>(n).fill('  b \\'), '  c'],
  'comments inside a continuation': (n) => [
    'RUN echo a \\',
    ...Array<string>(n).fill('  # note \\'),
    '  c',
  ],
  'blank lines inside a continuation': (n, _l, fill) => [
    'RUN echo a \\',
    ...Array<string>(n).fill(fill),
    '  c',
  ],
  'many ENV lines': (n) => Array.from({ length: n }, (_, i) => `ENV V${i % 50}=${i}`),
  'many RUN lines': (n) => Array.from({ length: n }, (_, i) => `RUN echo ${i}`),
  'many COPY lines': (n) => Array.from({ length: n }, (_, i) => `COPY f${i % 20} /app/f${i}`),
  'many go builds': (n) => Array.from({ length: n }, (_, i) => `RUN go build -o /out/b${i} .`),
  'many apt installs': (n) =>
    Array.from({ length: n }, (_, i) => `RUN apt-get install -y pkg${i} && rm -rf /var/lib/apt`),
  'many commands in one RUN': (n) => [`RUN ${Array<string>(n).fill('echo a').join(' && ')}`],
  'many packages in one RUN': (n) => [
    `RUN apt-get install -y ${Array.from({ length: n }, (_, i) => `p${i}`).join(' ')}`,
  ],
  'a long word': (n) => [`RUN echo ${'a'.repeat(n)}`],
  'a long quoted string': (n, _l, fill) => [`LABEL a="${`x${fill}`.repeat(n)}"`],
  'many quotes': (n) => [`RUN echo ${`"a" 'b' `.repeat(n)}`],
  'many variables': (n) => [`RUN echo ${'$A${B:-c} '.repeat(n)}`],
  'a long exec form': (n) => [`CMD [${Array<string>(n).fill('"a"').join(', ')}]`],
  'an unclosed exec form': (n) => [`CMD [${'"a", '.repeat(n)}`],
  'many heredocs': (n) =>
    Array.from({ length: n }, (_, i) => [`RUN <<EOF${i}`, 'echo hi', `EOF${i}`]).flat(),
  'a long heredoc': (n) => ['RUN <<EOF', ...Array<string>(n).fill('echo hi'), 'EOF'],
  'many escapes': (n) => [`RUN echo ${'\\\\ '.repeat(n)}`],
  'many flags': (n) => [`COPY ${'--chown=1:1 '.repeat(n)}a /b`],
  'many stages of words': (n) => [`EXPOSE ${Array.from({ length: n }, (_, i) => i).join(' ')}`],
};

/** Size n per element for a base cost of a few milliseconds; 8n is what is compared. */
const UNIT: Record<string, number> = {
  'a line of blanks': 20000,
  'blanks, then a word': 20000,
  'blanks inside an instruction': 20000,
  'blanks before an instruction': 20000,
  'blanks at the end of an instruction': 20000,
  'blanks before a continuation': 20000,
  'a long word': 20000,
  'a long quoted string': 2000,
  'many escapes': 2000,
  'many quotes': 1000,
  'many variables': 1000,
  'a long exec form': 1000,
  'an unclosed exec form': 1000,
  'many packages in one RUN': 500,
  'many commands in one RUN': 300,
  'many flags': 300,
  'many stages of words': 1000,
  'blank lines inside a continuation': 500,
};
const DEFAULT_UNIT = 100;

export const ELEMENT_NAMES = Object.keys(ELEMENTS);

export function unitOf(name: string): number {
  return UNIT[name] ?? DEFAULT_UNIT;
}

/** A realistic file with one element blown up. */
export const hostile: fc.Arbitrary<Hostile> = fc
  .record({
    base: realisticCase,
    element: fc.constantFrom(...ELEMENT_NAMES),
    fill: fc.constantFrom(' ', '\t', ' \t'),
    at: fc.nat(),
  })
  .map(({ base, element, fill, at }) => hostileFrom(base, element, fill, at));

export function hostileFrom(base: Case, element: string, fill: string, at: number): Hostile {
  const lines = base.text.replace(/\r\n?/g, '\n').split('\n');
  // After the FROM line, so that the file stays a Dockerfile that gets analysed.
  const from = Math.max(
    0,
    lines.findIndex((l) => /^\s*FROM\b/i.test(l)),
  );
  const pos = from + 1 + (at % Math.max(1, lines.length - from - 1));
  const line = lines[Math.min(pos, lines.length - 1)] ?? 'RUN true';
  return {
    name: `${element} (fill ${JSON.stringify(fill)}, line ${pos + 1} of a ${base.kind} file)`,
    files: base.files,
    text: (n) =>
      [...lines.slice(0, pos), ...ELEMENTS[element](n, line, fill), ...lines.slice(pos)].join('\n'),
  };
}

/** CPU time (user + system, ms) of one call: wall time would measure the machine's load. */
export function cpuMs(fn: () => unknown): number {
  const before = process.cpuUsage();
  fn();
  const d = process.cpuUsage(before);
  return (d.user + d.system) / 1000;
}

/** The least of a few runs: noise only ever adds time. */
export function bestOf(runs: number, fn: () => unknown): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) best = Math.min(best, cpuMs(fn));
  return best;
}

export interface Growth {
  n: number;
  small: number;
  large: number;
  ratio: number;
}

/**
 * How the cost of `run(size)` grows from n to 8n. n doubles (up to `maxN`) until the large run
 * costs at least `minMs`, so that fixed costs (start-up, a timer's resolution) do not hide the
 * growth. A linear cost gives a ratio near 8, a quadratic one near 64.
 */
export function growth(run: (n: number) => unknown, n: number, maxN: number, minMs = 20): Growth {
  for (;;) {
    run(n); // warm up: the first call compiles the code paths
    const small = bestOf(3, () => run(n));
    const large = bestOf(2, () => run(8 * n));
    if (large >= minMs || n * 2 > maxN) {
      return { n, small, large, ratio: large / Math.max(small, 0.5) };
    }
    n *= 2;
  }
}
