// Java: the jar or war that Maven, Gradle or javac/jar built, on a JRE of the same major
// version (eclipse-temurin:<major>-jre); a WAR deployed into Tomcat goes to the JRE variant
// of the same Tomcat image. Artifact names are read from pom.xml and the Gradle build files,
// never guessed with a glob.
import { globToRegExp } from '../analysis/files';
import { detection } from './detect';
import * as path from 'path';
import type { Warning } from '../codes';
import type { ImageFiles } from '../analysis/files';
import type { StartNeeds } from '../analysis/needs';
import { allCommands, resolvePath, type Command, type StageModel } from '../analysis/stage';
import { commandName, simpleCommands } from '../shell';
import { images, templateJson, type RuntimeFacts } from '../data';
import {
  decline,
  type CopySpec,
  type Decline,
  type Detection,
  type Provider,
  type ProviderInput,
  type ProviderPlan,
  type RuntimeCandidate,
} from './contract';

interface JavaData {
  builderImages: string[];
  builders: Record<string, { workdir: string; env: Record<string, string> }>;
  runtimes: Record<string, RuntimeFacts>;
  tomcatFlavours: string[];
  temurinFlavours: string[];
  jreCommands: string[];
  tomcatCommands: string[];
  jdkTools: string[];
  buildTools: string[];
  runtimeDirs: string[];
  runtimeFilePattern: string;
  buildInputs: string[];
  mavenPlugins: { harmless: string[] };
}
const data = () => templateJson<JavaData>('java.json');

// ---------------------------------------------------------------------------------------
// A small XML reader: enough for pom.xml and MSBuild project files (elements, attributes,
// text; comments, CDATA, processing instructions and DOCTYPE skipped).

export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

