// Java: the jar or war that Maven, Gradle or javac/jar built, on a JRE of the same major
// version (eclipse-temurin:<major>-jre); a WAR deployed into Tomcat goes to the JRE variant
// of the same Tomcat image. Artifact names are read from pom.xml and the Gradle build files,
// never guessed with a glob.
//
// plan() in steps: the start commands and the builder image may decline at once; then the
// builds are read (maven.ts, gradle.ts, javac.ts, builds.ts), what the container starts is
// traced to them (starts.ts, trace.ts, tomcat.ts, copies.ts), and the runtime image is chosen
// (runtime.ts).
import type { StartNeeds } from '../../analysis/needs';
import { allCommands } from '../../analysis/stage';
import type { Warning } from '../../codes';
import { commandName } from '../../shell';
import {
  decline,
  type Decline,
  type Detection,
  type Provider,
  type ProviderInput,
  type ProviderPlan,
} from '../contract';
import { detection } from '../detect';
import { checkBuilder, checkStart } from './checks';
import { launcherCopies, runtimeFileCopies } from './copies';
import { sourcePathCopies } from './source-paths';
import { isGradle } from './gradle';
import { readJar } from './javac';
import { jdkImage } from './jdk-image';
import { buildToolPackages } from './packages';
import { isMaven } from './maven';
import { runtimeCandidates } from './runtime';
import { javaStartRewrite, unmappedStart } from './start-rewrite';
import { javaStarts, traceStarts } from './starts';
import { newState } from './state';
import { tomcatCopies } from './tomcat';
import { data, type JavaStart, type PlanState } from './types';

export { jdkImage } from './jdk-image';

function detect({ model, ctx }: ProviderInput): Detection | null {
  const build = allCommands(model).find(
    (c) =>
      isMaven(c.argv[0]) ||
      isGradle(c.argv[0]) ||
      commandName(c.argv[0]) === 'javac' ||
      readJar(c)?.mode === 'create',
  );
  return detection(model, {
    image: data().builderImages.includes(model.image.name),
    build: build && `RUN ${build.argv.slice(0, 2).join(' ')}`,
    manifest: ['pom.xml', 'build.gradle', 'build.gradle.kts'].find((f) => ctx.exists(f)),
  });
}

/** The container starts Tomcat (its catalina.sh or startup.sh) from a tomcat image. */
function startsTomcat(s: PlanState): boolean {
  return (
    s.jdk.family === 'tomcat' &&
    s.needs.commands.some(
      (c) => data().tomcatCommands.includes(commandName(c.word)) && c.from !== 'HEALTHCHECK',
    )
  );
}

/** Copies what the container starts: the traced java starts, Tomcat's folders, or a launcher. */
function copyStarts(s: PlanState, starts: JavaStart[], tomcat: boolean): Decline | null {
  const traced = traceStarts(s, starts);
  if (traced) return traced;
  const placed = tomcat ? tomcatCopies(s) : starts.length === 0 ? launcherCopies(s) : null;
  if (placed) return placed;
  if (!tomcat && starts.length > 0 && s.copies.length === 0) {
    return decline(
      'MSC007',
      `cannot tell which jar or classes \`${starts[0].argv.join(' ')}\` runs; name the jar (java -jar <file>) or the class path.`,
    );
  }
  if (s.copies.some((c) => c.src === '/')) {
    return decline(
      'MSC012',
      "the app's classes live in the filesystem root, so msconvert cannot tell them from the image's files; set a WORKDIR and convert again.",
    );
  }
  return null;
}

function gainOf(tools: Set<string>): string[] {
  const gain = [`${[...tools].join(', ')}, the JDK compiler and the sources stay in the builder`];
  if (tools.has('Maven')) gain.push('the Maven repository cache (~/.m2) stays in the builder');
  if (tools.has('Gradle')) gain.push('the Gradle caches (~/.gradle) stay in the builder');
  return gain;
}

function plan(input: ProviderInput, needs: StartNeeds): ProviderPlan | Decline {
  const { model } = input;
  const started = checkStart(needs);
  if ('kind' in started) return unmappedStart(input, needs, started);
  const jdk = jdkImage(model.image.name, model.image.tag);
  const builderProblem = checkBuilder(input, needs, jdk);
  if (builderProblem || !jdk) return builderProblem as Decline;

  const s = newState(input, needs, jdk);
  if (s.out.tools.size === 0) {
    return decline(
      'MSC006',
      'no Maven, Gradle, javac or jar build runs in this Dockerfile, so there is no build to leave behind (is the jar built on the host and copied in?).',
    );
  }
  const tomcat = startsTomcat(s);
  const starts = javaStarts(s);
  const copied = copyStarts(s, starts, tomcat);
  if (copied) return copied;
  runtimeFileCopies(s);
  sourcePathCopies(s);

  const warnings: Warning[] = [];
  const candidates = runtimeCandidates(s, tomcat, started.jdkTool, warnings, starts);
  if ('kind' in candidates) return candidates;
  const buildOnly = buildToolPackages(model);
  for (const p of buildOnly) s.notes.push(`${p} only served the build and stays in the builder`);
  return {
    kind: 'plan',
    language: 'java',
    evidence: [],
    candidates,
    copyFrom: input.builderName,
    copies: s.copies,
    executables: s.executables,
    builderEdits: [],
    extraStages: [],
    runLines: [],
    providedCommands: [],
    staticArtifact: false,
    vouched: s.vouched,
    warnings,
    notes: s.notes,
    gain: gainOf(s.out.tools),
    // The JRE ships its own CA store and time-zone data.
    ensure: [],
    codename: null,
    buildOnlyPackages: buildOnly,
  };
}

export const javaProvider: Provider = {
  id: 'java',
  name: 'Java',
  detect,
  plan,
  rewriteStart: javaStartRewrite,
};
