// verify(): build the original and the converted Dockerfile with a real Docker daemon, run
// both, probe both the same way, compare the answers, the files the original used and the
// image sizes.
//
// The probe is chosen from the original Dockerfile unless given:
//   - an EXPOSEd port (or opts.probePort): HTTP GET opts.probePath (default '/') on the
//     published port, retried until it answers or runTimeoutMs; status and body compared;
//   - no port: the container runs to completion with opts.probeCmd as its arguments; exit
//     code and stdout compared.
// When either image has a HEALTHCHECK, both containers are also watched (bounded) until
// their health is no longer "starting", and the two statuses compared.
//
// "verified" needs the original to demonstrably work: its port answers (below 500) and it
// stays up, its healthcheck turns healthy, or its one-shot run exits 0. Anything less is
// "inconclusive" (nothing to compare with), with a hint on what to pass. While the original
// runs, the files its processes mapped and opened are read (src/facts/used.ts); one that the
// converted image lacks makes the verdict "different" whatever the answers were.
//
// The modules: types.ts (options and report), probe.ts (how a container is probed), judge.ts
// (the pure verdict); this one is the sequence.
import { available, DockerSession, type BuildResult } from '../docker';
import { missingFiles, usedFiles, type UsedFiles } from '../facts/used';
import { judge, type Answer, type Judgement } from './judge';
import {
  chooseProbe,
  healthcheckBound,
  probeExit,
  probeHttp,
  sleep,
  tellingLine,
  waitHealth,
} from './probe';
import type { SideReport, VerifyOptions, VerifyReport } from './types';

export type { SideReport, ProbeSpec, Verdict, VerifyOptions, VerifyReport } from './types';
export { chooseProbe, exposedPort, healthcheckBound, tellingLine } from './probe';
export { firstDifference, judge } from './judge';
export type { Answer, Judgement, Observed } from './judge';

const DEFAULT_BUILD_TIMEOUT = 600000;
const DEFAULT_RUN_TIMEOUT = 60000;

type Progress = (msg: string) => void;
type Started = { name: string; error?: string };

