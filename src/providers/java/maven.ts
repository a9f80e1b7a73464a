// Maven: the archives `mvn package` writes, read from pom.xml (modules, properties,
// finalName, and the plugins that add or rename archives).
import * as path from 'path';
import { resolvePath, type Command } from '../../analysis/stage';
import {
  lastOption,
  optionValues,
  readToolArgs,
  type ToolArgTable,
} from '../../analysis/tool-args';
import { commandName } from '../../shell';
import { parseXml, xmlChild, xmlChildren, xmlText, type XmlNode } from '../../readers/xml';
import type { ProviderInput } from '../contract';
import { resolvePom, resolvedOrNull, type PomScope } from './pom-values';
import { bootRepackage, type BootArchives } from './spring-boot-repackage';
import { addOutput, data, type Outputs } from './types';

// The options of mvn that take a value. -D is also read glued (-Dk=v), and -f and -D under
// their long names, so repeated definitions keep their order whichever spelling was used.
const MVN: ToolArgTable = {
  valued: new Set([
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
    '--define',
  ]),
  short: { '-f': '--file', '-D': '--define' },
  glued: new Set(['-D']),
};
export const MVN_PACKAGING_GOALS = ['package', 'install', 'verify', 'deploy', 'integration-test'];

export function isMaven(word: string | undefined): boolean {
  const n = commandName(word);
  return n === 'mvn' || n === 'mvnw' || n === 'mvnDebug' || n === 'mvnw.cmd';
}

export interface MavenCall {
  pom: string;
  goals: string[];
  defines: Record<string, string>;
}
export type MavenGoals = Pick<MavenCall, 'goals' | 'defines'>;
// spring-boot:repackage named on the command line, by prefix or by coordinates.
const CLI_REPACKAGE =
  /^(org\.springframework\.boot:)?spring-boot(-maven-plugin)?(:[^:]+)?:repackage$/;

export function readMaven(cmd: Command): MavenCall | null {
  if (!isMaven(cmd.argv[0])) return null;
  const a = readToolArgs(cmd.argv.slice(1), MVN);
  const defines: Record<string, string> = {};
  for (const d of optionValues(a, '--define')) {
    const [k, ...v] = d.split('=');
    defines[k] = v.join('=') || 'true';
  }
  let pom = resolvePath(cmd.cwd, lastOption(a, '--file') ?? 'pom.xml');
  if (!pom.endsWith('.xml')) pom = path.posix.join(pom, 'pom.xml');
  return { pom, goals: [...a.positional, ...a.rest.filter((w) => !w.startsWith('-'))], defines };
}

export function pluginConfig(plugin: XmlNode): XmlNode[] {
  const configs = [xmlChild(plugin, 'configuration')];
  for (const ex of xmlChildren(xmlChild(plugin, 'executions'), 'execution'))
    configs.push(xmlChild(ex, 'configuration'));
  return configs.filter((c): c is XmlNode => c !== null);
}

/** What a pom's ${...} may name: its model, its and its parents' properties, and -D. */
function pomScope(
  pom: XmlNode,
  dir: string,
  defines: Record<string, string>,
  inherited: Record<string, string>,
): PomScope {
  const parent = xmlChild(pom, 'parent');
  const artifactId = xmlText(pom, 'artifactId') ?? '';
  const model: Record<string, string> = {
    artifactId,
    // The model's name is null when unset; a plugin reading ${project.name} gets the artifactId.
    name: xmlText(pom, 'name') ?? artifactId,
    packaging: xmlText(pom, 'packaging') ?? 'jar',
  };
  const version = xmlText(pom, 'version') ?? xmlText(parent, 'version');
  const groupId = xmlText(pom, 'groupId') ?? xmlText(parent, 'groupId');
  if (version !== null) model.version = version;
  if (groupId !== null) model.groupId = groupId;
  const parentVersion = xmlText(parent, 'version');
  if (parentVersion !== null) model['parent.version'] = parentVersion;
  const properties: Record<string, string> = { ...inherited };
  for (const p of xmlChild(pom, 'properties')?.children ?? []) properties[p.name] = p.text.trim();
  return { model, properties, user: defines, basedir: dir };
}

/**
 * The archives the build plugins add or rename, and whether that list is complete (a plugin
 * msconvert does not know, or a profile with its own build, may write others). With the
 * build's finalName unresolved (null), only archives a plugin names outright are listed.
 */
