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

export function resolveProps(s: string, props: Record<string, string>, depth = 0): string | null {
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

export function pluginConfig(plugin: XmlNode): XmlNode[] {
  const configs = [xmlChild(plugin, 'configuration')];
  for (const ex of xmlChildren(xmlChild(plugin, 'executions'), 'execution'))
    configs.push(xmlChild(ex, 'configuration'));
  return configs.filter((c): c is XmlNode => c !== null);
}

/** The properties a pom's values may name: inherited, its own, the project's, then -D. */
function pomProperties(
  pom: XmlNode,
  dir: string,
  defines: Record<string, string>,
  inherited: Record<string, string>,
): Record<string, string> {
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
  return props;
}

/**
 * The archives the build plugins add or rename, and whether that list is complete (a plugin
 * msconvert does not know, or a profile with its own build, may write others).
 */
function pluginArchives(
  pom: XmlNode,
  build: XmlNode | null,
  finalName: string,
  ext: string,
  props: Record<string, string>,
): { main: string; extras: string[]; complete: boolean } {
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
  return { main, extras, complete };
}

export function mavenProject(
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
  const props = pomProperties(pom, dir, defines, inherited);
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
  if (!finalName || !buildDirText || !xmlText(pom, 'artifactId')) {
    out.unknown.push(
      `${pomPath} names its archive through properties msconvert cannot resolve (${finalNameRaw})`,
    );
    return;
  }
  const buildDir = resolvePath(dir, buildDirText);
  const ext = packaging;
  const { main, extras, complete } = pluginArchives(pom, build, finalName, ext, props);
  const why = `${packaging === 'war' ? 'the WAR' : 'the jar'} mvn package writes (${path.posix.relative(input.model.cwd, pomPath) || 'pom.xml'})`;
  addOutput(out, { path: path.posix.join(buildDir, main), dir: false, why }, complete);
  for (const e of extras)
    addOutput(out, { path: path.posix.join(buildDir, e), dir: false, why }, complete);
}
