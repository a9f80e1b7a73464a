// The leaner Java runtimes tried before the JRE image: a jlink runtime of the app's own
// modules (jlink.ts) where jdeps provably sees every class, then distroless java of the same
// major. Both are only candidates: the planner takes the first that meets every need, so a
// start that needs a shell, OS packages or a tool (curl in a HEALTHCHECK) skips distroless
// (no shell, no package manager) and ends on the JRE image as before.
import { commandName } from '../../shell';
import { images } from '../../data';
import type { RuntimeCandidate } from '../contract';
import { jlinkCandidate, jlinkProblem } from './jlink';
import { data, type JavaStart, type PlanState } from './types';

export interface Lean {
  candidates: RuntimeCandidate[];
  /** Why the jlink runtime was not offered (said in the explanation). */
  noJlink: string | null;
  distroless: RuntimeCandidate | null;
}

/** Why distroless java cannot run this start, or null. */
function distrolessProblem(s: PlanState): string | null {
  const { jdk } = s;
  const d = data().distrolessJava;
  if (!jdk.major || !d.majors.includes(jdk.major))
    return `distroless publishes no java${jdk.major ?? ''} image`;
  if (jdk.alpine || jdk.flavour.startsWith('-ubi')) return 'the builder is not glibc Debian/Ubuntu';
  // A pinned build (17.0.9_9) stays that build: distroless java has major tags only.
  if (jdk.version !== String(jdk.major)) return `the builder pins Java ${jdk.version}`;
  // distroless java has java at /usr/bin/java only: a start by $JAVA_HOME/bin/java finds none.
  const other = s.needs.commands.find(
    (c) => commandName(c.word) === 'java' && !d.javaPaths.includes(c.word),
  );
  if (other) return `${other.from} runs java as ${other.word}, which distroless java lacks`;
  return null;
}

export function leanCandidates(s: PlanState, starts: JavaStart[]): Lean {
  const out: Lean = { candidates: [], noJlink: jlinkProblem(s, starts), distroless: null };
  if (out.noJlink === null) out.candidates.push(jlinkCandidate(s, starts));
  if (distrolessProblem(s) === null) {
    const facts = images().runtimes['distroless-java'];
    const major = String(s.jdk.major);
    const image = facts.image.replace('{major}', major).replace('{distroless}', 'debian12');
    out.distroless = {
      image,
      facts: { ...facts, image },
      why: `distroless java of the builder's major version (${major}): a JRE with no shell or package manager${out.noJlink ? `; no jlink runtime, since ${out.noJlink}` : ''}`,
      commands: ['java'],
    };
    out.candidates.push(out.distroless);
  }
  return out;
}
