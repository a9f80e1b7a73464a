// What spring-boot-maven-plugin's repackage goal writes for one pom. Read from spring-boot's
// RepackageMojo and AbstractPackagerMojo at every release tag:
// - it writes <outputDirectory>/<finalName>[-<classifier>].<ext> (getTargetFile), finalName
//   defaulting to ${project.build.finalName}; under the build's own name it repackages that jar
//   in place, under another name the jar the build wrote stays beside it, unchanged;
// - a <finalName> in the plugin's configuration names the file from 1.0. 2.1 made the parameter
//   read-only (spring-boot#12608), which Maven 3.8 injects all the same and 3.9 and 4 inject with
//   a warning (finalizeMojoConfiguration; ReadOnlyPluginParametersValidator only reports). Only
//   2.1.4.RELEASE and 2.2.0.M2 used the build's name instead (spring-boot#16456); every release
//   read, through 4.2, honours it;
// - before 1.3 a repackage under another name without a classifier was attached as a second main
//   artifact, which fails the build (spring-boot#3477).
// spring-boot-starter-parent binds one repackage execution (id `repackage` since 2.1).
import { xmlChild, xmlChildren, xmlText, type XmlNode } from '../../readers/xml';
import type { Resolved } from './pom-values';

export interface BootArchives {
  /** Archives the repackage goal writes besides the build's own one. */
  files: string[];
  /** Archives it may write, with why that is not established (file null: a name unknown). */
  uncertain: { file: string | null; why: string }[];
}

interface Version {
  text: string;
  parts: number[];
  qualifier: string;
}

// The newest release line whose RepackageMojo was read.
const READ_THROUGH = [4, 2];

function parseVersion(text: string): Version | null {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?(?:[.-]?(.*))?$/.exec(text);
  if (!m) return null;
  return {
    text,
    parts: [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)],
    qualifier: (m[4] ?? '').toUpperCase(),
  };
}

function before(v: Version, ...parts: number[]): boolean {
  for (let i = 0; i < parts.length; i++) if (v.parts[i] !== parts[i]) return v.parts[i] < parts[i];
  return false;
}

const isStarterParent = (pom: XmlNode): boolean => {
  const parent = xmlChild(pom, 'parent');
  return (
    xmlText(parent, 'groupId') === 'org.springframework.boot' &&
    xmlText(parent, 'artifactId') === 'spring-boot-starter-parent'
  );
};

/** The plugin's version: its own <version>, else spring-boot-starter-parent's. */
function pluginVersion(pom: XmlNode, plugin: XmlNode, resolve: (s: string) => Resolved) {
  const own = xmlText(plugin, 'version');
  if (own !== null) {
    const r = resolve(own);
    return 'value' in r ? parseVersion(r.value) : null;
  }
  return isStarterParent(pom) ? parseVersion(xmlText(pom, 'parent', 'version') ?? '') : null;
}

/**
 * The name repackage gives its file for a configured <finalName> (null: the build's own name,
 * which is not known), or why it cannot be told.
 */
function repackagedName(
  v: Version | null,
  name: string,
  buildName: string | null,
  classified: boolean,
): { name: string | null } | { why: string } {
  if (!v)
    return {
      why: 'pom.xml names no spring-boot-maven-plugin version (on the plugin or through spring-boot-starter-parent), and whether repackage honours <finalName> depends on it',
    };
  if (!before(v, READ_THROUGH[0], READ_THROUGH[1] + 1))
    return {
      why: `spring-boot-maven-plugin ${v.text} is newer than the releases whose repackage goal msconvert has read (through ${READ_THROUGH.join('.')})`,
    };
  const release = v.parts.join('.');
  if (
    (release === '2.1.4' && (v.qualifier === '' || v.qualifier === 'RELEASE')) ||
    (release === '2.2.0' && v.qualifier === 'M2')
  )
    return { name: buildName };
  if (before(v, 1, 3) && !classified && name !== buildName)
    return {
      why: `spring-boot-maven-plugin ${v.text} attaches a repackage under another name as a second main artifact, which fails the build`,
    };
  return { name };
}

interface Run {
  get(name: string): Resolved | undefined;
}