function pluginArchives(
  pom: XmlNode,
  build: XmlNode | null,
  finalName: string | null,
  ext: string,
  scope: PomScope,
  call: MavenGoals,
): {
  main: string | null;
  extras: string[];
  complete: boolean;
  uncertain: BootArchives['uncertain'];
} {
  let complete = xmlChildren(xmlChild(pom, 'profiles'), 'profile').every(
    (p) => !xmlChild(p, 'build'),
  );
  const extras: string[] = [];
  const uncertain: BootArchives['uncertain'] = [];
  const named = (f: (n: string) => string) => {
    if (finalName !== null) extras.push(f(finalName));
  };
  let main = finalName === null ? null : `${finalName}.${ext}`;
  const harmless = data().mavenPlugins.harmless;
  for (const plugin of xmlChildren(xmlChild(build, 'plugins'), 'plugin')) {
    const id = xmlText(plugin, 'artifactId') ?? '';
    const configs = pluginConfig(plugin);
    const conf = (name: string) => {
      for (const c of configs) {
        const v = xmlText(c, name);
        if (v !== null) return resolvedOrNull(v, scope);
      }
      return undefined;
    };
    if (id === 'spring-boot-maven-plugin') {
      const boot = bootRepackage(pom, plugin, finalName, ext, (t) => resolvePom(t, scope), {
        defines: scope.user,
        cliRun: call.goals.some((g) => CLI_REPACKAGE.test(g)),
      });
      for (const f of boot.files) extras.push(f);
      for (const u of boot.uncertain) uncertain.push(u);
    } else if (id === 'maven-shade-plugin') {
      const attached = conf('shadedArtifactAttached') === 'true';
      const shadeName = conf('finalName');
      if (shadeName) extras.push(`${shadeName}.jar`);
      else if (attached) named((n) => `${n}-${conf('shadedClassifierName') ?? 'shaded'}.jar`);
      else named((n) => `original-${n}.jar`);
    } else if (id === 'maven-assembly-plugin') {
      const refs = configs.flatMap((c) =>
        xmlChildren(xmlChild(c, 'descriptorRefs'), 'descriptorRef').map((d) => d.text.trim()),
      );
      const append = conf('appendAssemblyId') !== 'false';
      const name = conf('finalName') ?? finalName;
      if (refs.length === 1 && refs[0] === 'jar-with-dependencies' && append && name !== null)
        extras.push(`${name}-jar-with-dependencies.jar`);
      else complete = false;
    } else if (id === 'maven-war-plugin') {
      const warName = conf('warName');
      if (warName) main = `${warName}.war`;
      if (conf('attachClasses') === 'true') named((n) => `${n}-classes.jar`);
    } else if (id === 'maven-jar-plugin') {
      if (conf('classifier') || xmlChild(plugin, 'executions')) complete = false;
    } else if (id === 'maven-dependency-plugin') {
      if (conf('outputDirectory')) complete = false;
    } else if (!harmless.includes(id)) complete = false;
  }
  return { main, extras, complete, uncertain };
}

export function mavenProject(
  input: ProviderInput,
  pomPath: string,
  call: MavenGoals,
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
  const scope = pomScope(pom, dir, call.defines, inherited);
  const build = xmlChild(pom, 'build');
  const packaging = resolvedOrNull(scope.model.packaging, scope) ?? 'jar';
  const dirRaw = xmlText(build, 'directory');
  const buildDirText = dirRaw === null ? 'target' : resolvedOrNull(dirRaw, scope);
  // Maven's model holds the build folder as an absolute path, and the finalName as written.
  if (buildDirText) scope.model['build.directory'] = resolvePath(dir, buildDirText);
  const finalNameRaw = xmlText(build, 'finalName') ?? '${project.artifactId}-${project.version}';
  scope.model['build.finalName'] = finalNameRaw;
  const resolved = resolvePom(finalNameRaw, scope);
  const finalName = 'value' in resolved ? resolved.value : null;

  for (const m of xmlChildren(xmlChild(pom, 'modules'), 'module')) {
    const rel = m.text.trim();
    const child = rel.endsWith('.xml') ? rel : `${rel}/pom.xml`;
    if (depth < 6)
      mavenProject(input, resolvePath(dir, child), call, scope.properties, out, depth + 1);
  }
  if (packaging !== 'jar' && packaging !== 'war') return;
  const pomName = path.posix.relative(input.model.cwd, pomPath) || 'pom.xml';
  if (!buildDirText || !xmlText(pom, 'artifactId')) {
    out.unknown.push(
      `${pomPath} names its archive through properties msconvert cannot resolve (${dirRaw ?? finalNameRaw})`,
    );
    return;
  }
  const buildDir = resolvePath(dir, buildDirText);
  const ext = packaging;
  const { main, extras, complete, uncertain } = pluginArchives(
    pom,
    build,
    finalName,
    ext,
    scope,
    call,
  );
  const why = `${packaging === 'war' ? 'the WAR' : 'the jar'} mvn package writes (${pomName})`;
  for (const u of uncertain) out.uncertain.push({ dir: buildDir, name: u.file, why: u.why });
  if (main === null || finalName === null) {
    out.unknown.push(
      `${pomPath} names its archive through properties msconvert cannot resolve (${finalNameRaw}${'why' in resolved ? `: ${resolved.why}` : ''})`,
    );
    // A plugin's archive named outright is still known, though not the folder's other names.
    for (const e of main === null ? extras : [main, ...extras]) {
      const p = path.posix.join(buildDir, e);
      if (!out.artifacts.some((a) => a.path === p))
        out.artifacts.push({ path: p, dir: false, why });
    }
    return;
  }
  addOutput(out, { path: path.posix.join(buildDir, main), dir: false, why }, complete);
  for (const e of extras)
    addOutput(out, { path: path.posix.join(buildDir, e), dir: false, why }, complete);
}
