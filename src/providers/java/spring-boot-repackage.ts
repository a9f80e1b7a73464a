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
  /** A parameter as written: the execution's configuration over the plugin's. */
  get(name: string): string | null;
}

/**
 * The repackage executions that run, or why that is not established: the starter parent's
 * (merged with the pom's execution of the same id), the pom's own, and one for
 * `spring-boot:repackage` on the command line (the plugin-level configuration only).
 */
function repackageRuns(
  pom: XmlNode,
  plugin: XmlNode,
  v: Version | null,
  cliRun: boolean,
): Run[] | string {
  const pluginConf = xmlChild(plugin, 'configuration');
  const executions = xmlChildren(xmlChild(plugin, 'executions'), 'execution');
  const idOf = (e: XmlNode) => xmlText(e, 'id') ?? 'default';
  const hasGoal = (e: XmlNode) =>
    xmlChildren(xmlChild(e, 'goals'), 'goal').some((g) => g.text.trim() === 'repackage');
  const chosen: (XmlNode | null)[] = executions.filter(hasGoal);
  if (cliRun) chosen.push(null);
  if (isStarterParent(pom)) {
    const id = v && !before(v, 2, 1) ? 'repackage' : 'default';
    const merged = executions.find((e) => idOf(e) === id);
    if (!merged) chosen.push(null);
    else if (!chosen.includes(merged)) chosen.push(merged);
  } else if (xmlChild(pom, 'parent') && chosen.length === 0) {
    return `whether repackage runs depends on the parent ${xmlText(pom, 'parent', 'artifactId') ?? 'pom'}, which is not in the build context`;
  }
  const runs: Run[] = [];
  for (const e of chosen) {
    const phase = e && xmlText(e, 'phase');
    if (phase === 'none') continue;
    if (phase && phase !== 'package')
      return `spring-boot-maven-plugin runs repackage at the ${phase} phase`;
    const conf = e && xmlChild(e, 'configuration');
    runs.push({ get: (name) => xmlText(conf, name) ?? xmlText(pluginConf, name) });
  }
  return runs;
}

type Outcome = { file: string | null } | { uncertain: string | null; why: string } | null;

/** What one run writes: a file (null: the build's archive, in place), a doubt, or nothing. */
function runOutcome(
  run: Run,
  v: Version | null,
  buildName: string | null,
  ext: string,
  resolve: (s: string) => Resolved,
  defines: Record<string, string>,
): Outcome {
  const read = (name: string): Resolved | undefined => {
    const text = run.get(name);
    return text === null ? undefined : resolve(text);
  };
  const skipProperty = v && before(v, 2) ? 'skip' : 'spring-boot.repackage.skip';
  const skip =
    read('skip') ?? (skipProperty in defines ? { value: defines[skipProperty] } : undefined);
  const classifier = read('classifier');
  const finalName = read('finalName');
  const unresolved = [skip, classifier, finalName].find((r) => r !== undefined && 'why' in r);
  if (unresolved && 'why' in unresolved)
    return { uncertain: null, why: `spring-boot-maven-plugin's ${unresolved.why}` };
  if (skip && 'value' in skip && skip.value === 'true') return null;
  const c = classifier && 'value' in classifier ? classifier.value.trim() : '';
  const suffix = c === '' || c.startsWith('-') ? c : `-${c}`;
  let name: string | null = buildName;
  if (finalName && 'value' in finalName) {
    const named = repackagedName(v, finalName.value, buildName, suffix !== '');
    if ('why' in named) return { uncertain: `${finalName.value}${suffix}.${ext}`, why: named.why };
    name = named.name;
  }
  // The build's own name (null: not known here) without a classifier: repackaged in place.
  if (name === null)
    return suffix
      ? {
          uncertain: null,
          why: 'the build names its jar through properties msconvert cannot resolve',
        }
      : { file: null };
  const file = `${name}${suffix}.${ext}`;
  return { file: file === `${buildName}.${ext}` ? null : file };
}

export function bootRepackage(
  pom: XmlNode,
  plugin: XmlNode,
  buildName: string | null,
  ext: string,
  resolve: (s: string) => Resolved,
  call: { defines: Record<string, string>; cliRun: boolean },
): BootArchives {
  const result: BootArchives = { files: [], uncertain: [] };
  const v = pluginVersion(pom, plugin, resolve);
  const runs = repackageRuns(pom, plugin, v, call.cliRun);
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
  const outcomes = runs.map((r) => runOutcome(r, v, buildName, ext, resolve, call.defines));
  const targets = new Set(
    outcomes.filter((o) => o && 'file' in o).map((o) => o && 'file' in o && o.file),
  );
  // A second run under another name repackages what the first wrote, a jar that then launches
  // itself (spring-boot#16828). Under the same name, from 2.1 (getSourceArtifact), it finds its
  // source already repackaged at the target and stops (Repackager.repackage).
  const live = outcomes.filter((o) => o !== null);
  const renamed = [...targets].some((t) => t !== null);
  if (live.length > 1 && renamed && (targets.size > 1 || !v || before(v, 2, 1))) {
    result.uncertain.push({
      file: null,
      why: `spring-boot-maven-plugin runs repackage ${live.length} times${targets.size > 1 ? ' under different names' : ''}, and a second run repackages what the first wrote`,
    });
    return result;
  }
  for (const o of outcomes) {
    if (o === null) continue;
    if ('why' in o) result.uncertain.push({ file: o.uncertain, why: o.why });
    else if (o.file !== null && !result.files.includes(o.file)) result.files.push(o.file);
  }
  return result;
}
