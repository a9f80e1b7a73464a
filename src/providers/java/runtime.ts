// The runtime image: a JRE (or JDK) of the builder's major version and flavour, or the JRE
// variant of the builder's Tomcat image; then the user's --runtime.
import type { Warning } from '../../codes';
import type { RuntimeFacts } from '../../data';
import { decline, type Decline, type RuntimeCandidate } from '../contract';
import { applyRuntimeOverride } from '../runtime-override';
import { leanCandidates } from './lean';
import { data, type JavaStart, type PlanState } from './types';

/** The runtime image: a JRE (or JDK) of the builder's major version and flavour, or Tomcat's JRE. */
const NO_JAVA = 'has no Java runtime msconvert can vouch for; use slim, alpine or a JRE image.';

export function runtimeCandidates(
  s: PlanState,
  tomcat: boolean,
  jdkTool: string | null,
  warnings: Warning[],
  starts: JavaStart[] = [],
): Decline | RuntimeCandidate[] {
  const { model, options } = s.input;
  const { jdk } = s;
  const d = data();
  if (tomcat && !d.tomcatFlavours.includes(jdk.flavour)) {
    return decline(
      'MSC015',
      `${model.image.resolved} has no JRE variant msconvert knows (tomcat publishes -jre tags for its Temurin images only); pass --runtime.`,
    );
  }
  if (jdkTool && (tomcat || jdk.family === 'temurin')) {
    return decline(
      'MSC008',
      `the container runs ${jdkTool}, a JDK tool, so the runtime would be the builder's own JDK image; nothing would be gained.`,
    );
  }
  const kind = tomcat
    ? 'tomcat-jre'
    : jdk.alpine
      ? jdkTool
        ? 'temurin-jdk-alpine'
        : 'temurin-jre-alpine'
      : jdkTool
        ? 'temurin-jdk'
        : jdk.flavour.startsWith('-ubi')
          ? 'temurin-jre-ubi'
          : 'temurin-jre';
  const major = String(jdk.major);
  const facts = d.runtimes[kind];
  const image = facts.image
    .replace('{version}', jdk.family === 'temurin' ? (jdk.version as string) : major)
    .replace('{major}', major)
    .replace('{tomcat}', jdk.tomcat ?? '')
    .replace('{flavour}', jdk.flavour);
  const runtimeFacts: RuntimeFacts = {
    ...facts,
    image,
    // Tomcat images start in CATALINA_HOME; when the original sets no WORKDIR, both do.
    workdir: tomcat && model.workdir === null ? model.cwd : facts.workdir,
  };
  const commands = [
    ...d.jreCommands,
    ...(jdkTool ? d.jdkTools : []),
    ...(tomcat ? d.tomcatCommands : []),
  ];
  const why = [
    tomcat
      ? `the JRE variant of the builder's Tomcat ${jdk.tomcat} image (Java ${major})`
      : `a ${jdkTool ? 'JDK' : 'JRE'} of the builder's Java major version (${major})`,
  ];
  if (jdk.alpine) why.push('on Alpine like the builder (musl)');
  if (jdkTool)
    s.notes.push(
      `the container runs ${jdkTool}, a JDK tool, so the runtime keeps a JDK (${image})`,
    );
  if (jdk.osChange && !tomcat)
    s.notes.push(`the runtime moves from ${jdk.osChange}; the Java version stays ${major}`);
  if (jdk.jre) s.notes.push(`${model.image.resolved} is itself a JRE image`);
  const lean =
    tomcat || jdkTool
      ? { candidates: [], noJlink: null, distroless: null }
      : leanCandidates(s, starts);
  if (lean.candidates.length > 0)
    why.push(
      'with a shell and a package manager, for a start that needs them (the leaner images before it have none, or lack a tool it runs)',
    );
  const candidate: RuntimeCandidate = { image, facts: runtimeFacts, why: why.join(', '), commands };

  const chosen = applyRuntimeOverride(options.runtime, [...lean.candidates, candidate], {
    aliases: {
      slim: [candidate],
      scratch: { cannot: NO_JAVA },
      distroless: lean.distroless ? [lean.distroless] : { cannot: NO_JAVA },
      alpine: jdk.alpine
        ? [candidate]
        : {
            cannot:
              'would move an app built on glibc to musl (native libraries inside jars differ); build on an -alpine JDK image instead.',
          },
    },
    named: candidate,
    assumes: `Java ${major} on PATH, a shell and the same package manager as ${image}`,
  });
  if ('kind' in chosen) return chosen;
  for (const w of chosen.warnings) warnings.push(w);
  return chosen.candidates;
}
