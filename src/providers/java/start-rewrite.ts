// `mvn spring-boot:run` and `gradle bootRun` at start compile the app each time the container
// starts, with Maven or Gradle, the JDK and the sources at run time. Their production
// equivalent: the same tool packs the executable jar in the builder (`package`, `bootJar`)
// with the same options, and the runtime starts `java -jar` of it with the arguments the
// plugin would have handed to the app. The jar's name is read from pom.xml or the Gradle
// files as for any build (maven.ts, gradle.ts); a project whose jar or run configuration
// msconvert cannot tell exactly stays declined, with the reason (MSC191).
import * as path from 'path';
import type { StartNeeds } from '../../analysis/needs';
import type { Command, StageModel } from '../../analysis/stage';
import { wrapperThroughShell } from '../../analysis/tool-wrappers';
import type { Instruction } from '../../parse';
import { parseXml, xmlChild, xmlChildren, xmlText, type XmlNode } from '../../readers/xml';
import { buildRun } from '../build-mounts';
import { mountedOver } from '../start-mounts';
import { decline, type Decline, type ProviderInput, type StartRewrite } from '../contract';
import { bootProject } from './boot-project';
import { gradleProject, isGradle, taskConf } from './gradle';
import { mavenProject, isMaven, pluginConfig } from './maven';
import { noOutputs, type Outputs } from './types';

