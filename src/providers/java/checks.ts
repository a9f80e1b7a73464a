// Declines before any tracing: start commands that build or compile, a builder image whose
// JDK version or folder msconvert cannot tell, OS packages the runtime cannot install.
import { allCommands, type StageModel } from '../../analysis/stage';
import { writtenArgv, type StartNeeds } from '../../analysis/needs';
import { images } from '../../data';
import { commandName } from '../../shell';
import { decline, type Decline, type ProviderInput } from '../contract';
import { isGradle } from './gradle';
import { isMaven } from './maven';
import { data, type JdkImage } from './types';

/** The folder each instruction before the first WORKDIR runs in is the base image's. */
export function firstWorkdirLine(model: StageModel): number {
  const w = model.stage.instructions.find((i) => i.keyword === 'WORKDIR');
  return w ? w.start : Infinity;
}

export const BUILD_GOALS =
  /^(spring-boot:run|bootRun|run|exec:java|quarkus:dev|jetty:run|tomcat7?:run|cargo:run)$/;

/** Start commands that build, or need a JDK tool. */
export function checkStart(needs: StartNeeds): Decline | { jdkTool: string | null } {
  const d = data();
  let jdkTool: string | null = null;
  for (const c of needs.commands) {
    const name = commandName(c.word);
    if (d.buildTools.includes(name)) {
      const goal = c.argv.map((w) => commandName(w)).find((w) => BUILD_GOALS.test(w));
      return decline(
        'MSC005',
        `${c.from} runs \`${writtenArgv(c).join(' ')}\`, which ${goal ? `builds and starts the app (${goal})` : 'builds'} when the container starts; build the jar in a RUN step and start it with java -jar.`,
      );
    }
    if (
      name === 'java' &&
      c.argv.some((a, i) => i > 0 && a.endsWith('.java') && !c.argv[i - 1]?.startsWith('-'))
    ) {
      return decline(
        'MSC005',
        `${c.from} runs \`${c.argv.join(' ')}\`, which compiles the source when the container starts (the JRE cannot); compile it with javac in a RUN step.`,
      );
    }
    if (d.jdkTools.includes(name) || (name === 'jar' && c.from !== 'script')) jdkTool ??= name;
  }
  return { jdkTool };
}

/** The builder image: a known JDK version, apt/apk packages, folders it names. */
export function checkBuilder(
  input: ProviderInput,
  needs: StartNeeds,
  jdk: JdkImage | null,
): Decline | null {
  const { model } = input;
  if (!jdk) {
    return decline(
      'MSC015',
      `the builder ${model.image.resolved} is not a Java image msconvert knows (eclipse-temurin, openjdk, maven, gradle, tomcat), so it cannot name a JRE of the same family; pass --runtime.`,
    );
  }
  if (jdk.major === null || jdk.version === null) {
    return decline(
      'MSC015',
      `cannot tell the JDK version of ${model.image.resolved} from its tag, so no JRE of the same major version can be named; use a tag that names it (e.g. maven:3.9-eclipse-temurin-17, gradle:8-jdk17, tomcat:10-jdk17) or pass --runtime.`,
    );
  }
  // OS packages from a package manager the shared planner cannot repeat.
  const other = allCommands(model).find(
    (c) =>
      ['yum', 'dnf', 'microdnf', 'tdnf', 'zypper'].includes(commandName(c.argv[0])) &&
      c.argv.includes('install'),
  );
  if (other) {
    return decline(
      'MSC009',
      `the image installs OS packages with ${commandName(other.argv[0])}, which the runtime image (Temurin, with apt or apk) cannot install the same way; add them to a runtime stage by hand.`,
    );
  }
  // Instructions before the first WORKDIR run in the base image's folder, which the shared
  // image facts may not know (gradle: /home/gradle, tomcat: /usr/local/tomcat).
  const baseDir = data().builders[model.image.name]?.workdir ?? '/';
  if (baseDir === '/' || images().builders[model.image.name] !== undefined) return null;
  const firstWd = firstWorkdirLine(model);
  const relativeCopy = model.copies.some(
    (cp) => cp.ins.start < firstWd && !(cp.ins.exec ?? cp.ins.words).slice(-1)[0]?.startsWith('/'),
  );
  const buildsThere = model.runs.some(
    (r) =>
      r.ins.start < firstWd &&
      r.commands.some(
        (c) =>
          c.cwd === '/' &&
          (isMaven(c.argv[0]) ||
            isGradle(c.argv[0]) ||
            ['javac', 'jar', 'cp', 'mv'].includes(commandName(c.argv[0]))),
      ),
  );
  // With no WORKDIR at all the container starts there too: only Tomcat's JRE image matches.
  const startsThere =
    firstWd === Infinity &&
    (jdk.family !== 'tomcat' || needs.commands.some((c) => c.argv.some((a) => /^\.\.?\//.test(a))));
  if (relativeCopy || buildsThere || startsThere) {
    return decline(
      'MSC012',
      `${model.image.resolved} starts in ${baseDir} and this Dockerfile uses that folder without naming it; add WORKDIR ${baseDir} (or the folder you use) before the first COPY and convert again.`,
    );
  }
  return null;
}
