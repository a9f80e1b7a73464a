// A Compose service that builds this Dockerfile and gives `command:` or `entrypoint:` starts
// the image with that, not with the Dockerfile's CMD: the runtime stage must serve it too. The
// check is a second conversion of the Dockerfile with the service's start appended (the last
// CMD/ENTRYPOINT wins, as Docker reads it): the runtime stage must be the same apart from the
// start lines, and the probe's start lines must be the service's own, unchanged, because
// Compose lays its start over the converted image as written (a runtime that rewrote it, as
// distroless Node turns `node x.js` into `x.js` for its node ENTRYPOINT, would run Compose's
// `node x.js` as node's arguments). A Dockerfile with no start of its own is planned for the
// starts Compose gives (src/compose-only.ts). Otherwise the file is declined (MSC022).
import { composeOnly, hasOwnStart } from './compose-only';
import {
  runtimePart,
  shown,
  startProblem,
  who,
  withStart,
  retryNote,
  type Converted,
  type Options,
  type Outcome,
  type Run,
} from './compose-lines';
export type { ComposeStart } from './compose-lines';

/** The conversion of a Dockerfile with a start of its own, checked against every service. */
function checked<R extends Converted>(text: string, o: Options, run: Run<R>, plain: R): Outcome<R> {
  if (!plain.explanation) return { ok: plain };
  const evidence: string[] = [];
  for (const s of o.compose ?? []) {
    if (!s.command && !s.entrypoint) continue;
    if (s.problem)
      return {
        declined: `${who(s)} starts the image with a command msconvert cannot read (${s.problem}), and the runtime stage must serve it too; convert with --context and no Compose file to plan for the Dockerfile's CMD alone.`,
      };
    const probe = run(withStart(text, s), o);
    if (probe.status !== 'converted')
      return {
        declined: `${who(s)} starts the image with \`${shown(s)}\`, and for that start: ${probe.reason ?? probe.status}`,
      };
    if (runtimePart(probe.output) !== runtimePart(plain.output))
      return {
        declined: `${who(s)} starts the image with \`${shown(s)}\`, which needs another runtime stage than the Dockerfile's own start; make the CMD the command Compose runs, or convert each start by hand.`,
      };
    const problem = startProblem(plain.output, probe.output, s);
    if (problem)
      return {
        declined: `${who(s)} starts the image with \`${shown(s)}\`, and ${problem}`,
        retry: retryNote(s, plain.explanation.runtimeImage, problem),
      };
    evidence.push(`${who(s)} starts \`${shown(s)}\`: the runtime serves it too`);
  }
  for (const e of evidence) plain.explanation.evidence.push(e);
  return { ok: plain };
}

/**
 * The conversion, checked against each Compose start: unchanged when every start is served by
 * the same runtime stage, planned for Compose's starts when the Dockerfile has none, declined
 * (MSC022) when one is not served or cannot be read. When the runtime msconvert prefers would
 * change a start Compose gives as written (and no --runtime was given), the slim runtime of the
 * same image is tried before declining.
 */
export function withComposeStarts<R extends Converted>(
  text: string,
  options: Options,
  run: Run<R>,
  declined: (plain: R, reason: string) => R,
): R {
  const attempt = (o: Options): { plain: R; outcome: Outcome<R> } => {
    const plain = run(text, o);
    const own = hasOwnStart(text);
    if (own === false && plain.status === 'declined' && plain.code === 'MSC006')
      return { plain, outcome: composeOnly(text, o, run, plain) ?? { ok: plain } };
    if (plain.status !== 'converted') return { plain, outcome: { ok: plain } };
    return { plain, outcome: checked(text, o, run, plain) };
  };
  const first = attempt(options);
  if ('ok' in first.outcome) return first.outcome.ok;
  if (!first.outcome.retry) return declined(first.plain, first.outcome.declined);
  if (options.runtime !== undefined && options.runtime !== 'slim')
    return declined(
      first.plain,
      `${first.outcome.declined}; convert with --runtime slim, or make the CMD the command Compose runs.`,
    );
  if (options.runtime === 'slim')
    return declined(
      first.plain,
      `${first.outcome.declined}; make the CMD the command Compose runs.`,
    );
  const slim = attempt({ ...options, runtime: 'slim' });
  if ('ok' in slim.outcome && slim.outcome.ok.explanation) {
    slim.outcome.ok.explanation.evidence.push(first.outcome.retry);
    return slim.outcome.ok;
  }
  // The slim runtime was tried too: advising it would send the user round in a circle.
  const why = 'declined' in slim.outcome ? slim.outcome.declined : first.outcome.declined;
  return declined(
    first.plain,
    `${why}; the slim runtime does not serve it either, so make the CMD the command Compose runs.`,
  );
}
