// End to end: every buildable example is built with a real Docker daemon. Converted ones are
// verified (original and converted image built, run and probed the same way, answers and
// sizes compared); unchanged and declined ones have their original built once, which proves
// the example is real. Examples that cannot be built here are listed with their reason.
//
// Every example goes through the facts path (src/facts: the original built once, read with its
// own tools, converted again with those facts), as --verify does, and the suite prints where
// the facts-refined plan differs from the text-only one (docs/facts.md says what remains).
//
// Without Docker the suite is skipped, except under CI, where it fails: CI must start the
// lab (../shared/dockerlab/setup.sh). UPDATE_SIZES=1 (or CI) writes docs/sizes.md.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { convert, FsContext, type Status } from '../../src';
import { composeRunStart } from '../../src/compose-only';
import { availableSync, DockerSession, type Backend } from '../../src/docker';
import { inspect } from '../../src/facts';
import { verify, type VerifyReport } from '../../src/verify';
import { examples, ROOT, type ExampleMeta } from '../helpers';
import { ensureStandins } from './standins';

const TEST_TIMEOUT = 15 * 60 * 1000;
const SIZES = path.join(ROOT, 'docs', 'sizes.md');

interface Row {
  name: string;
  status: Status;
  verdict: string;
  before?: number;
  after?: number;
  ratio?: number;
  seconds: number;
}

const rows: Row[] = [];
/** Where the facts-refined plan differs from the text-only one, per example. */
const factDifferences: { name: string; differences: string[] }[] = [];
const all = examples();
const buildable = all.filter((e) => e.meta.buildable);
const notBuildable = all.filter((e) => !e.meta.buildable);
const docker = availableSync();
const suiteStarted = Date.now();

function mb(bytes: number | undefined): string {
  return bytes === undefined ? '' : `${(bytes / 1e6).toFixed(1)} MB`;
}

function pct(ratio: number | undefined): string {
  return ratio === undefined ? '' : `${(ratio * 100).toFixed(1)}%`;
}