function decodeEntities(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

export function parseXml(src: string | null): XmlNode | null {
  if (src === null) return null;
  const text = src
    .replace(/^\uFEFF/, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<\?[\s\S]*?\?>/g, '')
    .replace(/<!DOCTYPE[^>]*>/gi, '')
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, (_m, t: string) =>
      t.replace(/&/g, '&amp;').replace(/</g, '&lt;'),
    );
  const root: XmlNode = { name: '#root', attrs: {}, children: [], text: '' };
  const stack = [root];
  const re =
    /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[^\s=>/]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;
  for (const m of text.matchAll(re)) {
    const top = stack[stack.length - 1];
    if (m[5] !== undefined) {
      top.text += decodeEntities(m[5]);
      continue;
    }
    const [, close, name, attrText, selfClose] = m;
    if (close) {
      let i = stack.length - 1;
      while (i > 0 && stack[i].name !== name) i--;
      if (i > 0) stack.length = i;
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of attrText.matchAll(/([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g))
      attrs[a[1]] = decodeEntities(a[2] ?? a[3] ?? '');
    const node: XmlNode = { name, attrs, children: [], text: '' };
    top.children.push(node);
    if (!selfClose) stack.push(node);
  }
  return root.children[0] ?? null;
}

export function xmlChild(node: XmlNode | null | undefined, name: string): XmlNode | null {
  return node?.children.find((c) => c.name === name) ?? null;
}

export function xmlChildren(node: XmlNode | null | undefined, name: string): XmlNode[] {
  return node?.children.filter((c) => c.name === name) ?? [];
}

/** Trimmed text of the element at a path of child names, or null. */
export function xmlText(node: XmlNode | null | undefined, ...names: string[]): string | null {
  let cur: XmlNode | null | undefined = node;
  for (const n of names) cur = xmlChild(cur, n);
  return cur ? cur.text.trim() : null;
}

// ---------------------------------------------------------------------------------------
// Shared helpers (also used by the .NET provider).

/** Expands $VAR and ${VAR} whose value is known; leaves the others as written. */
export function expandSome(word: string, vars: Record<string, string>): string {
  if (!word.includes('$')) return word;
  return word.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g, (m, a, b) => {
    const v = vars[(a ?? b) as string];
    return v !== undefined ? v : m;
  });
}

const SYSTEM_DIRS = new Set([
  '/',
  '/usr',
  '/usr/local',
  '/usr/local/bin',
  '/usr/bin',
  '/bin',
  '/sbin',
  '/lib',
  '/etc',
  '/var',
  '/opt',
  '/home',
  '/root',
  '/srv',
  '/tmp',
]);

/**
 * Paths the container may read at run time that the stage itself put in the image: the
 * absolute (or working-folder-relative) paths named in carried ENV values and in the start
 * commands' arguments, kept when a COPY/ADD put a file there.
 */
export function namedRuntimePaths(
  model: StageModel,
  files: ImageFiles,
  words: string[],
  skip: (p: string) => boolean,
): string[] {
  const texts: string[] = [...words];
  for (const ins of model.carried)
    if (ins.keyword === 'ENV') for (const p of ins.pairs) texts.push(p.value ?? '');
  // Paths RUN steps name (curl -o, dotnet dev-certs -ep, cp destinations).
  const runWords = new Set(
    allCommands(model).flatMap((c) =>
      c.argv
        .slice(1)
        .filter((w) => !w.startsWith('-') && !w.includes('$') && /[/.]/.test(w))
        .map((w) => resolvePath(c.cwd, w)),
    ),
  );
  const out: string[] = [];
  for (const text of texts) {
    for (const raw of text.split(/[\s,;]+/)) {
      for (const part of raw.split(/[=]|(?<!^[a-z]+):(?!\/\/)/)) {
        const w = part.replace(/^file:/, '').replace(/^["']|["']$/g, '');
        if (!w || w.includes('$') || w.includes('*') || w.startsWith('-')) continue;
        if (
          !w.startsWith('/') &&
          !w.startsWith('./') &&
          !/^[\w.-]+\/[\w./-]*$|^[\w-]+\.\w+$/.test(w)
        )
          continue;
        const p = resolvePath(model.cwd, w).replace(/\/$/, '') || '/';
        if (SYSTEM_DIRS.has(p) || p === model.cwd || model.cwd.startsWith(`${p}/`)) continue;
        if (skip(p) || out.includes(p)) continue;
        const placed =
          files.contextPathOf(p) !== null ||
          runWords.has(p) ||
          model.copies.some(
            (cp) =>
              cp.dest === p ||
              (cp.destIsDir &&
                cp.sources.some((s) => path.posix.join(cp.dest, path.posix.basename(s)) === p)),
          );
        if (placed) out.push(p);
      }
    }
  }
  return out;
}

/** The folder each instruction before the first WORKDIR runs in is the base image's. */
export function firstWorkdirLine(model: StageModel): number {
  const w = model.stage.instructions.find((i) => i.keyword === 'WORKDIR');
  return w ? w.start : Infinity;
}

// ---------------------------------------------------------------------------------------
// The builder image: JDK major version, OS flavour, family.

interface JdkImage {
  family: 'temurin' | 'openjdk' | 'maven' | 'gradle' | 'tomcat';
  /** Version as the runtime tag spells it: the major, or the builder's full Temurin version. */
  version: string | null;
  major: number | null;
  /** Runtime tag suffix: '', '-jammy', '-alpine' ... */
  flavour: string;
  alpine: boolean;
  /** The builder's OS is not the runtime's (Debian slim or Oracle Linux -> Ubuntu). */
  osChange: string | null;
  /** Tomcat version of a tomcat image's tag (10, 10.1, 9.0.80). */
  tomcat?: string;
  /** Tag holds a JRE, not a JDK. */
  jre: boolean;
}

const OS_FLAVOURS = ['focal', 'jammy', 'noble', 'alpine', 'ubi9-minimal', 'ubi10-minimal'];

function flavourOf(rest: string): { flavour: string; known: boolean } {
  if (rest === '') return { flavour: '', known: true };
  const parts = rest.split('-').filter(Boolean);
  const joined = parts.join('-');
  if (OS_FLAVOURS.includes(joined)) return { flavour: `-${joined}`, known: true };
  if (parts.includes('alpine') || parts.some((p) => /^alpine\d/.test(p)))
    return { flavour: '-alpine', known: true };
  for (const f of ['focal', 'jammy', 'noble'])
    if (parts.includes(f)) return { flavour: `-${f}`, known: true };
  return { flavour: '', known: false };
}

export function jdkImage(name: string, tag: string | null): JdkImage | null {
  const t = tag ?? 'latest';
  const base = { jre: false, osChange: null as string | null };
  if (name === 'eclipse-temurin') {
    const m = /^(\d+)((?:u\d+)?(?:[.\d_+]*)?(?:-b\d+)?)(?:-(jdk|jre))?(?:-(.+))?$/.exec(t);
    if (!m)
      return { ...base, family: 'temurin', version: null, major: null, flavour: '', alpine: false };
    const f = flavourOf(m[4] ?? '');
    return {
      ...base,
      family: 'temurin',
      version: m[1] + (m[2] ?? ''),
      major: Number(m[1]),
      flavour: f.flavour,
      alpine: f.flavour === '-alpine',
      jre: m[3] === 'jre',
      osChange: f.known ? null : `the builder's ${m[4]} variant`,
    };
  }
  if (name === 'openjdk') {
    const m = /^(\d+)(?:u\d+)?(?:[.\d]*)?(?:-ea[\w.+-]*?)?(?:-(jdk|jre))?(?:-(.+))?$/.exec(t);
    if (!m)
      return { ...base, family: 'openjdk', version: null, major: null, flavour: '', alpine: false };
    const rest = m[3] ?? '';
    const alpine = /alpine/.test(rest);
    const major = Number(m[1]);
    return {
      ...base,
      family: 'openjdk',
      version: String(major),
      major,
      flavour: alpine ? '-alpine' : '',
      alpine,
      jre: m[2] === 'jre',
      osChange: alpine
        ? null
        : /slim|buster|bullseye|bookworm/.test(rest) || major < 12
          ? 'Debian (openjdk images) to Ubuntu (Temurin)'
          : 'Oracle Linux (openjdk images) to Ubuntu (Temurin)',
    };
  }
  if (name === 'maven') {
    const m =
      /-(eclipse-temurin|openjdk|jdk|amazoncorretto|sapmachine|ibm-semeru|ibmjava|graalvm-community|graalvm-ce|microsoft-openjdk|oracle|liberica)-(\d+)(?:-(.+))?$/.exec(
        t,
      );
    if (!m)
      return { ...base, family: 'maven', version: null, major: null, flavour: '', alpine: false };
    const f = flavourOf(m[3] ?? '');
    const temurin = m[1] === 'eclipse-temurin';
    const alpine = f.flavour === '-alpine';
    return {
      ...base,
      family: 'maven',
      version: m[2],
      major: Number(m[2]),
      flavour: temurin || alpine ? f.flavour : '',
      alpine,
      osChange:
        temurin && f.known
          ? null
          : alpine
            ? null
            : `the ${m[1]} flavour of the maven image to Temurin on Ubuntu`,
    };
  }
  if (name === 'gradle') {
    const m = /(?:^|-)jdk(\d+)(?:-(.+))?$/.exec(t);
    if (!m)
      return { ...base, family: 'gradle', version: null, major: null, flavour: '', alpine: false };
    const f = flavourOf(m[2] ?? '');
    return {
      ...base,
      family: 'gradle',
      version: m[1],
      major: Number(m[1]),
      flavour: f.flavour,
      alpine: f.flavour === '-alpine',
      osChange: f.known ? null : `the ${m[2]} flavour of the gradle image to Temurin on Ubuntu`,
    };
  }
  if (name === 'tomcat') {
    const m = /^(\d+(?:\.\d+)*(?:-M\d+)?)-(jdk|jre)(\d+)(-.+)?$/.exec(t);
    if (!m)
      return { ...base, family: 'tomcat', version: null, major: null, flavour: '', alpine: false };
    return {
      ...base,
      family: 'tomcat',
      version: m[3],
      major: Number(m[3]),
      flavour: m[4] ?? '',
      alpine: false,
      tomcat: m[1],
      jre: m[2] === 'jre',
    };
  }
  return null;
}

// ---------------------------------------------------------------------------------------
// What the build writes.

interface Artifact {
  path: string;
  dir: boolean;
  why: string;
}

/** What a build folder holds after the build: the archive names, and whether that list is complete. */
interface OutputDir {
  names: Set<string>;
  complete: boolean;
}

interface Outputs {
  artifacts: Artifact[];
  dirs: Map<string, OutputDir>;
  /** Reasons a named artifact could not be worked out (declined only if the start needs it). */
  unknown: string[];
  tools: Set<string>;
}

function addOutput(out: Outputs, a: Artifact, dirComplete = true): void {
  if (!out.artifacts.some((x) => x.path === a.path)) out.artifacts.push(a);
  if (a.dir) return;
  const dir = path.posix.dirname(a.path);
  const entry = out.dirs.get(dir) ?? { names: new Set<string>(), complete: dirComplete };
  entry.names.add(path.posix.basename(a.path));
  if (!dirComplete) entry.complete = false;
  out.dirs.set(dir, entry);
}

// Maven -------------------------------------------------------------------------------------

const MVN_VALUE_FLAGS = new Set([
  '-f',
  '--file',
  '-s',
  '--settings',
  '-gs',
  '--global-settings',
  '-pl',
  '--projects',
  '-rf',
  '--resume-from',
  '-T',
  '--threads',
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
  '-D',
  '--define',
]);
const MVN_PACKAGING_GOALS = ['package', 'install', 'verify', 'deploy', 'integration-test'];

function isMaven(word: string | undefined): boolean {
  const n = commandName(word);
  return n === 'mvn' || n === 'mvnw' || n === 'mvnDebug' || n === 'mvnw.cmd';
}

function isGradle(word: string | undefined): boolean {
  const n = commandName(word);
  return n === 'gradle' || n === 'gradlew' || n === 'gradlew.bat';
}

interface MavenCall {
  pom: string;
  goals: string[];
  defines: Record<string, string>;
}

function readMaven(cmd: Command): MavenCall | null {
  if (!isMaven(cmd.argv[0])) return null;
  const args = cmd.argv.slice(1);
  const goals: string[] = [];
  const defines: Record<string, string> = {};
  let file: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith('-D') && a.length > 2) {
      const [k, ...v] = a.slice(2).split('=');
      defines[k] = v.join('=') || 'true';
    } else if (a === '-D' || a === '--define') {
      const [k, ...v] = (args[++i] ?? '').split('=');
      defines[k] = v.join('=') || 'true';
    } else if (a === '-f' || a === '--file') file = args[++i] ?? null;
    else if (a.startsWith('--file=')) file = a.slice(7);
    else if (MVN_VALUE_FLAGS.has(a)) i++;
    else if (!a.startsWith('-')) goals.push(a);
  }
  let pom = resolvePath(cmd.cwd, file ?? 'pom.xml');
  if (!pom.endsWith('.xml')) pom = path.posix.join(pom, 'pom.xml');
  return { pom, goals, defines };
}

function resolveProps(s: string, props: Record<string, string>, depth = 0): string | null {
  if (!s.includes('${')) return s;
  if (depth > 8) return null;
  let ok = true;
  const out = s.replace(/\$\{([^}]+)\}/g, (_m, k: string) => {
    const v = props[k];
    if (v === undefined) {
      ok = false;
      return '';
    }
    return v;
  });
  if (!ok) return null;
  return resolveProps(out, props, depth + 1);
}