/** The repackage executions that run at package, or why that is not established. */
function repackageRuns(
  pom: XmlNode,
  plugin: XmlNode,
  v: Version | null,
  resolve: (s: string) => Resolved,
): Run[] | string {
  const pluginConf = xmlChild(plugin, 'configuration');
  const executions = xmlChildren(xmlChild(plugin, 'executions'), 'execution');
  const idOf = (e: XmlNode) => xmlText(e, 'id') ?? 'default';
  const hasGoal = (e: XmlNode) =>
    xmlChildren(xmlChild(e, 'goals'), 'goal').some((g) => g.text.trim() === 'repackage');
  const chosen = executions.filter(hasGoal);
  if (isStarterParent(pom)) {
    const id = v && !before(v, 2, 1) ? 'repackage' : 'default';
    const merged = executions.find((e) => idOf(e) === id);
    if (!merged) chosen.push({ name: 'execution', attrs: {}, children: [], text: '' });
    else if (!chosen.includes(merged)) chosen.push(merged);
  } else if (xmlChild(pom, 'parent') && chosen.length === 0) {
    return `whether repackage runs depends on the parent ${xmlText(pom, 'parent', 'artifactId') ?? 'pom'}, which is not in the build context`;
  }
  const runs: Run[] = [];
  for (const e of chosen) {
    const phase = xmlText(e, 'phase');
    if (phase === 'none') continue;
    if (phase !== null && phase !== 'package')
      return `spring-boot-maven-plugin runs repackage at the ${phase} phase`;
    const conf = xmlChild(e, 'configuration');
    runs.push({
      get: (name) => {
        const text = xmlText(conf, name) ?? xmlText(pluginConf, name);
        return text === null ? undefined : resolve(text);
      },
    });
  }
  return runs;
}

export function bootRepackage(
  pom: XmlNode,
  plugin: XmlNode,
  buildName: string | null,
  ext: string,
  resolve: (s: string) => Resolved,
  defines: Record<string, string>,
): BootArchives {
  const result: BootArchives = { files: [], uncertain: [] };
  const v = pluginVersion(pom, plugin, resolve);
  const runs = repackageRuns(pom, plugin, v, resolve);
  const configured = (name: string) =>
    xmlText(plugin, 'configuration', name) !== null ||
    xmlChildren(xmlChild(plugin, 'executions'), 'execution').some(
      (e) => xmlText(e, 'configuration', name) !== null,
    );
  if (typeof runs === 'string') {
    // Repackaging in place leaves the build's one archive; only a new name is in doubt.
    if (configured('finalName') || configured('classifier'))
      result.uncertain.push({ file: null, why: runs });
    return result;
  }
  if (runs.length > 1 && (configured('finalName') || configured('classifier'))) {
    result.uncertain.push({
      file: null,
      why: `spring-boot-maven-plugin runs repackage ${runs.length} times, each on what the last wrote`,
    });
    return result;
  }
  const skipProperty = v && before(v, 2) ? 'skip' : 'spring-boot.repackage.skip';
  for (const run of runs) {
    const skip =
      run.get('skip') ?? (skipProperty in defines ? { value: defines[skipProperty] } : undefined);
    if (skip && 'value' in skip && skip.value === 'true') continue;
    const classifier = run.get('classifier');
    const finalName = run.get('finalName');
    const unresolved = [classifier, finalName].find((r) => r !== undefined && 'why' in r);
    if (unresolved && 'why' in unresolved) {
      result.uncertain.push({ file: null, why: `spring-boot-maven-plugin's ${unresolved.why}` });
      continue;
    }
    const c = classifier && 'value' in classifier ? classifier.value.trim() : '';
    const suffix = c === '' || c.startsWith('-') ? c : `-${c}`;
    let name: string | null = buildName;
    if (finalName && 'value' in finalName) {
      const named = repackagedName(v, finalName.value, buildName, suffix !== '');
      if ('why' in named) {
        result.uncertain.push({ file: `${finalName.value}${suffix}.${ext}`, why: named.why });
        continue;
      }
      name = named.name;
    }
    // Under the build's own name, unknown here, the jar is repackaged in place.
    if (name === null) continue;
    const file = `${name}${suffix}.${ext}`;
    if (file !== `${buildName}.${ext}`) result.files.push(file);
  }
  return result;
}