function median(xs: number[]): number | undefined {
  if (xs.length === 0) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function sizeTable(data: Row[]): string {
  const lines = [
    '| example | status | verdict | before | after | after/before |',
    '| --- | --- | --- | ---: | ---: | ---: |',
  ];
  for (const r of data) {
    lines.push(
      `| ${r.name} | ${r.status} | ${r.verdict} | ${mb(r.before)} | ${mb(r.after)} | ${pct(r.ratio)} |`,
    );
  }
  const compared = data.filter((r) => r.ratio !== undefined);
  lines.push(
    `| **median** (${compared.length} converted) | | | ${mb(median(compared.map((r) => r.before as number)))} | ${mb(median(compared.map((r) => r.after as number)))} | ${pct(median(compared.map((r) => r.ratio as number)))} |`,
  );
  return lines.join('\n') + '\n';
}

function sizesDocument(data: Row[], backend: Backend, minutes: number): string {
  return [
    '# Image sizes before and after conversion',
    '',
    'Written by `test/e2e/examples.test.ts` (run with `UPDATE_SIZES=1 npx jest test/e2e/examples.test.ts`; CI',
    'writes it too). Every buildable example was built with a real Docker daemon',
    `(\`${backend.describe}\`) against the local stand-in base images of \`../shared/dockerlab\`;`,
    'converted examples were run and probed next to their original (verdict `verified` means',
    'the same answer). Sizes are `docker image inspect` sizes, MB = 10^6 bytes. The stand-in',
    'full images (node, golang) are smaller than the real ones, so real savings are larger;',
    'the direction and rough size of each reduction are what count here. Examples that cannot',
    'be built in the lab (alpine, Windows, host-built artifacts) are not listed.',
    '',
    sizeTable(data),
    `This run took ${minutes.toFixed(1)} min (builds reuse the daemon's build cache when it is warm).`,
    '',
  ].join('\n');
}

function report(r: VerifyReport): string {
  const side = (name: string, s: VerifyReport['original']) =>
    [
      `${name}: built=${s.built} ${s.seconds}s ${mb(s.sizeBytes)}` +
        (s.answer ? ` answer=${s.answer}` : '') +
        (s.health ? ` health=${s.health}` : '') +
        (s.error ? ` error=${s.error}` : ''),
      s.logTail ? s.logTail.replace(/^/gm, '    ') : '',
    ]
      .filter(Boolean)
      .join('\n');
  return [
    `verdict ${r.verdict}: ${r.message}`,
    r.difference ? `difference: ${r.difference}` : '',
    r.hint ? `hint: ${r.hint}` : '',
    r.files?.missing.length ? `missing: ${r.files.missing.join(' ')}` : '',
    side('original', r.original),
    side('converted', r.converted),
  ]
    .filter(Boolean)
    .join('\n');
}

function probeOptions(meta: ExampleMeta) {
  const wait = meta.probe.startSeconds ? { runTimeoutMs: meta.probe.startSeconds * 1000 } : {};
  if (meta.probe.http)
    return { probePort: meta.probe.http.port, probePath: meta.probe.http.path, ...wait };
  return { probeCmd: meta.probe.cmd ?? [], ...wait };
}

describe('examples that cannot be built in the lab', () => {
  it.each(notBuildable.map((e) => [e.name, e.meta] as const))(
    '%s: says why it is not buildable',
    (name, meta) => {
      expect(typeof meta.why_not_buildable).toBe('string');
      expect((meta.why_not_buildable ?? '').trim()).not.toBe('');
      console.log(`${name} is not built end to end: ${meta.why_not_buildable}`);
    },
  );
});

if (!docker.ok && process.env.CI) {
  describe('end to end', () => {
    it('needs a Docker daemon under CI', () => {
      throw new Error(
        `CI is set but Docker is not usable (${docker.reason}). CI must start the lab first: ` +
          'run ../shared/dockerlab/setup.sh (as root) before the tests.',
      );
    });
  });
} else if (!docker.ok) {
  console.log(
    `e2e: skipped, Docker is not usable here (${docker.reason}). Start the lab with ` +
      '../shared/dockerlab/setup.sh to run the end-to-end suite.',
  );
  describe.skip('end to end (no Docker)', () => {
    it.each(buildable.map((e) => e.name))('%s', () => undefined);
  });
} else {
  const backend = docker.backend;

  describe('end to end', () => {
    // Base images the lab lacks (ruby, php, composer): built from Debian packages when missing.
    beforeAll(
      () => {
        for (const line of ensureStandins(backend.bin)) console.log(`e2e: ${line}`);
      },
      30 * 60 * 1000,
    );

    afterAll(() => {
      if (factDifferences.length > 0) {
        const changed = factDifferences.filter((d) => d.differences.length > 0);
        console.log(
          `e2e facts: ${factDifferences.length} examples inspected, ${changed.length} plans changed by facts:\n` +
            changed.map((d) => `  ${d.name}: ${d.differences.join('; ')}`).join('\n'),
        );
      }
      if (rows.length === 0) return;
      const minutes = (Date.now() - suiteStarted) / 60000;
      const table = sizeTable(rows);
      console.log(`e2e sizes (${minutes.toFixed(1)} min):\n${table}`);
      if (process.env.UPDATE_SIZES === '1' || process.env.CI) {
        fs.mkdirSync(path.dirname(SIZES), { recursive: true });
        fs.writeFileSync(SIZES, sizesDocument(rows, backend, minutes));
        // Keep `prettier --check .` clean: format the table the way the repo does. (In a
        // child process: prettier 3's API uses dynamic import(), which Jest's VM refuses.)
        const bin = path.join(ROOT, 'node_modules', 'prettier', 'bin', 'prettier.cjs');
        const r = spawnSync(process.execPath, [bin, '--write', SIZES], { encoding: 'utf8' });
        if (r.status !== 0) console.log(`prettier did not format ${SIZES}: ${r.stderr}`);
      }
    });

    for (const { name, dir, meta, compose } of buildable) {
      const text = fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
      const ctx = new FsContext(dir);
      const result = convert(text, ctx, { compose });
      // A Dockerfile started only by Compose is run as its service runs it, on both sides.
      const start = composeRunStart(text, compose) ?? undefined;

      if (result.status === 'converted' || result.status === 'declined') {
        it(
          `${name}: facts from the built original; the converted image builds and answers like the original`,
          async () => {
            const started = Date.now();
            const session = new DockerSession(backend);
            try {
              const out = await inspect(text, dir, ctx, { compose }, session);
              factDifferences.push({ name, differences: out.differences });
              if (out.differences.length)
                console.log(`${name}: facts changed the plan: ${out.differences.join('; ')}`);
              expect(out.error).toBeUndefined();
              const facts = out.result;
              if (facts.status !== 'converted') {
                // Declined from the text and from the facts: the original built, which proves
                // the example is real.
                expect(result.status).toBe('declined');
                rows.push({
                  name,
                  status: facts.status,
                  verdict: 'original builds',
                  before: await session.imageSize(out.prebuilt.tag),
                  seconds: (Date.now() - started) / 1000,
                });
                return;
              }
              const r = await verify(text, facts.output, dir, {
                ...probeOptions(meta),
                start,
                prebuilt: out.prebuilt,
                leftOut: facts.explanation?.leftOut,
              });
              rows.push({
                name,
                status: facts.status,
                verdict: r.verdict,
                before: r.sizeBefore,
                after: r.sizeAfter,
                ratio: r.ratio,
                seconds: (Date.now() - started) / 1000,
              });
              if (r.verdict !== 'verified') console.log(`${name}:\n${report(r)}`);
              expect({ verdict: r.verdict, message: r.message, difference: r.difference }).toEqual({
                verdict: 'verified',
                message: expect.any(String),
                difference: undefined,
              });
              expect(r.ratio).toBeLessThan(1);
            } finally {
              await session.cleanup();
            }
          },
          TEST_TIMEOUT,
        );
      } else {
        it(
          `${name}: the original builds (msconvert says ${result.status})`,
          async () => {
            const started = Date.now();
            const session = new DockerSession(backend);
            try {
              const tag = session.newTag('original');
              const b = await session.build(text, dir, tag, 10 * 60 * 1000);
              const size = b.ok ? await session.imageSize(tag) : undefined;
              rows.push({
                name,
                status: result.status,
                verdict: b.ok ? 'original builds' : 'original fails',
                before: size,
                seconds: (Date.now() - started) / 1000,
              });
              if (!b.ok)
                console.log(`${name}: the original does not build: ${b.error}\n${b.logTail}`);
              expect({ built: b.ok, error: b.error }).toEqual({ built: true, error: undefined });
            } finally {
              await session.cleanup();
            }
          },
          TEST_TIMEOUT,
        );
      }
    }
  });
}