function pluginConfig(plugin: XmlNode): XmlNode[] {
  const configs = [xmlChild(plugin, 'configuration')];
  for (const ex of xmlChildren(xmlChild(plugin, 'executions'), 'execution'))
    configs.push(xmlChild(ex, 'configuration'));
  return configs.filter((c): c is XmlNode => c !== null);
}

function mavenProject(
  input: ProviderInput,
  pomPath: string,
  defines: Record<string, string>,
  inherited: Record<string, string>,
  out: Outputs,
  depth = 0,
): void {
  const pom = parseXml(input.files.readByImagePath(pomPath));
  if (!pom) {
    out.unknown.push(`${pomPath} is not in the build context`);
    return;
  }
  const dir = path.posix.dirname(pomPath);
  const parent = xmlChild(pom, 'parent');
  const artifactId = xmlText(pom, 'artifactId') ?? '';
  const version = xmlText(pom, 'version') ?? xmlText(parent, 'version') ?? '';
  const groupId = xmlText(pom, 'groupId') ?? xmlText(parent, 'groupId') ?? '';
  const props: Record<string, string> = { ...inherited };
  for (const p of xmlChild(pom, 'properties')?.children ?? []) props[p.name] = p.text.trim();
  Object.assign(props, {
    'project.artifactId': artifactId,
    artifactId,
    'project.version': version,
    version,
    'pom.version': version,
    'project.groupId': groupId,
    groupId,
    'project.basedir': dir,
    basedir: dir,
    'project.parent.version': xmlText(parent, 'version') ?? '',
    'project.name': xmlText(pom, 'name') ?? artifactId,
  });
  Object.assign(props, defines);
  const build = xmlChild(pom, 'build');
  const packaging = resolveProps(xmlText(pom, 'packaging') ?? 'jar', props) ?? 'jar';
  const finalNameRaw = xmlText(build, 'finalName') ?? '${project.artifactId}-${project.version}';
  const finalName = resolveProps(finalNameRaw, props);
  const dirRaw = xmlText(build, 'directory');
  const buildDirText = dirRaw === null ? 'target' : resolveProps(dirRaw, props);
  props['project.build.finalName'] = finalName ?? '';
  props['project.build.directory'] = buildDirText ? resolvePath(dir, buildDirText) : '';

  for (const m of xmlChildren(xmlChild(pom, 'modules'), 'module')) {
    const rel = m.text.trim();
    const child = rel.endsWith('.xml') ? rel : `${rel}/pom.xml`;
    if (depth < 6) mavenProject(input, resolvePath(dir, child), defines, props, out, depth + 1);
  }
  if (packaging !== 'jar' && packaging !== 'war') return;
  if (!finalName || !buildDirText || !artifactId) {
    out.unknown.push(
      `${pomPath} names its archive through properties msconvert cannot resolve (${finalNameRaw})`,
    );
    return;
  }
  const buildDir = resolvePath(dir, buildDirText);
  const ext = packaging;
  let complete = xmlChildren(xmlChild(pom, 'profiles'), 'profile').every(
    (p) => !xmlChild(p, 'build'),
  );
  const extras: string[] = [];
  let main = `${finalName}.${ext}`;
  const harmless = data().mavenPlugins.harmless;
  for (const plugin of xmlChildren(xmlChild(build, 'plugins'), 'plugin')) {
    const id = xmlText(plugin, 'artifactId') ?? '';
    const configs = pluginConfig(plugin);
    const conf = (name: string) => {
      for (const c of configs) {
        const v = xmlText(c, name);
        if (v !== null) return resolveProps(v, props);
      }
      return undefined;
    };
    if (id === 'spring-boot-maven-plugin') {
      const classifier = conf('classifier');
      if (classifier) extras.push(`${finalName}-${classifier}.${ext}`);
    } else if (id === 'maven-shade-plugin') {
      const attached = conf('shadedArtifactAttached') === 'true';
      const shadeName = conf('finalName');
      if (shadeName) extras.push(`${shadeName}.jar`);
      else if (attached)
        extras.push(`${finalName}-${conf('shadedClassifierName') ?? 'shaded'}.jar`);
      else extras.push(`original-${finalName}.jar`);
    } else if (id === 'maven-assembly-plugin') {
      const refs = configs.flatMap((c) =>
        xmlChildren(xmlChild(c, 'descriptorRefs'), 'descriptorRef').map((d) => d.text.trim()),
      );
      const append = conf('appendAssemblyId') !== 'false';
      const name = conf('finalName') ?? finalName;
      if (refs.length === 1 && refs[0] === 'jar-with-dependencies' && append)
        extras.push(`${name}-jar-with-dependencies.jar`);
      else complete = false;
    } else if (id === 'maven-war-plugin') {
      const warName = conf('warName');
      if (warName) main = `${warName}.war`;
      if (conf('attachClasses') === 'true') extras.push(`${finalName}-classes.jar`);
    } else if (id === 'maven-jar-plugin') {
      if (conf('classifier') || xmlChild(plugin, 'executions')) complete = false;
    } else if (id === 'maven-dependency-plugin') {
      if (conf('outputDirectory')) complete = false;
    } else if (!harmless.includes(id)) complete = false;
  }
  const why = `${packaging === 'war' ? 'the WAR' : 'the jar'} mvn package writes (${path.posix.relative(input.model.cwd, pomPath) || 'pom.xml'})`;
  addOutput(out, { path: path.posix.join(buildDir, main), dir: false, why }, complete);
  for (const e of extras)
    addOutput(out, { path: path.posix.join(buildDir, e), dir: false, why }, complete);
}

// Gradle ------------------------------------------------------------------------------------

interface GradleCall {
  dir: string;
  tasks: string[];
}

