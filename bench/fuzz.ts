// Fuzz bench: the robustness properties of test/fuzz.test.ts over many generated Dockerfiles
// (100,000 by default), against the built library in dist/. Prints how many inputs were tried,
// the count per status, the crashes and broken properties (both must be 0), and the rate.
//
//   npm run build && npx tsc -p tsconfig.json --outDir node_modules/.cache/msconvert-bench \
//     && node node_modules/.cache/msconvert-bench/bench/fuzz.js [count] [seed]
//
// FUZZ_COUNT and FUZZ_SEED may be given instead of the arguments. The exit code is 1 when any
// input crashed or broke a property; the first few are printed with the seed to replay them.
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { anyCase, checkCase, type Case, type Lib } from '../test/arbitraries';

/** The repository root: the nearest folder above this file whose package.json is msconvert's. */
function repoRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
        name?: string;
      };
      if (pkg.name === 'msconvert') return dir;
    } catch {
      // Not here: go up.
    }
    if (path.dirname(dir) === dir) return process.cwd();
  }
}

function main(): number {
  const root = repoRoot();
  const dist = path.join(root, 'dist');
  if (!fs.existsSync(path.join(dist, 'index.js'))) {
    process.stderr.write(`bench/fuzz: ${dist}/index.js is missing; run npm run build first\n`);
    return 2;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const index = require(dist) as typeof import('../src');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const parse = require(path.join(dist, 'parse')) as typeof import('../src/parse');
  const lib: Lib = {
    convert: index.convert,
    parseDockerfile: parse.parseDockerfile,
    MemoryContext: index.MemoryContext,
  };

  const count = Number(process.argv[2] ?? process.env.FUZZ_COUNT ?? 100_000);
  const seed = Number(process.argv[3] ?? process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
  const batch = 1000;
  const counts: Record<string, number> = { converted: 0, unchanged: 0, declined: 0, error: 0 };
  const failures: { c: Case; problems: string[] }[] = [];
  let crashes = 0;
  let broken = 0;
  const known: Record<string, number> = {};
  let tried = 0;
  let convertMs = 0;
  const started = process.hrtime.bigint();
  for (let b = 0; tried < count; b++) {
    const n = Math.min(batch, count - tried);
    const cases = fc.sample(anyCase, { numRuns: n, seed: seed + b });
    const t0 = process.hrtime.bigint();
    for (const c of cases) {
      const o = checkCase(lib, c);
      counts[o.status] = (counts[o.status] ?? 0) + 1;
      if (o.status === 'crash') crashes++;
      else if (o.known) known[o.known] = (known[o.known] ?? 0) + 1;
      else if (o.problems.length > 0) broken++;
      if (o.problems.length > 0 && !o.known && failures.length < 5)
        failures.push({ c, problems: o.problems });
    }
    convertMs += Number(process.hrtime.bigint() - t0) / 1e6;
    tried += n;
    if (b % 20 === 19) process.stderr.write(`  ${tried} ...\n`);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const line = (k: string, v: string | number) => `${k.padEnd(22)}${v}\n`;
  process.stdout.write(
    line('seed', seed) +
      line('inputs tried', tried) +
      line('converted', counts.converted) +
      line('unchanged', counts.unchanged) +
      line('declined', counts.declined) +
      line('error', counts.error) +
      line('crashes', crashes) +
      line('broken properties', broken) +
      Object.entries(known)
        .map(([id, n]) => line(`known issue ${id}`, n))
        .join('') +
      line('seconds', seconds.toFixed(1)) +
      line('inputs/second', Math.round(tried / seconds)) +
      line('checks/second', Math.round(tried / (convertMs / 1000))),
  );
  for (const f of failures) {
    process.stdout.write(`\n${JSON.stringify(f.c)}\n  ${f.problems.join('\n  ')}\n`);
  }
  return crashes + broken > 0 ? 1 : 0;
}

process.exitCode = main();