function sideOf(b: BuildResult): SideReport {
  return b.ok
    ? { built: true, seconds: round(b.seconds) }
    : { built: false, seconds: round(b.seconds), error: b.error, logTail: b.logTail };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

export async function verify(
  original: string,
  converted: string,
  contextDir: string,
  opts: VerifyOptions = {},
): Promise<VerifyReport> {
  const progress = opts.onProgress ?? (() => undefined);
  const report: VerifyReport = {
    original: { built: false, seconds: 0 },
    converted: { built: false, seconds: 0 },
    probe: { kind: 'cmd' },
    same: null,
    verdict: 'error',
    message: '',
  };
  let session: DockerSession | undefined;
  const owned = !opts.prebuilt;
  try {
    report.probe = chooseProbe(original, opts);
    session = await openSession(opts, report, progress);
    if (!session) return report;
    const tagA = await buildOriginal(session, original, contextDir, opts, report, progress);
    if (tagA === null) return report;
    const tagB = await buildConverted(session, converted, contextDir, opts, report, progress);
    if (tagB === null) return report;
    const run = await startAndProbe(session, [tagA, tagB], opts, report, progress);
    const healths = await waitHealths(
      session,
      run.started,
      original,
      converted,
      opts,
      report,
      progress,
    );
    const used = await readUsedFiles(session, run.started, [tagA, tagB], opts, report, progress);
    const end = await lookAtTheEnd(session, run.started, run.answers, report);
    conclude(
      report,
      judge({
        kind: report.probe.kind,
        what: probeName(report),
        a: run.answers[0],
        b: run.answers[1],
        runningA: end.running[0],
        runningB: end.running[1],
        healthA: healths[0],
        healthB: healths[1],
        missing: used.missing,
        lastA: end.lastLines[0],
        lastB: end.lastLines[1],
        listening: used.usedA?.listening,
      }),
    );
    return report;
  } catch (e) {
    report.verdict = 'error';
    report.same = null;
    report.message = `verification failed: ${(e as Error).message}`;
    return report;
  } finally {
    if (session && owned) {
      progress('removing the containers and images');
      await session.cleanup();
    }
  }
}

/** The prebuilt original's session, or a new one; undefined (and the message) without Docker. */
async function openSession(
  opts: VerifyOptions,
  report: VerifyReport,
  progress: Progress,
): Promise<DockerSession | undefined> {
  if (opts.prebuilt) return opts.prebuilt.session;
  const docker = await available();
  if (!docker.ok) {
    report.message = `Docker is not available: ${docker.reason}`;
    return undefined;
  }
  const session = new DockerSession(docker.backend);
  progress(`building with ${docker.backend.describe}`);
  return session;
}

/** The original's tag once built (or prebuilt) and measured; null when it does not build. */
async function buildOriginal(
  session: DockerSession,
  original: string,
  contextDir: string,
  opts: VerifyOptions,
  report: VerifyReport,
  progress: Progress,
): Promise<string | null> {
  let tagA: string;
  let build: BuildResult;
  if (opts.prebuilt) {
    tagA = opts.prebuilt.tag;
    build = opts.prebuilt.build;
  } else {
    tagA = session.newTag('original');
    progress('building the original');
    build = await session.build(
      original,
      contextDir,
      tagA,
      opts.buildTimeoutMs ?? DEFAULT_BUILD_TIMEOUT,
      (l) => opts.onBuildLine?.('original', l),
    );
  }
  report.original = sideOf(build);
  if (!build.ok) {
    report.converted.error = 'not built: the original does not build';
    report.verdict = 'build-failed';
    report.message = `the original does not build: ${build.error}`;
    return null;
  }
  if (!opts.prebuilt) progress(`original built in ${build.seconds.toFixed(1)} s`);
  report.original.sizeBytes = report.sizeBefore = await session.imageSize(tagA);
  return tagA;
}

/** The converted image's tag once built and measured; null when it does not build. */
async function buildConverted(
  session: DockerSession,
  converted: string,
  contextDir: string,
  opts: VerifyOptions,
  report: VerifyReport,
  progress: Progress,
): Promise<string | null> {
  const tagB = session.newTag('converted');
  progress('building the converted Dockerfile');
  const b = await session.build(
    converted,
    contextDir,
    tagB,
    opts.buildTimeoutMs ?? DEFAULT_BUILD_TIMEOUT,
    (l) => opts.onBuildLine?.('converted', l),
  );
  report.converted = sideOf(b);
  if (!b.ok) {
    report.verdict = 'build-failed';
    report.message = `the converted Dockerfile does not build (the original does): ${b.error}`;
    return null;
  }
  report.converted.sizeBytes = report.sizeAfter = await session.imageSize(tagB);
  progress(`converted built in ${b.seconds.toFixed(1)} s`);
  if (report.sizeBefore !== undefined && report.sizeAfter !== undefined) {
    report.saving = report.sizeBefore - report.sizeAfter;
    report.ratio = report.sizeBefore > 0 ? report.sizeAfter / report.sizeBefore : undefined;
  }
  return tagB;
}

/**
 * `docker run` words for a start given as Compose gives it: `--entrypoint` takes one program,
 * so the entrypoint's other words go before the command, which is the same argv (and, as with
 * Compose, a given entrypoint drops the image's CMD).
 */
function startArgs(
  start: VerifyOptions['start'],
): { entrypoint?: string; args: string[]; shown: string } | null {
  if (!start || (!start.entrypoint && !start.command)) return null;
  const [program, ...rest] = start.entrypoint ?? [];
  const args = [...rest, ...(start.command ?? [])];
  const shown = [...(start.entrypoint ?? []), ...(start.command ?? [])].join(' ');
  // `entrypoint: []` resets the image's ENTRYPOINT, as `--entrypoint ''` does.
  return start.entrypoint ? { entrypoint: program ?? '', args, shown } : { args, shown };
}

/** Both started the same way at the same time, then probed the same way. */
async function startAndProbe(
  s: DockerSession,
  tags: [string, string],
  opts: VerifyOptions,
  report: VerifyReport,
  progress: Progress,
): Promise<{ started: Started[]; answers: [Answer, Answer] }> {
  const probe = report.probe;
  const ports = probe.kind === 'http' ? [probe.port as number] : [];
  const given = startArgs(opts.start);
  const args = given?.args ?? (probe.kind === 'cmd' ? (probe.args ?? []) : []);
  progress(
    probe.kind === 'http'
      ? `starting both containers${given ? ` with ${given.shown}` : ''}, probing GET ${probe.path} on port ${probe.port}`
      : `running both containers${args.length ? ` with ${given?.shown ?? args.join(' ')}` : ''}`,
  );
  const entrypoint = given?.entrypoint;
  const started = await Promise.all(
    tags.map((t) => s.run(t, { ports, args, env: opts.env, entrypoint })),
  );
  const sides = [report.original, report.converted];
  const deadline = Date.now() + (opts.runTimeoutMs ?? DEFAULT_RUN_TIMEOUT);
  const answers = (await Promise.all(
    started.map((c, i) => {
      if (c.error)
        return Promise.resolve<Answer>({
          ok: false,
          why: `the container did not start: ${c.error}`,
        });
      return probe.kind === 'http'
        ? probeHttp(s, c.name, probe.port as number, probe.path ?? '/', deadline, sides[i])
        : probeExit(s, c.name, deadline, sides[i]);
    }),
  )) as [Answer, Answer];
  return { started, answers };
}

/** Both health statuses once neither is "starting" (bounded), when either image has a HEALTHCHECK. */
async function waitHealths(
  s: DockerSession,
  started: Started[],
  original: string,
  converted: string,
  opts: VerifyOptions,
  report: VerifyReport,
  progress: Progress,
): Promise<[string | null, string | null]> {
  const states = await Promise.all(started.map((c) => (c.error ? undefined : s.state(c.name))));
  if (!states.some((st) => st?.health)) return [null, null];
  const bound = Math.max(
    opts.runTimeoutMs ?? DEFAULT_RUN_TIMEOUT,
    healthcheckBound(original) ?? 0,
    healthcheckBound(converted) ?? 0,
  );
  progress(`waiting for the healthchecks (at most ${Math.round(bound / 1000)} s)`);
  const hDeadline = Date.now() + bound;
  const healths = (await Promise.all(
    started.map((c) => (c.error ? null : waitHealth(s, c.name, hDeadline))),
  )) as [string | null, string | null];
  report.original.health = healths[0] ?? 'none';
  report.converted.health = healths[1] ?? 'none';
  return healths;
}

async function isRunning(s: DockerSession, c: Started): Promise<boolean> {
  return !c.error && (await s.state(c.name))?.status === 'running';
}

/** What the original's processes used, read while they run, checked in the converted image. */
async function readUsedFiles(
  s: DockerSession,
  started: Started[],
  [tagA, tagB]: [string, string],
  opts: VerifyOptions,
  report: VerifyReport,
  progress: Progress,
): Promise<{ usedA?: UsedFiles; missing?: string[] }> {
  if (!(await isRunning(s, started[0]))) {
    report.files = {
      checked: 0,
      missing: [],
      note: 'the original was not running when its files could be read',
    };
    return {};
  }
  progress("reading the files the original's processes use");
  let missing: string[] | undefined;
  const usedA = await usedFiles(s, started[0].name, tagA);
  const usedB = (await isRunning(s, started[1]))
    ? await usedFiles(s, started[1].name, tagA)
    : undefined;
  if (usedA) {
    const m = await missingFiles(s, usedA, tagA, tagB, usedB, opts.leftOut);
    if (m) {
      missing = m.missing;
      report.files = { checked: m.checked, missing: m.missing };
    }
  }
  if (!report.files)
    report.files = {
      checked: 0,
      missing: [],
      note: "the original's processes could not be read (no sh in its image, or /proc closed to a helper container)",
    };
  return { usedA, missing };
}

/**
 * Whether each container still runs and its telling log line, written with its answer into
 * its side of the report. A server must stay up: looked
 * at after the answers, the healthchecks and the file reading, so a server that answers once
 * and then dies is caught.
 */
async function lookAtTheEnd(
  s: DockerSession,
  started: Started[],
  answers: [Answer, Answer],
  report: VerifyReport,
): Promise<{ running: boolean[]; lastLines: (string | undefined)[] }> {
  if (report.probe.kind === 'http') await sleep(1000);
  const running = await Promise.all([isRunning(s, started[0]), isRunning(s, started[1])]);
  const lastLines = await Promise.all(
    started.map(async (c) => {
      if (c.error) return undefined;
      const logs = await s.logs(c.name);
      return tellingLine(logs) || undefined;
    }),
  );
  [report.original, report.converted].forEach((side, i) => {
    side.running = running[i];
    side.lastLog = lastLines[i];
    const ans = answers[i];
    if (ans.ok) side.answer = ans.text;
    else side.error = ans.why;
  });
  return { running, lastLines };
}

function probeName(report: VerifyReport): string {
  const probe = report.probe;
  return probe.kind === 'http' ? `GET ${probe.path} on port ${probe.port}` : 'the command';
}

/** The verdict and the one line for people, with the files checked and the sizes. */
function conclude(report: VerifyReport, j: Judgement): void {
  report.verdict = j.verdict;
  report.difference = j.difference;
  report.hint = j.hint;
  report.same = j.verdict === 'verified' ? true : j.verdict === 'different' ? false : null;
  const sizes =
    report.sizeBefore !== undefined && report.sizeAfter !== undefined
      ? `; ${mb(report.sizeBefore)} -> ${mb(report.sizeAfter)}` +
        (report.ratio !== undefined ? ` (${(report.ratio * 100).toFixed(1)}%)` : '')
      : '';
  const files =
    j.verdict === 'verified' && report.files?.checked
      ? `; the ${report.files.checked} files the original used are all there`
      : '';
  report.message = j.verdict === 'verified' ? `${j.message}${files}${sizes}` : j.message;
}