/** A shell-form word that means the same to the shell as written: no quotes, no expansion. */
const PLAIN_WORD = /^[\w./:=,@%+-]+$/;
/** An argument token the plugins' whitespace splitting leaves as it is. */
const TOKEN = /^[^\s"'\\$`]+$/;

type Mapped = { rewrite: StartRewrite } | { reason: string };

/** What the plugin hands to the app: JVM options, profiles, program arguments. */
interface AppArgs {
  jvm: string[];
  args: string[];
}

function startInstruction(
  input: ProviderInput,
  needs: StartNeeds,
): { ins: Instruction; argv: string[]; shell?: string } | null {
  // The wrapper scripts (mvnw, gradlew) are read as scripts that run the tool again.
  if (needs.scripts.some((s) => !/^(mvnw|gradlew)$/.test(path.posix.basename(s.imagePath))))
    return null;
  const tool = needs.commands.filter(
    (c) => (isMaven(c.word) || isGradle(c.word)) && c.from !== 'script',
  );
  if (tool.length !== 1 || (tool[0].from !== 'CMD' && tool[0].from !== 'ENTRYPOINT')) return null;
  const ins = tool[0].from === 'CMD' ? input.model.cmd : input.model.entrypoint;
  return ins && { ins, argv: tool[0].argv, shell: tool[0].shell };
}

function words(ins: Instruction): string[] | null {
  if (ins.exec) return ins.exec;
  return ins.words.every((w) => PLAIN_WORD.test(w)) ? ins.words : null;
}

function restart(ins: Instruction, argv: string[]): string {
  if (ins.exec) return `${ins.keyword} ${JSON.stringify(argv).replace(/","/g, '", "')}`;
  return `${ins.keyword} ${argv.join(' ')}`;
}

/** Whitespace-separated tokens, as the plugins split these values; null when quoting could matter. */
function tokens(value: string): string[] | null {
  const t = value.trim().split(/\s+/).filter(Boolean);
  return t.every((x) => TOKEN.test(x)) ? t : null;
}

// ---- Maven ------------------------------------------------------------------------------

const MVN_VALUED = new Set(['-s', '--settings', '-gs', '--global-settings', '-T', '--threads']);
const MVN_VALUED_KEPT = new Set([
  ...MVN_VALUED,
  '-l',
  '--log-file',
  '-t',
  '--toolchains',
  '-gt',
  '--global-toolchains',
  '-b',
  '--builder',
  '-P',
  '--activate-profiles',
]);
/** Options that choose other projects or poms: the jar and the working folder would differ. */
const MVN_REFUSED =
  /^(-f|--file|-pl|--projects|-rf|--resume-from|-am|--also-make|-amd|--also-make-dependents)(=|$)/;
/** Lifecycle phases the start may run before spring-boot:run (tests run from `test` on). */
const MVN_PHASES = [
  'clean',
  'validate',
  'compile',
  'test-compile',
  'test',
  'package',
  'verify',
  'install',
];
const MVN_TESTS_RUN = ['test', 'package', 'verify', 'install'];
const MVN_PACKS = ['package', 'verify', 'install'];
/** spring-boot-maven-plugin settings that leave the jar and the run alike. */
const BOOT_PLUGIN_KEPT = new Set([
  'mainClass',
  'excludes',
  'includes',
  'excludeGroupIds',
  'image',
  'layers',
  'requiresUnpack',
  'includeSystemScope',
]);

interface MvnStart {
  build: string[];
  app: AppArgs;
  defines: Record<string, string>;
}

function readMvnStart(argv: string[], bootMinor: number): MvnStart | string {
  const build: string[] = [argv[0]];
  const defines: Record<string, string> = {};
  let runs = 0;
  let profiles: string | null = null;
  let args: string[] = [];
  let jvm: string[] = [];
  const goals: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const w = argv[i];
    if (MVN_REFUSED.test(w)) return `its option ${w} builds another pom or other projects`;
    if (w === '-D' || w === '--define' || w.startsWith('-D') || w.startsWith('--define=')) {
      const def =
        w === '-D' || w === '--define'
          ? (argv[++i] ?? '')
          : w.startsWith('-D')
            ? w.slice(2)
            : w.slice(9);
      const [k, ...v] = def.split('=');
      const value = v.join('=');
      if (/^(spring-boot\.)?run\./.test(k)) {
        const t = tokens(value);
        if (k === 'spring-boot.run.profiles' && /^[\w.,-]+$/.test(value)) profiles = value;
        else if (k === 'spring-boot.run.jvmArguments' && t) jvm = t;
        else if (k === 'spring-boot.run.arguments' && t && !value.includes(',')) {
          // Spring Boot 2.3 split this value on whitespace; before, on commas: one token
          // without a comma reads the same to both.
          if (t.length > 1 && bootMinor < 203)
            return `Spring Boot before 2.3 splits ${k} on commas, not on spaces`;
          args = t;
        } else return `the run setting ${k}=${value} has no exact java -jar equivalent`;
        continue;
      }
      defines[k] = value || 'true';
      build.push(w);
      if (w === '-D' || w === '--define') build.push(def);
      continue;
    }
    if (MVN_VALUED_KEPT.has(w)) {
      build.push(w, argv[++i] ?? '');
      continue;
    }
    if (w.startsWith('-')) {
      build.push(w);
      continue;
    }
    if (w === 'spring-boot:run') {
      runs++;
      build.push('\0');
      continue;
    }
    if (!MVN_PHASES.includes(w)) return `it also runs ${w} at start`;
    if (runs > 0) return `it runs ${w} after spring-boot:run`;
    goals.push(w);
    build.push(w);
  }
  if (runs !== 1) return 'it runs spring-boot:run more than once';
  const testsRun = goals.some((g) => MVN_TESTS_RUN.includes(g));
  const skipped = Object.keys(defines).some((k) => k === 'skipTests' || k === 'maven.test.skip');
  const packs = goals.some((g) => MVN_PACKS.includes(g));
  // spring-boot:run compiles the tests but runs none: -DskipTests does the same for package.
  const added = [...(testsRun || skipped ? [] : ['-DskipTests']), ...(packs ? [] : ['package'])];
  const at = build.indexOf('\0');
  return {
    build: build.slice(0, at).concat(added, build.slice(at + 1)),
    defines,
    app: { jvm, args: profiles ? [`--spring.profiles.active=${profiles}`, ...args] : args },
  };
}

/** The Spring Boot version (major*100+minor) of the starter parent or the plugin, or null. */
function bootVersion(pom: XmlNode, plugin: XmlNode): number | null {
  const parent = xmlChild(pom, 'parent');
  const text = parent ? xmlText(parent, 'version') : xmlText(plugin, 'version');
  const v = /^(\d+)\.(\d+)/.exec(text ?? '');
  return v ? Number(v[1]) * 100 + Number(v[2]) : null;
}

