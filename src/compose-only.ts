// A Dockerfile with no CMD or ENTRYPOINT of its own is started only by the Compose services
// that build it: their `command:`/`entrypoint:` is what the runtime stage must serve. Each
// start is planned as a conversion of the Dockerfile with it appended (src/compose-start.ts);
// when every one gives the same runtime stage and Compose, laying its start over that stage
// as written, runs exactly what the probe planned, the conversion is the probe's runtime stage
// with no start of its own (the original had none either), apart from an ENTRYPOINT the
// runtime image needs reset so that Compose's `command:` runs as written. A service that gives
// no start runs the base image's default, which nothing shows how to serve: declined (MSC022).
import type { Warning } from './codes';
import {
  runtimePart,
  shown,
  startLines,
  startProblem,
  who,
  withStart,
  withoutStart,
  type ComposeStart,
  type Converted,
  retryNote,
  type Options,
  type Outcome,
  type Run,
} from './compose-lines';
import { parseDockerfile } from './parse';

/** Whether the single stage has a CMD or ENTRYPOINT; null when it is not one stage. */
export function hasOwnStart(text: string): boolean | null {
  const parsed = parseDockerfile(text);
  if (parsed.stages.length !== 1) return null;
  return parsed.stages[0].instructions.some(
    (i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT',
  );
}

const NONE = 'the Dockerfile has no CMD or ENTRYPOINT';

/**
 * How a Dockerfile started only by Compose is run to be checked (--verify): as its first
 * service with a start runs it. Null when the Dockerfile has a start of its own.
 */
export function composeRunStart(
  text: string,
  starts: readonly ComposeStart[],
): { entrypoint?: string[]; command?: string[] } | null {
  if (hasOwnStart(text) !== false) return null;
  const s = starts.find((x) => (x.command || x.entrypoint) && !x.problem);
  return s ? { entrypoint: s.entrypoint, command: s.command } : null;
}

/** Why a service's start cannot be planned from at all, or null. */
function unreadable(s: ComposeStart): string | null {
  if (s.problem)
    return `${NONE}, and ${who(s)} starts the image with a command msconvert cannot read (${s.problem}), so nothing shows what the runtime stage must serve.`;
  if (!s.command && !s.entrypoint)
    return `${NONE}, and ${who(s)} gives no command or entrypoint either, so it runs whatever the base image runs; nothing shows what a runtime stage would need.`;
  return null;
}

/** The conversion planned for Compose's starts, or null when no Compose service builds it. */
export function composeOnly<R extends Converted>(
  text: string,
  o: Options,
  run: Run<R>,
  plain: R,
): Outcome<R> | null {
  const services = o.compose ?? [];
  // No service gives a start: every one runs the base image's default, the plain decline.
  if (!services.some((s) => s.command || s.entrypoint || s.problem)) return null;
  for (const s of services) {
    const why = unreadable(s);
    if (why) return { declined: why };
  }
  const probes = services.map((s) => ({ s, lines: startLines(s), r: run(withStart(text, s), o) }));
  for (const { s, r } of probes)
    if (r.status !== 'converted' || !r.explanation)
      return {
        declined: `${NONE}; ${who(s)} starts it with \`${shown(s)}\`, and for that start: ${r.reason ?? r.status}`,
      };
  // A service that keeps the image's ENTRYPOINT shows which one the runtime stage needs.
  const ref = probes.find((p) => !p.s.entrypoint) ?? probes[0];
  for (const p of probes)
    if (runtimePart(p.r.output) !== runtimePart(ref.r.output))
      return {
        declined: `${NONE}, and ${who(p.s)} (\`${shown(p.s)}\`) needs another runtime stage than ${who(ref.s)} (\`${shown(ref.s)}\`); convert with one service's start as the CMD, or each start by hand.`,
      };
  const keepEntrypoint = !ref.s.entrypoint;
  const output = withoutStart(
    ref.r.output,
    ref.lines,
    (l) => keepEntrypoint && /^ENTRYPOINT/i.test(l),
  );
  if (output === null)
    return {
      declined: `${NONE}; ${who(ref.s)} starts it with \`${shown(ref.s)}\`, which the conversion rewrites with a build step, while Compose would still run it as written.`,
    };
  for (const p of probes) {
    const problem = startProblem(output, p.r.output, p.s);
    if (problem)
      return {
        declined: `${NONE}; ${who(p.s)} starts it with \`${shown(p.s)}\`, and ${problem}; convert with --runtime slim.`,
        retry: retryNote(p.s, p.r.explanation?.runtimeImage ?? 'the runtime image', problem),
      };
  }
  return { ok: planned(ref.r, output, probes) };
}

/** The reference probe's result with the output, evidence and warning of the Compose start. */
function planned<R extends Converted>(
  ref: R,
  output: string,
  probes: { s: ComposeStart; r: R }[],
): R {
  const explanation = ref.explanation as NonNullable<R['explanation']>;
  const starts = probes.map(
    ({ s }) =>
      `\`${shown(s)}\` (service ${s.service}, ${s.profiles?.length ? `profile ${s.profiles.join(', ')}, ` : ''}${s.file})`,
  );
  const warning: Warning = {
    code: 'MSC189',
    message: `${NONE}, so the runtime stage is planned for the start${starts.length > 1 ? 's' : ''} Compose gives: ${starts.join('; ')}. The converted image has no start of its own either: run without Compose, it starts what ${explanation.runtimeImage} starts by default.`,
  };
  return {
    ...ref,
    output,
    warnings: [warning, ...ref.warnings],
    explanation: {
      ...explanation,
      evidence: [
        ...explanation.evidence,
        ...probes.map(({ s }) => `${who(s)} starts \`${shown(s)}\`: the runtime is planned for it`),
      ],
    },
  };
}
