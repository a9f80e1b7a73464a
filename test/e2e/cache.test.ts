// End to end for --cache: every buildable example whose --cache conversion differs from the
// plain one is built with a real Docker daemon (BuildKit, for RUN --mount) next to its
// original, run and probed the same way (src/verify.ts): the cache edits must not change what
// the image does. The rebuild timings are bench/rebuild.js's job, not this suite's.
//
// Without Docker the suite is skipped, except under CI, where it fails: CI must start the
// lab (../shared/dockerlab/setup.sh).
import * as fs from 'fs';
import * as path from 'path';
import { convert, FsContext } from '../../src';
import { composeRunStart } from '../../src/compose-only';
import { availableSync } from '../../src/docker';
import { verify } from '../../src/verify';
import { examples, type ExampleMeta } from '../helpers';

const TEST_TIMEOUT = 15 * 60 * 1000;
const docker = availableSync();

function probeOptions(meta: ExampleMeta) {
  if (meta.probe.http) return { probePort: meta.probe.http.port, probePath: meta.probe.http.path };
  return { probeCmd: meta.probe.cmd ?? [] };
}

/** Buildable examples whose builder --cache changes. */
const cases = examples()
  .filter((e) => e.meta.buildable)
  .map((e) => {
    const text = fs.readFileSync(path.join(e.dir, 'Dockerfile'), 'utf8');
    const ctx = new FsContext(e.dir);
    const cached = convert(text, ctx, { cache: true, compose: e.compose });
    const plain = convert(text, ctx, { compose: e.compose });
    return {
      ...e,
      text,
      cached,
      changed: cached.status === 'converted' && cached.output !== plain.output,
    };
  })
  .filter((e) => e.changed);

describe('--cache conversions to build', () => {
  it('include the examples that move their dependency step', () => {
    const moved = cases.filter((c) =>
      (c.cached.explanation?.cache ?? []).some((l) => / moved before /.test(l)),
    );
    expect(moved.map((c) => c.name)).toEqual(
      expect.arrayContaining(['node-copy-all-first', 'go-mod-download']),
    );
  });

  it('include the Rust examples whose cargo build gets the target cache', () => {
    const target = cases.filter((c) => c.cached.output.includes('CARGO_TARGET_DIR='));
    expect(target.map((c) => c.name)).toEqual(
      expect.arrayContaining(['rust-basic', 'rust-static-assets', 'rust-workspace']),
    );
  });
});

if (!docker.ok && process.env.CI) {
  describe('--cache end to end', () => {
    it('needs a Docker daemon under CI', () => {
      throw new Error(
        `CI is set but Docker is not usable (${docker.reason}). CI must start the lab first: ` +
          'run ../shared/dockerlab/setup.sh (as root) before the tests.',
      );
    });
  });
} else if (!docker.ok) {
  console.log(
    `cache-e2e: skipped, Docker is not usable here (${docker.reason}). Start the lab with ` +
      '../shared/dockerlab/setup.sh to run the --cache end-to-end suite.',
  );
  describe.skip('--cache end to end (no Docker)', () => {
    it.each(cases.map((c) => c.name))('%s', () => undefined);
  });
} else {
  describe('--cache end to end', () => {
    for (const { name, dir, meta, text, cached, compose } of cases) {
      it(
        `${name}: the --cache conversion builds and answers like the original`,
        async () => {
          // As the examples suite does: a Dockerfile started only by Compose runs as its service
          // runs it, and the runner a start rewrite left out is not a missing file.
          const r = await verify(text, cached.output, dir, {
            ...probeOptions(meta),
            start: composeRunStart(text, compose) ?? undefined,
            leftOut: cached.explanation?.leftOut,
          });
          if (r.verdict !== 'verified')
            console.log(
              `${name}: ${r.verdict}: ${r.message}\n${r.converted.error ?? ''}\n${r.converted.logTail ?? ''}`,
            );
          expect({ verdict: r.verdict, difference: r.difference }).toEqual({
            verdict: 'verified',
            difference: undefined,
          });
        },
        TEST_TIMEOUT,
      );
    }
  });
}