function readGradle(cmd: Command): GradleCall | null {
  if (!isGradle(cmd.argv[0])) return null;
  const args = cmd.argv.slice(1);
  const tasks: string[] = [];
  let dir = cmd.cwd;
  const valueFlags = new Set([
    '-x',
    '--exclude-task',
    '-p',
    '--project-dir',
    '-b',
    '--build-file',
    '-c',
    '--settings-file',
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
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-p' || a === '--project-dir') dir = resolvePath(cmd.cwd, args[++i] ?? '.');
    else if (a.startsWith('--project-dir=')) dir = resolvePath(cmd.cwd, a.slice(14));
    else if (valueFlags.has(a)) i++;
    else if (!a.startsWith('-')) tasks.push(a);
  }
  return { dir, tasks };
}

interface GradleTaskConf {
  fileName?: string;
  baseName?: string;
  version?: string;
  classifier?: string;
  disabled?: boolean;
}

/** The body of each `name { ... }` block, balanced braces, for task configuration blocks. */
function gradleBlocks(text: string): { key: string; body: string }[] {
  const out: { key: string; body: string }[] = [];
  const header =
    /(?:tasks\.)?(?:named(?:<[\w.]+>)?\(\s*["'](\w+)["']\s*(?:,\s*\w+(?:::class(?:\.java)?)?\s*)?\)|getByName(?:<[\w.]+>)?\(\s*["'](\w+)["']\s*\)|withType(?:<(?:[\w]+\.)*(\w+)>|\(\s*(\w+)(?:::class(?:\.java)?)?\s*\))(?:\.configureEach)?|\b(jar|bootJar|bootWar|war|shadowJar|base|application)\b)\s*(?:\([^)]*\))?\s*\{/g;
  for (const m of text.matchAll(header)) {
    const key = m[1] ?? m[2] ?? ((m[3] ?? m[4]) ? `type:${m[3] ?? m[4]}` : m[5]);
    let depth = 0;
    let i = (m.index ?? 0) + m[0].length - 1;
    const start = i + 1;
    for (; i < text.length; i++) {
      if (text[i] === '{') depth++;
      else if (text[i] === '}') {
        depth--;
        if (depth === 0) break;
      }
    }
    out.push({ key, body: text.slice(start, i) });
  }
  return out;
}

function gradleValue(body: string, prop: string): string | undefined {
  const m = new RegExp(
    `(?:^|[\\s;{])${prop}\\s*(?:=\\s*|\\.set\\(\\s*|\\s+)(["'])([^"'\\n]*)\\1`,
    'm',
  ).exec(body);
  return m ? m[2] : undefined;
}

function taskConf(
  text: string,
  task: string,
  type: string,
): GradleTaskConf & { unknown?: boolean } {
  const conf: GradleTaskConf & { unknown?: boolean } = {};
  for (const b of gradleBlocks(text)) {
    if (b.key !== task && b.key !== `type:${type}` && b.key !== 'type:Jar') continue;
    const read = (names: string[]) => {
      for (const n of names) {
        const v = gradleValue(b.body, n);
        if (v !== undefined) return v;
        if (new RegExp(`\\b${n}\\s*(=|\\.set\\()`).test(b.body)) conf.unknown = true;
      }
      return undefined;
    };
    conf.fileName = read(['archiveFileName', 'archiveName']) ?? conf.fileName;
    conf.baseName = read(['archiveBaseName', 'baseName']) ?? conf.baseName;
    conf.version = read(['archiveVersion']) ?? conf.version;
    conf.classifier = read(['archiveClassifier', 'classifier']) ?? conf.classifier;
    if (/\benabled\s*(=\s*|\.set\(\s*)false/.test(b.body)) conf.disabled = true;
  }
  if (conf.fileName?.includes('$') || conf.baseName?.includes('$') || conf.version?.includes('$'))
    conf.unknown = true;
  return conf;
}

function gradleProject(
  input: ProviderInput,
  projectDir: string,
  name: string,
  rootText: string,
  rootProps: string | null,
  tasks: string[],
  out: Outputs,
): void {
  const read = (f: string) => input.files.readByImagePath(path.posix.join(projectDir, f));
  const text = read('build.gradle') ?? read('build.gradle.kts');
  if (text === null) {
    out.unknown.push(`no build.gradle in ${projectDir} in the build context`);
    return;
  }
  const plugin = (re: RegExp) => re.test(text);
  const boot = plugin(/org\.springframework\.boot['"]/);
  const bootVersion =
    /org\.springframework\.boot['"]\s*\)?\s*version\s*\(?\s*['"](\d+)\.(\d+)/.exec(text) ??
    /spring-boot-gradle-plugin:(\d+)\.(\d+)/.exec(text);
  const plainClassifier = !bootVersion || Number(bootVersion[1]) > 2 || Number(bootVersion[2]) >= 5;
  const war = plugin(/(?:id\s*\(?\s*['"]war['"]|apply\s+plugin:\s*['"]war['"]|^\s*war\s*$|`war`)/m);
  const shadow = plugin(
    /(com\.github\.johnrengelman\.shadow|com\.gradleup\.shadow|io\.github\.goooler\.shadow)/,
  );
  const application = plugin(
    /(id\s*\(?\s*['"]application['"]|apply\s+plugin:\s*['"]application['"]|^\s*application\s*$)/m,
  );
  if (/\b(buildDir\s*=|layout\.buildDirectory\.set|buildDirectory\s*=)/.test(text)) {
    out.unknown.push(`${projectDir}/build.gradle moves the build folder`);
    return;
  }
  const versionOf = (t: string | null) =>
    t ? /^\s*(?:project\.)?version\s*(?:=\s*|\s)\s*["']([^"'\n]*)["']/m.exec(t)?.[1] : undefined;
  let version: string | undefined =
    versionOf(text) ??
    (/(allprojects|subprojects)\s*\{[\s\S]*?\bversion\s*=/.test(rootText)
      ? versionOf(rootText.replace(/^[\s\S]*?(allprojects|subprojects)\s*\{/, ''))
      : undefined) ??
    (rootProps ? /^\s*version\s*[=:]\s*(\S+)\s*$/m.exec(rootProps)?.[1] : undefined);
  if (version === undefined && /^\s*(?:project\.)?version\s*=/m.test(text)) {
    out.unknown.push(`${projectDir}/build.gradle computes its version`);
    return;
  }
  if (version?.includes('$')) {
    out.unknown.push(`${projectDir}/build.gradle computes its version (${version})`);
    return;
  }
  const archivesName =
    gradleValue(text, 'archivesName') ?? gradleValue(text, 'archivesBaseName') ?? undefined;
  const libs = path.posix.join(projectDir, 'build', 'libs');
  const runs = (task: string) =>
    tasks.some((t) => {
      const bare = t.replace(/^.*:/, '');
      return bare === task;
    });
  const lifecycle = runs('build') || runs('assemble');
  const produced: { task: string; type: string; ext: string; classifier: string }[] = [];
  const jarConf = taskConf(text, 'jar', 'Jar');
  if (runs('jar') || (lifecycle && !jarConf.disabled && !(boot && !plainClassifier)))
    produced.push({
      task: 'jar',
      type: 'Jar',
      ext: 'jar',
      classifier: boot && plainClassifier ? 'plain' : '',
    });
  if (boot && (runs('bootJar') || (lifecycle && !war)))
    produced.push({ task: 'bootJar', type: 'BootJar', ext: 'jar', classifier: '' });
  if (boot && war && (runs('bootWar') || lifecycle))
    produced.push({ task: 'bootWar', type: 'BootWar', ext: 'war', classifier: '' });
  if (war && (runs('war') || lifecycle))
    produced.push({
      task: 'war',
      type: 'War',
      ext: 'war',
      classifier: boot && plainClassifier ? 'plain' : '',
    });
  if (shadow && (runs('shadowJar') || lifecycle))
    produced.push({ task: 'shadowJar', type: 'ShadowJar', ext: 'jar', classifier: 'all' });
  let complete = true;
  for (const p of produced) {
    const conf = taskConf(text, p.task, p.type);
    if (conf.disabled && !runs(p.task)) continue;
    if (conf.unknown) {
      out.unknown.push(`${projectDir}/build.gradle computes the ${p.task} archive name`);
      complete = false;
      continue;
    }
    const v = conf.version ?? version;
    const classifier = conf.classifier ?? p.classifier;
    const file =
      conf.fileName ??
      [conf.baseName ?? archivesName ?? name, v && v !== 'unspecified' ? v : '', classifier]
        .filter(Boolean)
        .join('-') + `.${p.ext}`;
    addOutput(out, {
      path: path.posix.join(libs, file),
      dir: false,
      why: `the archive gradle ${p.task} writes`,
    });
  }
  if (!complete) {
    const d = out.dirs.get(libs);
    if (d) d.complete = false;
    else out.dirs.set(libs, { names: new Set(), complete: false });
  }
  if (application && (runs('installDist') || runs('installShadowDist'))) {
    const distName = runs('installShadowDist') ? `${name}-shadow` : name;
    addOutput(out, {
      path: path.posix.join(projectDir, 'build', 'install', distName),
      dir: true,
      why: 'the application gradle installDist writes',
    });
  }
}

function gradleBuild(input: ProviderInput, call: GradleCall, out: Outputs): void {
  const read = (f: string) => input.files.readByImagePath(path.posix.join(call.dir, f));
  const settings = read('settings.gradle') ?? read('settings.gradle.kts') ?? '';
  const rootText = read('build.gradle') ?? read('build.gradle.kts') ?? '';
  const rootProps = read('gradle.properties');
  const rootName =
    /rootProject\.name\s*=\s*["']([^"']+)["']/.exec(settings)?.[1] ?? path.posix.basename(call.dir);
  if (/projectDir\s*=/.test(settings)) {
    out.unknown.push('settings.gradle moves project folders');
    return;
  }
  const includes: string[] = [];
  for (const m of settings.matchAll(/^\s*include\s*\(?([^)\n]+)\)?/gm))
    for (const s of m[1].matchAll(/["']:?([\w:.-]+)["']/g)) includes.push(s[1]);
  // A task name without a project path runs in every project that has it.
  const rootTasks = call.tasks.filter((t) => !t.includes(':') || /^:[\w-]+$/.test(t));
  if (rootTasks.length > 0)
    gradleProject(input, call.dir, rootName, rootText, rootProps, rootTasks, out);
  for (const inc of includes) {
    const tasks = call.tasks.filter(
      (t) => !t.includes(':') || t.startsWith(`:${inc}:`) || t.startsWith(`${inc}:`),
    );
    if (tasks.length === 0) continue;
    const dir = path.posix.join(call.dir, inc.replace(/:/g, '/'));
    gradleProject(input, dir, inc.split(':').pop() as string, rootText, rootProps, tasks, out);
  }
}

// javac / jar ------------------------------------------------------------------------------

function javacOutput(cmd: Command): Artifact[] {
  if (commandName(cmd.argv[0]) !== 'javac') return [];
  // javac -d <dir>: the classes folder; otherwise classes land next to their sources.
  const args = cmd.argv.slice(1);
  const d = args.findIndex((a) => a === '-d' || a === '--directory');
  if (d >= 0 && args[d + 1])
    return [{ path: resolvePath(cmd.cwd, args[d + 1]), dir: true, why: 'classes javac -d writes' }];
  // No -d: the classes land next to their sources.
  const dirs = new Set<string>();
  for (const a of args)
    if (a.endsWith('.java')) dirs.add(path.posix.dirname(resolvePath(cmd.cwd, a)));
  return [...dirs].map((p) => ({
    path: p,
    dir: true,
    why: 'classes javac writes next to the sources',
  }));
}

interface JarCall {
  mode: 'create' | 'extract' | 'other';
  file: string | null;
}

function readJar(cmd: Command): JarCall | null {
  if (commandName(cmd.argv[0]) !== 'jar') return null;
  const args = cmd.argv.slice(1);
  let mode: JarCall['mode'] = 'other';
  let file: string | null = null;
  const first = args[0] ?? '';
  if (/^-?[ctxuvfme0MPni]+$/.test(first) && !first.startsWith('--')) {
    const letters = first.replace(/^-/, '');
    if (letters.includes('c') || letters.includes('u')) mode = 'create';
    else if (letters.includes('x')) mode = 'extract';
    // The f, m and e arguments follow in the order of their letters.
    let next = 1;
    for (const l of letters) {
      if (l === 'f') file = args[next++] ?? null;
      else if (l === 'm' || l === 'e') next++;
    }
    if (letters.length === 1 || !letters.match(/[fme]/)) {
      // -c -f app.jar style handled below
    } else return { mode, file: file ? resolvePath(cmd.cwd, file) : null };
  }
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-c' || a === '--create' || a === '-u' || a === '--update') mode = 'create';
    else if (a === '-x' || a === '--extract') mode = 'extract';
    else if (a === '-f' || a === '--file') file = args[++i] ?? null;
    else if (a.startsWith('--file=')) file = a.slice(7);
  }
  return { mode, file: file ? resolvePath(cmd.cwd, file) : null };
}

// cp / mv -----------------------------------------------------------------------------------

function readCopy(cmd: Command): { sources: string[]; dest: string } | null {
  const tool = commandName(cmd.argv[0]);
  if (!['cp', 'mv', 'install', 'ln'].includes(tool)) return null;
  const args = cmd.argv.slice(1);
  const words: string[] = [];
  let target: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-t' || a === '--target-directory') target = args[++i] ?? null;
    else if (a.startsWith('--target-directory=')) target = a.slice(19);
    else if (tool === 'install' && ['-m', '-o', '-g', '--mode', '--owner', '--group'].includes(a))
      i++;
    else if (!a.startsWith('-')) words.push(a);
  }
  if (target) return { sources: words, dest: target };
  if (words.length < 2) return null;
  return { sources: words.slice(0, -1), dest: words[words.length - 1] };
}

/** Files of the known outputs a (possibly globbed) path matches. */
function matchOutputs(out: Outputs, abs: string): { files: string[]; complete: boolean } {
  if (!/[*?[]/.test(abs)) {
    const a = out.artifacts.find((x) => x.path === abs);
    return { files: a && !a.dir ? [abs] : [], complete: true };
  }
  const dir = path.posix.dirname(abs);
  const entry = out.dirs.get(dir);
  if (!entry) return { files: [], complete: false };
  const re = globToRegExp(path.posix.basename(abs));
  return {
    files: [...entry.names].filter((n) => re.test(n)).map((n) => path.posix.join(dir, n)),
    complete: entry.complete,
  };
}

// ---------------------------------------------------------------------------------------
// The provider.

const CANDIDATE_PATH_FLAGS = new Set(['-cp', '-classpath', '--class-path', '-p', '--module-path']);
/** JVM options whose value is the next word. */
const JAVA_VALUE_OPTS = new Set([
  '--add-opens',
  '--add-exports',
  '--add-modules',
  '--add-reads',
  '--patch-module',
  '--limit-modules',
  '--upgrade-module-path',
  '--enable-native-access',
  '--source',
]);
const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh']);

interface JavaStart {
  argv: string[];
  shellForm: boolean;
}

/** What plan() works with, shared by its steps. */
interface PlanState {
  input: ProviderInput;
  needs: StartNeeds;
  jdk: JdkImage;
  /** The stage's ENV over the builder image's (JAVA_HOME, CATALINA_HOME). */
  env: Record<string, string>;
  /** Every RUN command, with variables the builder image defines expanded. */
  commands: Command[];
  out: Outputs;
  /** Archives a RUN step copied or moved: new path -> build output. */
  moved: Map<string, string>;
  /** Folders a RUN step unpacked an archive into. */
  produced: Set<string>;
  mounts: string[];
  /** Folders the stage made with mkdir, outside its sources. */
  mkdirs: Set<string>;
  copies: CopySpec[];
  vouched: string[];
  executables: string[];
  notes: string[];
}

const BUILD_GOALS =
  /^(spring-boot:run|bootRun|run|exec:java|quarkus:dev|jetty:run|tomcat7?:run|cargo:run)$/;

/** Start commands that build, or need a JDK tool. */
function checkStart(needs: StartNeeds): Decline | { jdkTool: string | null } {
  const d = data();
  let jdkTool: string | null = null;
  for (const c of needs.commands) {
    const name = commandName(c.word);
    if (d.buildTools.includes(name)) {
      const goal = c.argv.map((w) => commandName(w)).find((w) => BUILD_GOALS.test(w));
      return decline(
        'MSC005',
        `${c.from} runs \`${c.argv.join(' ')}\`, which ${goal ? `builds and starts the app (${goal})` : 'builds'} when the container starts; build the jar in a RUN step and start it with java -jar.`,
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
function checkBuilder(
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

/** What the RUN steps build, and where they copy or unpack it, in order. */
function readBuilds(
  input: ProviderInput,
  commands: Command[],
): { out: Outputs; moved: Map<string, string>; produced: Set<string> } {
  const out: Outputs = { artifacts: [], dirs: new Map(), unknown: [], tools: new Set() };
  const moved = new Map<string, string>();
  const produced = new Set<string>();
  const isGlob = (p: string) => /[*?[]/.test(p);
  for (const c of commands) {
    const mvn = readMaven(c);
    if (mvn) {
      out.tools.add('Maven');
      const packages = mvn.goals.some(
        (g) =>
          MVN_PACKAGING_GOALS.includes(g) ||
          /^(spring-boot:repackage|jar:jar|war:war|assembly:single|shade:shade)$/.test(g),
      );
      if (packages) mavenProject(input, mvn.pom, mvn.defines, {}, out);
      continue;
    }
    const gradle = readGradle(c);
    if (gradle) {
      out.tools.add('Gradle');
      gradleBuild(input, gradle, out);
      continue;
    }
    if (commandName(c.argv[0]) === 'javac') {
      out.tools.add('javac');
      javacOutput(c).forEach((a) => addOutput(out, a));
      continue;
    }
    const jar = readJar(c);
    if (jar) {
      if (jar.mode === 'create' && jar.file) {
        out.tools.add('jar');
        addOutput(out, { path: jar.file, dir: false, why: 'the jar the jar tool writes' }, false);
      } else if (jar.mode === 'extract') produced.add(c.cwd);
      continue;
    }
    if (commandName(c.argv[0]) === 'unzip') {
      const dIdx = c.argv.indexOf('-d');
      produced.add(dIdx > 0 ? resolvePath(c.cwd, c.argv[dIdx + 1] ?? '.') : c.cwd);
      continue;
    }
    const cp = readCopy(c);
    if (!cp) continue;
    const dest = resolvePath(c.cwd, cp.dest);
    for (const src of cp.sources) {
      const abs = resolvePath(c.cwd, src);
      const m = matchOutputs(out, abs);
      let origin: string | null = null;
      if (m.files.length === 1 && m.complete) origin = m.files[0];
      else if (!isGlob(abs) && moved.has(abs)) origin = moved.get(abs) as string;
      else if (
        !isGlob(abs) &&
        out.artifacts.some((a) => a.dir && (abs === a.path || abs.startsWith(`${a.path}/`)))
      )
        origin = abs;
      else if (isGlob(abs) && out.dirs.has(path.posix.dirname(abs))) {
        out.unknown.push(`\`${c.argv.join(' ')}\` copies whatever ${src} matches`);
        continue;
      }
      if (!origin) continue;
      // cp a b: b is the file, or b/a when b is a folder.
      moved.set(dest, origin);
      moved.set(path.posix.join(dest, path.posix.basename(origin)), origin);
    }
  }
  return { out, moved, produced };
}

function addCopy(s: PlanState, file: string, why: string): void {
  // A folder the stage made to hold the file holds only what the stage put there: copied
  // whole, as the shared planner copies such folders anyway.
  const p = s.mkdirs.has(path.posix.dirname(file)) ? path.posix.dirname(file) : file;
  if (s.copies.some((c) => c.src === p || p.startsWith(`${c.src}/`))) return;
  for (let i = s.copies.length - 1; i >= 0; i--)
    if (s.copies[i].src.startsWith(`${p}/`)) s.copies.splice(i, 1);
  s.copies.push({ from: s.input.builderName, src: p, dest: p, why });
}

function placedByCopy(s: PlanState, p: string): boolean {
  return (
    s.input.files.contextPathOf(p) !== null ||
    s.input.model.copies.some(
      (cp) =>
        cp.dest === p ||
        (cp.destIsDir &&
          cp.sources.some((src) => path.posix.join(cp.dest, path.posix.basename(src)) === p)),
    )
  );
}

function namedByRun(s: PlanState, p: string): boolean {
  return s.commands.some((c) =>
    c.argv.slice(1).some((w) => !w.startsWith('-') && resolvePath(c.cwd, w) === p),
  );
}

/** Traces one path the JVM reads at start and copies it; returns a decline reason or null. */
function trace(
  s: PlanState,
  written: string,
  role: string,
  shellForm: boolean,
  wildcardDir = false,
): string | null {
  const { out, moved, input } = s;
  const cwd = input.model.cwd;
  const raw = expandSome(written, s.env);
  if (raw === '') return `${role} has no file name after it.`;
  if (raw.includes('$'))
    return `${role} ${written} names its file through a variable msconvert cannot resolve; name the file.`;
  const abs = resolvePath(cwd, raw);
  if (/[*?[]/.test(abs) && !wildcardDir) return traceGlob(s, raw, abs, role, shellForm);
  const p = wildcardDir ? abs.replace(/\/\*$/, '') : abs;
  if (s.mounts.some((mt) => p === mt || p.startsWith(`${mt}/`)))
    return `${role} ${raw} is written inside a RUN --mount, so it never reaches the image.`;
  const artifact = out.artifacts.find((a) => a.path === p || (a.dir && p.startsWith(`${a.path}/`)));
  if (artifact) {
    addCopy(s, artifact.dir && artifact.path !== p ? artifact.path : p, artifact.why);
    return null;
  }
  if (moved.has(p)) {
    addCopy(
      s,
      p,
      `copied there from ${path.posix.relative(cwd, moved.get(p) as string)} by a RUN step`,
    );
    return null;
  }
  // An archive directly in a build folder whose contents pom.xml or the Gradle build tell:
  // it must be one of them.
  const listing = out.dirs.get(path.posix.dirname(p));
  if (listing?.complete && !namedByRun(s, p)) {
    const names = [...listing.names];
    return `${role} ${raw} is not an archive the build writes (${names.length ? `it writes ${names.join(', ')}` : 'it writes none there'}); name one of those files or fix the build's archive name.`;
  }
  // Deeper in a build folder (a classes folder, an archive unpacked there).
  const underOutput =
    [...out.dirs.keys()].some((dir) => p.startsWith(`${dir}/`)) ||
    [...s.produced].some((dir) => p === dir || p.startsWith(`${dir}/`));
  if (underOutput) {
    addCopy(s, p, 'written by the build');
    return null;
  }
  if (placedByCopy(s, p) || namedByRun(s, p)) {
    addCopy(s, p, 'placed by the original stage');
    return null;
  }
  const why = out.unknown.length ? ` (${out.unknown[0]})` : '';
  return `${role} ${raw} is not a file msconvert can trace to the build${why}; name the file pom.xml or the Gradle build writes.`;
}

/** A glob after java -jar: only in shell form, and only when it matches exactly one archive. */
function traceGlob(
  s: PlanState,
  raw: string,
  abs: string,
  role: string,
  shellForm: boolean,
): string | null {
  if (!shellForm)
    return `${role} ${raw} is a glob in exec form, which no shell expands; name the file (msconvert reads it from pom.xml or the Gradle build).`;
  const m = matchOutputs(s.out, abs);
  if (m.files.length === 1 && m.complete) {
    const why = s.out.artifacts.find((a) => a.path === m.files[0])?.why ?? 'build output';
    addCopy(s, m.files[0], `the one file ${raw} matches (${why})`);
    s.notes.push(
      `${raw} matches only ${path.posix.basename(m.files[0])}, the file copied, so the glob still finds it at run time`,
    );
    return null;
  }
  const re = globToRegExp(path.posix.basename(abs));
  const viaMove = [...s.moved.keys()].filter(
    (k) => path.posix.dirname(k) === path.posix.dirname(abs) && re.test(path.posix.basename(k)),
  );
  if (m.files.length === 0 && viaMove.length === 1 && !s.out.dirs.has(path.posix.dirname(abs))) {
    addCopy(s, viaMove[0], `the one file ${raw} matches`);
    return null;
  }
  const matches = m.files.map((f) => path.posix.basename(f)).join(', ');
  return `${role} ${raw} is a glob and msconvert cannot show that it matches exactly one build output${m.files.length > 1 ? ` (it matches ${matches})` : ''}; name the file in the start command.`;
}

/** The java commands the container starts, with the form they are written in. */
function javaStarts(s: PlanState): JavaStart[] {
  const { model } = s.input;
  const starts: JavaStart[] = [];
  const epExec = model.entrypoint?.exec ?? null;
  const viaShell = (exec: string[] | null | undefined) =>
    !exec || (SHELLS.has(commandName(exec[0])) && exec[1] === '-c');
  for (const need of s.needs.commands) {
    // An exec-form CMD after an exec-form ENTRYPOINT is its arguments, not a command.
    if (need.from === 'CMD' && epExec && model.cmd?.exec && need.argv === model.cmd.exec) {
      if (commandName(epExec[0]) === 'java' || need.word.startsWith('-')) {
        s.vouched.push(need.word);
        continue;
      }
    }
    if (commandName(need.word) !== 'java') continue;
    const argv =
      need.from === 'ENTRYPOINT' && epExec && model.cmd?.exec && need.argv === epExec
        ? [...epExec, ...model.cmd.exec]
        : need.argv;
    const shellForm =
      (need.from === 'CMD' && viaShell(model.cmd?.exec)) ||
      (need.from === 'ENTRYPOINT' && viaShell(model.entrypoint?.exec)) ||
      need.from === 'script';
    starts.push({ argv, shellForm });
    if (need.word.includes('/')) {
      const abs = resolvePath(model.cwd, expandSome(need.word, s.env));
      if (abs.startsWith(`${s.env.JAVA_HOME ?? '/opt/java/openjdk'}/bin/`))
        s.vouched.push(need.word);
    }
  }
  return starts;
}

/** java [options] (-jar file | -cp path main | main): what each start reads, copied. */
function traceStarts(s: PlanState, starts: JavaStart[]): Decline | null {
  for (const start of starts) {
    const args = start.argv.slice(1);
    const classPath = (value: string): Decline | null => {
      for (const entry of value.split(':').filter(Boolean)) {
        const dirWildcard = entry.endsWith('/*') || entry === '*';
        const reason = trace(s, entry, 'the class path entry', start.shellForm, dirWildcard);
        if (reason) return decline('MSC007', reason);
      }
      return null;
    };
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      let problem: Decline | null = null;
      if (JAVA_VALUE_OPTS.has(a)) i++;
      else if (a === '-jar') {
        const reason = trace(s, args[i + 1] ?? '', 'java -jar', start.shellForm);
        if (reason) return decline('MSC007', reason);
        break; // the rest are the app's arguments
      } else if (CANDIDATE_PATH_FLAGS.has(a)) problem = classPath(args[++i] ?? '');
      else if (/^--(class|module)-path=/.test(a)) problem = classPath(a.slice(a.indexOf('=') + 1));
      else if (/^-(javaagent|agentpath):/.test(a)) {
        const file = a.replace(/^-(javaagent|agentpath):/, '').split('=')[0];
        const reason = trace(s, file, 'the agent', start.shellForm);
        if (reason) return decline('MSC008', reason);
      } else if (a.startsWith('@') && a.length > 1) {
        const reason = trace(s, a.slice(1), 'the argument file', start.shellForm);
        if (reason) return decline('MSC008', reason);
      } else if (a === '-m' || a === '--module') break;
      else if (!a.startsWith('-') && !a.startsWith('$')) {
        // A main class: with no class path option, CLASSPATH or the working folder.
        const hasCp = args
          .slice(0, i)
          .some((x) => CANDIDATE_PATH_FLAGS.has(x) || /^--class-path=/.test(x));
        if (!hasCp) problem = classPath(s.env.CLASSPATH ?? '.');
        if (problem) return problem;
        break;
      }
      if (problem) return problem;
    }
  }
  return null;
}

/** Tomcat: every top-level folder of CATALINA_HOME the stage changed (webapps at least). */
function tomcatCopies(s: PlanState): Decline | null {
  const { model } = s.input;
  const d = data();
  const home = s.env.CATALINA_HOME ?? '/usr/local/tomcat';
  const under = (p: string) => p === home || p.startsWith(`${home}/`);
  const top = (p: string) =>
    p === home ? p : path.posix.join(home, p.slice(home.length + 1).split('/')[0]);
  const touched = new Set<string>();
  for (const cp of model.copies) if (under(cp.dest)) touched.add(top(cp.dest));
  for (const c of s.commands) {
    if (['cd', 'ls', 'cat', 'echo', 'test', '['].includes(commandName(c.argv[0]))) continue;
    for (const w of c.argv.slice(1)) {
      if (w.startsWith('-') || w.includes('$')) continue;
      const abs = resolvePath(c.cwd, w);
      if (under(abs) && (w.includes('/') || c.cwd.startsWith(home))) touched.add(top(abs));
    }
  }
  if (![...touched].some((t) => t === home || t.endsWith('/webapps'))) {
    return decline(
      'MSC007',
      `the container starts Tomcat, but no RUN step or COPY puts a WAR into ${home}/webapps, so msconvert cannot tell what to deploy.`,
    );
  }
  for (const t of [...touched].sort()) {
    const why = t.endsWith('/webapps')
      ? 'the web applications deployed into Tomcat'
      : 'Tomcat files the original changed';
    addCopy(s, t, why);
  }
  for (const c of s.needs.commands)
    if (d.tomcatCommands.includes(commandName(c.word)) && c.word.includes('/'))
      s.vouched.push(c.word);
  return null;
}

/** Not java, not Tomcat: a launcher the build wrote (gradle installDist) or a start script. */
function launcherCopies(s: PlanState): Decline | null {
  const { model } = s.input;
  for (const c of s.needs.commands) {
    if (c.from === 'HEALTHCHECK' || c.from === 'script' || !c.word.includes('/')) continue;
    const abs = resolvePath(model.cwd, c.word);
    const a = s.out.artifacts.find((x) => x.dir && abs.startsWith(`${x.path}/`));
    if (!a) continue;
    addCopy(s, a.path, a.why);
    s.executables.push(abs);
    s.vouched.push(c.word);
  }
  if (s.copies.length === 0 && s.needs.scripts.length === 0) {
    return decline(
      'MSC008',
      `the container starts \`${s.needs.commands[0]?.argv.join(' ') ?? ''}\`, which msconvert cannot trace to the jar the build writes; start it with java -jar <file>.`,
    );
  }
  return null;
}

/** Scripts the start commands run, files ENV or arguments name, conventional runtime files. */
function runtimeFileCopies(s: PlanState): void {
  const { model, files, ctx } = s.input;
  const d = data();
  for (const script of s.needs.scripts) addCopy(s, script.imagePath, 'script run at start');
  const covered = (p: string) => s.copies.some((c) => p === c.src || p.startsWith(`${c.src}/`));
  const startWords = s.needs.commands.flatMap((c) => c.argv.slice(1));
  for (const p of namedRuntimePaths(model, files, startWords, covered))
    addCopy(s, p, 'named by the start command or ENV and placed by the original');
  if (!ctx.known) return;
  const pattern = new RegExp(d.runtimeFilePattern);
  // Top-level context entries wherever they were copied, and the entries of the folder the
  // app starts in by their image path (COPY app/ . puts app/config at ./config).
  const cwd = model.cwd;
  const entries: [string, string[]][] = ctx
    .list('')
    .map((e): [string, string[]] => [e, files.imagePathsFor(e.replace(/\/$/, ''))]);
  if (cwd !== '/')
    for (const e of files.list(cwd))
      entries.push([e, [path.posix.join(cwd, e.replace(/\/$/, ''))]]);
  for (const [entry, targets] of entries) {
    const isDir = entry.endsWith('/');
    const name = isDir ? entry.slice(0, -1) : entry;
    if (d.buildInputs.includes(name) || name.startsWith('Dockerfile')) continue;
    if (!(isDir ? d.runtimeDirs.includes(name) : pattern.test(name))) continue;
    for (const target of targets) {
      if (covered(target) || SYSTEM_DIRS.has(target)) continue;
      addCopy(s, target, 'read at run time (conventional name)');
    }
  }
}

/** The runtime image: a JRE (or JDK) of the builder's major version and flavour, or Tomcat's JRE. */
function runtimeCandidates(
  s: PlanState,
  tomcat: boolean,
  jdkTool: string | null,
  warnings: Warning[],
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
  const candidate: RuntimeCandidate = { image, facts: runtimeFacts, why: why.join(', '), commands };

  const override = options.runtime;
  if (!override || override === 'slim') return [candidate];
  if (override === 'scratch' || override === 'distroless') {
    return decline(
      'MSC011',
      `--runtime ${override} has no Java runtime msconvert can vouch for; use slim, alpine or a JRE image.`,
    );
  }
  if (override === 'alpine') {
    if (jdk.alpine) return [candidate];
    return decline(
      'MSC011',
      '--runtime alpine would move an app built on glibc to musl (native libraries inside jars differ); build on an -alpine JDK image instead.',
    );
  }
  warnings.push({
    code: 'MSC109',
    message: `the runtime image ${override} was given with --runtime; msconvert assumes it has Java ${major} on PATH, a shell and the same package manager as ${image}.`,
  });
  return [{ ...candidate, image: override, why: `chosen with --runtime ${override}` }];
}

export const javaProvider: Provider = {
  id: 'java',
  name: 'Java',

  detect({ model, ctx }): Detection | null {
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
  },

  plan(input: ProviderInput, needs: StartNeeds): ProviderPlan | Decline {
    const { model, files } = input;
    const started = checkStart(needs);
    if ('kind' in started) return started;
    const { jdkTool } = started;
    const jdk = jdkImage(model.image.name, model.image.tag);
    const builderProblem = checkBuilder(input, needs, jdk);
    if (builderProblem || !jdk) return builderProblem as Decline;

    const env: Record<string, string> = {
      ...(data().builders[model.image.name]?.env ?? {}),
      ...model.env,
    };
    const commands = allCommands(model).map((c) => ({
      ...c,
      argv: c.argv.map((w) => expandSome(w, env)),
    }));
    const { out, moved, produced } = readBuilds(input, commands);
    if (out.tools.size === 0) {
      return decline(
        'MSC006',
        'no Maven, Gradle, javac or jar build runs in this Dockerfile, so there is no build to leave behind (is the jar built on the host and copied in?).',
      );
    }
    const sourceDirs = [...files.targets(), ...model.runs.map((r) => r.workdir), model.cwd];
    const s: PlanState = {
      input,
      needs,
      jdk,
      env,
      commands,
      out,
      moved,
      produced,
      // Build folders under a RUN --mount never reach the image.
      mounts: model.runs.flatMap((r) =>
        r.ins.flags
          .filter((f) => f.name === 'mount')
          .map((f) => /target=([^,]+)/.exec(f.value ?? '')?.[1])
          .filter((x): x is string => Boolean(x))
          .map((t) => resolvePath(r.workdir, t)),
      ),
      mkdirs: new Set(
        commands
          .filter((c) => commandName(c.argv[0]) === 'mkdir')
          .flatMap((c) =>
            c.argv
              .slice(1)
              .filter((a) => !a.startsWith('-'))
              .map((a) => resolvePath(c.cwd, a)),
          )
          .filter(
            (p) => !SYSTEM_DIRS.has(p) && !sourceDirs.some((t) => t === p || t.startsWith(`${p}/`)),
          ),
      ),
      copies: [],
      vouched: [],
      executables: [],
      notes: [],
    };

    const starts = javaStarts(s);
    const traced = traceStarts(s, starts);
    if (traced) return traced;
    const tomcat =
      jdk.family === 'tomcat' &&
      needs.commands.some(
        (c) => data().tomcatCommands.includes(commandName(c.word)) && c.from !== 'HEALTHCHECK',
      );
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
    runtimeFileCopies(s);

    const warnings: Warning[] = [];
    const candidates = runtimeCandidates(s, tomcat, jdkTool, warnings);
    if ('kind' in candidates) return candidates;
    const gain = [
      `${[...out.tools].join(', ')}, the JDK compiler and the sources stay in the builder`,
    ];
    if (out.tools.has('Maven'))
      gain.push('the Maven repository cache (~/.m2) stays in the builder');
    if (out.tools.has('Gradle')) gain.push('the Gradle caches (~/.gradle) stay in the builder');

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
      gain,
      // The JRE ships its own CA store and time-zone data.
      ensure: [],
      codename: null,
    };
  },
};