/** The Spring Boot plugin of a pom whose jar and run are told exactly, or why not. */
function bootPlugin(pom: XmlNode): XmlNode | string {
  const parent = xmlChild(pom, 'parent');
  const starter =
    xmlText(parent, 'groupId') === 'org.springframework.boot' &&
    xmlText(parent, 'artifactId') === 'spring-boot-starter-parent';
  if (parent && !starter)
    return `pom.xml inherits from ${xmlText(parent, 'artifactId') ?? 'a parent'}, which may configure the build and the run`;
  if (xmlChild(pom, 'modules')) return 'pom.xml has modules';
  if ((xmlText(pom, 'packaging') ?? 'jar') !== 'jar') return 'pom.xml does not package a jar';
  for (const p of xmlChildren(xmlChild(pom, 'profiles'), 'profile'))
    if (xmlChild(p, 'build') || xmlChild(p, 'properties'))
      return 'a Maven profile in pom.xml changes the build';
  const boot = xmlChildren(xmlChild(xmlChild(pom, 'build'), 'plugins'), 'plugin').find(
    (p) => xmlText(p, 'artifactId') === 'spring-boot-maven-plugin',
  );
  if (!boot)
    return 'pom.xml has no spring-boot-maven-plugin, so the jar mvn package writes is not executable';
  const repackage = xmlChildren(xmlChild(boot, 'executions'), 'execution').some((e) =>
    xmlChildren(xmlChild(e, 'goals'), 'goal').some((g) => g.text.trim() === 'repackage'),
  );
  if (!starter && !repackage)
    return 'spring-boot-maven-plugin has no repackage execution, so the jar is not executable';
  for (const conf of pluginConfig(boot))
    for (const c of conf.children)
      if (!BOOT_PLUGIN_KEPT.has(c.name))
        return `spring-boot-maven-plugin sets <${c.name}>, which the jar or the run reads otherwise`;
  return boot;
}

function mavenRewrite(input: ProviderInput, argv: string[]): (MvnStart & { jar: string }) | string {
  const { model, files } = input;
  const pomPath = path.posix.join(model.cwd, 'pom.xml');
  const pom = parseXml(files.readByImagePath(pomPath));
  if (!pom) return `${pomPath} is not in the build context`;
  // The maven image's entrypoint copies /usr/share/maven/ref into ~/.m2 before the start runs;
  // a RUN step does not go through it.
  if (input.parsed.text.includes('/usr/share/maven/ref'))
    return "the Dockerfile fills /usr/share/maven/ref, which only the maven image's entrypoint copies to ~/.m2";
  const boot = bootPlugin(pom);
  if (typeof boot === 'string') return boot;
  // Before 2.2 spring-boot:run ran the app inside Maven's own JVM (MAVEN_OPTS, -D properties).
  const version = bootVersion(pom, boot);
  if (version === null || version < 202)
    return `the Spring Boot version is ${version === null ? 'not named in pom.xml' : 'before 2.2'}, and before 2.2 spring-boot:run ran the app inside Maven's JVM`;
  const start = readMvnStart(argv, version);
  if (typeof start === 'string') return start;
  const out: Outputs = noOutputs();
  mavenProject(input, pomPath, { defines: start.defines, goals: [] }, {}, out);
  if (out.unknown.length > 0 || out.artifacts.length !== 1)
    return out.unknown[0] ?? 'the jar name cannot be told';
  return { ...start, jar: out.artifacts[0].path };
}

// ---- Gradle -----------------------------------------------------------------------------

const GRADLE_VALUED = new Set([
  '-x',
  '--exclude-task',
  '-g',
  '--gradle-user-home',
  '-I',
  '--init-script',
  '--console',
  '--warning-mode',
  '--max-workers',
  '--priority',
  '-D',
  '-P',
]);
const GRADLE_REFUSED =
  /^(-p|--project-dir|-b|--build-file|-c|--settings-file|-t|--continuous|--debug-jvm|-a|--no-rebuild)(=|$)/;
const GRADLE_TASKS = ['clean', 'classes', 'build', 'assemble', 'test', 'check'];
const GRADLE_TESTS_RUN = ['build', 'test', 'check'];

interface GradleStart {
  build: string[];
  app: AppArgs;
}

