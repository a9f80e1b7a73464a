// A trimmed Java runtime: `jlink` with the modules `jdeps` finds in the app's own classes,
// built at build time in a stage derived from the builder, so the list comes from the real
// jar, not from a guess in the Dockerfile text.
//
// From the text alone msconvert uses it only where jdeps provably sees every class the app
// loads: the app is compiled here with javac (and packed with jar) from sources in the
// context, with no library archive anywhere, no Maven or Gradle dependency, no reflection or
// service loading in its sources, and a start that names its jar or class folders plainly
// (no agents, no module options, no options file). Frameworks (Spring Boot and the like)
// load classes by name, so they go to distroless java instead (lean.ts).
import * as path from 'path';
import { resolvePath } from '../../analysis/stage';
import { commandName } from '../../shell';
import { images, type RuntimeFacts } from '../../data';
import type { RuntimeCandidate } from '../contract';
import { CANDIDATE_PATH_FLAGS } from './starts';
import { data, type JavaStart, type PlanState } from './types';

/** The stage that builds the trimmed runtime. */
export const JLINK_STAGE = 'jlink';
/** The root the trimmed runtime is laid out under in that stage, copied onto the runtime's /. */
const ROOT = '/jre';

/** RUN commands that leave nothing but the compiled app behind (no downloads, no packages). */
const PLAIN_BUILD = new Set([
  'javac',
  'jar',
  'mkdir',
  'cp',
  'mv',
  'rm',
  'ls',
  'echo',
  'chmod',
  'chown',
  'useradd',
  'adduser',
  'groupadd',
  'addgroup',
  'true',
  'cd',
]);

/** Files walked in the context before giving up (jlink is then not used). */
const MAX_FILES = 2000;

/** Why jlink cannot be shown to hold what the app loads, or null when it can. */
export function jlinkProblem(s: PlanState, starts: JavaStart[]): string | null {
  const { model, ctx } = s.input;
  const { jdk } = s;
  const rules = data().jlink;
  if (!jdk.major || !rules.majors.includes(jdk.major))
    return `no jlink rules for Java ${jdk.major}`;
  if ([...s.out.tools].some((t) => t !== 'javac' && t !== 'jar'))
    return `${[...s.out.tools].join(', ')} may bring libraries and frameworks that load classes by name, which jdeps cannot see`;
  if (jdk.family !== 'temurin' || jdk.jre || jdk.alpine || jdk.flavour.startsWith('-ubi'))
    return 'the builder is not a Debian or Ubuntu Temurin JDK';
  for (const c of s.commands)
    if (!PLAIN_BUILD.has(commandName(c.argv[0])))
      return `the build runs ${commandName(c.argv[0])}, which may add what jdeps cannot see`;
  for (const name of Object.keys(model.env))
    if (/^(JAVA_TOOL_OPTIONS|JDK_JAVA_OPTIONS|_JAVA_OPTIONS|CLASSPATH)$/.test(name))
      return `ENV ${name} changes what the JVM loads`;
  if (!ctx.known) return 'the build context cannot be read';
  if (s.input.builderName === JLINK_STAGE)
    return `the builder stage is already named ${JLINK_STAGE}`;
  const scan = scanSources(s);
  if (scan) return scan;
  for (const start of starts) {
    if (start.argv.some((a) => rules.startOptions.some((o) => a === o || a.startsWith(o))))
      return `the start \`${start.argv.join(' ')}\` loads modules or agents jdeps does not see`;
  }
  return roots(s, starts).length === 0 ? 'the start names no jar or class folder' : null;
}

/** The context sources the stage copies: no archive, no reflection or service loading. */
function scanSources(s: PlanState): string | null {
  const { model, ctx } = s.input;
  const markers = data().jlink.reflection;
  let seen = 0;
  const walk = (rel: string): string | null => {
    if (++seen > MAX_FILES) return 'the context is too large to read every source';
    if (ctx.isDir(rel)) {
      for (const name of ctx.list(rel)) {
        const problem = walk(rel ? `${rel}/${name.replace(/\/$/, '')}` : name.replace(/\/$/, ''));
        if (problem) return problem;
      }
      return null;
    }
    if (/\.(jar|war|ear|class|jmod)$/.test(rel))
      return `${rel} is a prebuilt archive or class, which jdeps would not be given`;
    if (!/\.(java|kt|groovy|scala)$/.test(rel)) return null;
    const text = ctx.readText(rel) ?? '';
    const hit = markers.find((m) => text.includes(m));
    return hit ? `${rel} uses ${hit}, which loads classes jdeps cannot see` : null;
  };
  for (const cp of model.copies) {
    if (cp.from) return 'the stage copies from another image';
    for (const src of cp.sources) {
      if (/^[a-z]+:\/\//i.test(src) || src.includes('$') || /[*?[]/.test(src))
        return `COPY ${src} cannot be read source by source`;
      const problem = walk(
        path.posix
          .normalize(src)
          .replace(/^(\.\/|\/)+/, '')
          .replace(/^\.$/, ''),
      );
      if (problem) return problem;
    }
  }
  return null;
}

/** The jar and class folders the starts run, as absolute image paths. */
function roots(s: PlanState, starts: JavaStart[]): string[] {
  const out: string[] = [];
  const cwd = s.input.model.cwd;
  const add = (p: string) => {
    if (p.includes('$') || p.includes('*')) return;
    const abs = resolvePath(cwd, p);
    if (!out.includes(abs)) out.push(abs);
  };
  for (const start of starts) {
    const args = start.argv.slice(1);
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === '-jar') {
        add(args[i + 1] ?? '');
        break;
      }
      if (CANDIDATE_PATH_FLAGS.has(a)) {
        for (const e of (args[++i] ?? '').split(':').filter(Boolean)) add(e);
      } else if (/^--class-path=/.test(a)) {
        for (const e of a
          .slice(a.indexOf('=') + 1)
          .split(':')
          .filter(Boolean))
          add(e);
      } else if (!a.startsWith('-')) {
        if (!args.slice(0, i).some((x) => CANDIDATE_PATH_FLAGS.has(x) || /^--class-path=/.test(x)))
          add('.');
        break;
      }
    }
  }
  return out;
}

/** The jlink candidate: the stage that builds it, its copy, and debian slim under it. */
export function jlinkCandidate(s: PlanState, starts: JavaStart[]): RuntimeCandidate {
  const rules = data().jlink;
  const major = String(s.jdk.major);
  const javaHome = s.env.JAVA_HOME ?? '/opt/java/openjdk';
  const quote = (p: string) => (/^[\w./@:+-]+$/.test(p) ? p : `'${p.replace(/'/g, `'\\''`)}'`);
  const user = s.input.model.user;
  const stage = [
    `FROM ${s.input.builderName} AS ${JLINK_STAGE}`,
    ...(user && !/^(root|0)(:.*)?$/.test(user) ? ['USER root'] : []),
    // jdeps runs on the built classes here, so the module list is the app's, computed at
    // build time; the assignment fails the RUN when jdeps fails. The runtime is laid out
    // where the builder's JDK really is, behind the same JAVA_HOME link, so the app finds
    // java.home and its files at the paths it had. --strip-java-debug-attributes rather than
    // --strip-debug: Debian's JDK strips native symbols with objcopy, which JDK images lack.
    `RUN home="$(readlink -f "$JAVA_HOME")" \\`,
    ` && modules="$(jdeps --print-module-deps --ignore-missing-deps --multi-release ${major} ${roots(s, starts).map(quote).join(' ')})" \\`,
    ` && jlink --add-modules "$modules,${rules.always.join(',')}" --strip-java-debug-attributes --no-header-files --no-man-pages --compress=2 --output "${ROOT}$home" \\`,
    ` && if [ "$home" != "$JAVA_HOME" ]; then mkdir -p "${ROOT}$(dirname "$JAVA_HOME")" && ln -s "$home" "${ROOT}$JAVA_HOME"; fi`,
  ];
  const base = images().runtimes['debian-slim'];
  const image = base.image.replace('{codename}', rules.codename);
  const facts: RuntimeFacts = { ...base, image, sizeMB: base.sizeMB + rules.sizeMB };
  return {
    image,
    facts,
    why: `a jlink runtime of the modules jdeps finds in the app (Java ${major}, ~${rules.sizeMB} MB) on ${image}, which has the C++ and zlib libraries the JVM links (distroless cc has no zlib)`,
    commands: rules.commands,
    stages: [stage],
    copies: [
      {
        from: JLINK_STAGE,
        src: `${ROOT}/`,
        dest: '/',
        why: `the trimmed Java runtime, where the builder had its JDK (${javaHome})`,
      },
    ],
    lines: [`ENV JAVA_HOME=${javaHome} PATH=${javaHome}/bin:$PATH`],
  };
}