function readGradleStart(argv: string[]): GradleStart | string {
  const build: string[] = [argv[0]];
  let runs = 0;
  let args: string[] = [];
  const tasks: string[] = [];
  let excluded = false;
  for (let i = 1; i < argv.length; i++) {
    const w = argv[i];
    if (GRADLE_REFUSED.test(w))
      return `its option ${w} has no equivalent for bootJar and java -jar`;
    if (w === '--args' || w.startsWith('--args=')) {
      const t = tokens(w === '--args' ? (argv[++i] ?? '') : w.slice(7));
      if (!t) return 'its --args value is quoted or expanded, which Gradle splits in its own way';
      args = t;
      continue;
    }
    if (GRADLE_VALUED.has(w)) {
      const v = argv[++i] ?? '';
      if ((w === '-x' || w === '--exclude-task') && v === 'test') excluded = true;
      build.push(w, v);
      continue;
    }
    if (w.startsWith('-')) {
      if (/^(-x|--exclude-task=)test$/.test(w)) excluded = true;
      build.push(w);
      continue;
    }
    if (w === 'bootRun') {
      runs++;
      build.push('bootJar');
      continue;
    }
    if (!GRADLE_TASKS.includes(w)) return `it also runs ${w} at start`;
    tasks.push(w);
    build.push(w);
  }
  if (runs !== 1) return 'it runs bootRun more than once';
  // bootRun runs no tests; neither does bootJar, and -x test keeps it so whatever depends on it.
  if (!excluded && !tasks.some((t) => GRADLE_TESTS_RUN.includes(t))) build.push('-x', 'test');
  return { build, app: { jvm: [], args } };
}

function gradleRewrite(
  input: ProviderInput,
  argv: string[],
): (GradleStart & { jar: string }) | string {
  const { model, files } = input;
  const read = (f: string) => files.readByImagePath(path.posix.join(model.cwd, f));
  const settingsFile = ['settings.gradle', 'settings.gradle.kts'].find((f) => read(f) !== null);
  if (!settingsFile) return 'settings.gradle does not name the root project (rootProject.name)';
  const boot = bootProject(input, model.cwd, {
    text: read(settingsFile) as string,
    file: settingsFile,
  });
  if (typeof boot === 'string') return boot;
  // bootRun runs the app in its project's folder: a subproject's app would need that folder
  // as the runtime's working folder and its own jar, which no lab build can check yet (no
  // Gradle plugin portal or Maven Central there).
  if (boot.project !== '')
    return `only the subproject :${boot.project} applies the Spring Boot plugin, so gradle bootRun starts it in ${boot.dir}, and msconvert rewrites bootRun only for the root project`;
  const text = boot.text;
  if (/\bbootRun\b|\bBootRun\b|applicationDefaultJvmArgs|excludeDevtools/.test(text))
    return 'the build file configures the run (bootRun, applicationDefaultJvmArgs or excludeDevtools)';
  if (/id\s*\(?\s*['"]war['"]|apply\s+plugin:\s*['"]war['"]|^\s*war\s*$|`war`/m.test(text))
    return 'the build applies the war plugin';
  const conf = taskConf(text, 'bootJar', 'BootJar');
  if (conf.unknown || conf.disabled)
    return 'the build file computes or disables the bootJar archive';
  const start = readGradleStart(argv);
  if (typeof start === 'string') return start;
  const out: Outputs = noOutputs();
  gradleProject(input, boot.dir, boot.name, text, boot.props, ['bootJar'], out);
  const jars = out.artifacts.filter((a) => a.why.includes('bootJar'));
  if (out.unknown.length > 0 || jars.length !== 1)
    return out.unknown[0] ?? 'the jar name cannot be told';
  return { ...start, jar: jars[0].path };
}

// ---- both -------------------------------------------------------------------------------

/**
 * The rewrite of a Spring Boot run at start, the reason it cannot be mapped exactly, or null
 * when the start is no spring-boot:run / bootRun.
 */
export function mapJavaStart(input: ProviderInput, needs: StartNeeds): Mapped | null {
  const started = startInstruction(input, needs);
  if (!started) return null;
  const { model } = input;
  const { ins, argv: raw, shell } = started;
  const maven = isMaven(raw[0]) && raw.includes('spring-boot:run');
  const gradle = isGradle(raw[0]) && raw.includes('bootRun');
  if (!maven && !gradle) return null;
  const written = words(ins);
  // `sh ./gradlew bootRun` (needs.ts read it as the wrapper): the shell is kept in the build
  // line, which so runs whatever the wrapper's mode in the context.
  const argv = shell && written?.[0] === shell ? written.slice(1) : written;
  const ran = shell ? [shell, ...raw] : raw;
  if (!argv || argv.some((w) => w.includes('$')))
    return { reason: 'the start command uses shell quoting or variables' };
  if (!/^(\.\/)?(mvn|mvnw|gradle|gradlew)$/.test(argv[0]))
    return { reason: `${argv[0]} is not mvn, ./mvnw, gradle or ./gradlew` };
  if (ins.keyword === 'ENTRYPOINT' ? model.cmd !== null : model.entrypoint !== null)
    return { reason: 'ENTRYPOINT and CMD together make the command' };
  const mounted = mountedOver(input.ctx, model.cwd);
  if (mounted) return { reason: mounted };
  const r = maven ? mavenRewrite(input, argv) : gradleRewrite(input, argv);
  if (typeof r === 'string') return { reason: r };
  // The build step is a shell-form RUN: a word the shell would read otherwise is not copied.
  const quoted = r.build.find((w) => !PLAIN_WORD.test(w));
  if (quoted !== undefined)
    return { reason: `its word ${JSON.stringify(quoted)} needs shell quoting` };
  const jar = path.posix.relative(model.cwd, r.jar);
  const java = ['java', ...r.app.jvm, '-jar', jar, ...r.app.args];
  const line = (shell ? [shell, ...r.build] : r.build).join(' ');
  const runsTool = (c: Command) => {
    const word = (wrapperThroughShell(c, input.files) ?? c).argv[0];
    return maven ? isMaven(word) : isGradle(word);
  };
  return {
    rewrite: {
      build: [buildRun(model, runsTool, line)],
      // spring-boot:run and bootRun compiled into the same target/ or build/ as the same user.
      writesAsStartDid: true,
      start: [restart(ins, java)],
      warning: {
        code: 'MSC187',
        message: `${ins.keyword} ran \`${ran.join(' ')}\`, which compiles the app each time the container starts; the builder now packs the jar (\`${line}\`) and the runtime starts \`${java.join(' ')}\` on a JRE.${downloads(model, runsTool, argv)}`,
      },
    },
  };
}

/**
 * When no RUN ran the tool before the added line, what the start fetched each time the
 * container started (the dependencies, and the tool itself for a wrapper) is fetched by the
 * build: it now needs the network the start needed.
 */
function downloads(model: StageModel, runsTool: (c: Command) => boolean, argv: string[]): string {
  if (model.runs.some((r) => r.commands.some(runsTool))) return '';
  if (argv.some((w) => w === '--offline' || w === '-o')) return '';
  const wrapper = /(mvnw|gradlew)$/.test(argv[0])
    ? ` and ${isMaven(argv[0]) ? 'Maven' : 'Gradle'} itself (the wrapper's download)`
    : '';
  return ` No step before ran ${argv[0]}, so the dependencies${wrapper} are now downloaded when the image is built instead of each time the container starts.`;
}

export function javaStartRewrite(input: ProviderInput, needs: StartNeeds): StartRewrite | null {
  const m = mapJavaStart(input, needs);
  return m && 'rewrite' in m ? m.rewrite : null;
}

/** A Spring Boot run that stays declined says why it could not be rewritten (not with --keep-start). */
export function unmappedStart(input: ProviderInput, needs: StartNeeds, declined: Decline): Decline {
  if (input.options.keepStart) return declined;
  const m = mapJavaStart(input, needs);
  if (!m || !('reason' in m)) return declined;
  return decline(
    'MSC005',
    `${declined.reason.replace(/; build the jar.*$/, '')}; msconvert packs the jar in the builder and starts it with java -jar only when that is exact, and here ${m.reason}.`,
  );
}
