// Which project of a Gradle build `gradle bootRun` starts. A task name without a project path
// runs in every project that has the task, and bootRun comes with the Spring Boot plugin: the
// start is one app only when exactly one project applies that plugin. The projects are the
// root and those settings.gradle includes; each one's build file is read from its folder
// (the path with ':' -> '/'). A build whose projects or plugins msconvert cannot tell (a root
// block that configures other projects, a build file it cannot read, plugins from buildSrc, a
// script or the version catalog) gives the reason instead.
import * as path from 'path';
import type { ProviderInput } from '../contract';
import { readSettings, stripComments } from './gradle-settings';

export interface BootProject {
  /** The project path ('' for the root, 'app' or 'libs:web' for an included one). */
  project: string;
  dir: string;
  /** The project's name, which names its archives. */
  name: string;
  /** Its build file's text. */
  text: string;
  /** The root's gradle.properties, which sets the version of every project. */
  props: string | null;
}

const BOOT_ID = /org\.springframework\.boot['"]/;
/** Root blocks that can apply plugins to (or configure tasks of) other projects. */
const CROSS_PROJECT =
  /\b(allprojects|subprojects)\s*(\(|\{)|\bconfigure\s*\(|\bproject\s*\(\s*["'][^"']*["']\s*\)\s*\{|\bapply\s*\(?\s*from\b/;

/** The bodies of the `plugins { }` blocks (balanced braces). */
function pluginsBlocks(code: string): string[] {
  const out: string[] = [];
  for (const m of code.matchAll(/\bplugins\s*\{/g)) {
    let depth = 0;
    const start = (m.index ?? 0) + m[0].length;
    for (let i = start - 1; i < code.length; i++) {
      if (code[i] === '{') depth++;
      else if (code[i] === '}' && --depth === 0) {
        out.push(code.slice(start, i));
        break;
      }
    }
  }
  return out;
}

/** A plugin entry whose id is written out: id 'x', id("x"), kotlin("jvm"), java, `java-library`. */
const NAMED_PLUGIN =
  /^(id\s*\(?\s*(["'])[\w.-]+\2\s*\)?(\s+version\b.*)?(\s+apply\s*\(?\s*(true|false)\s*\)?)?|kotlin\s*\(\s*"[\w.-]+"\s*\)(\s+version\b.*)?|`[\w-]+`|[a-z]\w*)$/;

/** A plugin applied without its id written out (a variable, a class), described; or null. */
function unnamedPlugin(code: string): string | null {
  for (const body of pluginsBlocks(code))
    for (const item of body.split(/[\n;]/).map((l) => l.trim()))
      if (item && !NAMED_PLUGIN.test(item)) return `\`${item}\``;
  const apply =
    /\bapply\s*\(?\s*plugin\s*[:=]\s*[^\s"'][^\n]*|\bapply\s*<[^\n]*|\b(pluginManager|plugins)\s*\.\s*apply\s*\(\s*[^\s"'][^\n]*/.exec(
      code,
    );
  return apply ? `\`${apply[0].trim()}\`` : null;
}

/**
 * Whether a build file applies the Spring Boot plugin: true, false, or the reason it cannot
 * be told. `id 'org.springframework.boot' version 'x' apply false` only declares it.
 */
export function appliesBoot(text: string, file: string): boolean | string {
  const code = stripComments(text);
  const lines = code.split('\n').filter((l) => BOOT_ID.test(l) || /SpringBootPlugin/.test(l));
  if (lines.some((l) => !/\bapply\s*\(?\s*false\b/.test(l))) return true;
  if (/\bapply\s*\(?\s*from\b/.test(code))
    return `${file} applies a script (apply from), which may apply the Spring Boot plugin`;
  if (/\balias\s*\(/.test(code))
    return `${file} applies plugins from the version catalog (alias), which may be Spring Boot`;
  const unnamed = unnamedPlugin(code);
  if (unnamed)
    return `${file} applies a plugin msconvert cannot name (${unnamed}), which may be Spring Boot`;
  if (/\b(bootRun|BootRun|bootJar|BootJar)\b/.test(code))
    return `${file} defines or configures a bootRun or bootJar task`;
  return false;
}

/** The two build file names, read at `dir`; a name there that cannot be read is a reason. */
function buildFile(
  input: ProviderInput,
  dir: string,
): { file: string; text: string } | null | string {
  const { files, ctx } = input;
  for (const name of ['build.gradle', 'build.gradle.kts']) {
    const p = path.posix.join(dir, name);
    const text = files.readByImagePath(p);
    if (text !== null) return { file: p, text };
    const rel = files.contextPathOf(p);
    if (rel !== null && (!ctx.known || ctx.exists(rel)))
      return `msconvert cannot read ${p}${ctx.known ? '' : ' (the build context is not known)'}`;
  }
  return null;
}

/**
 * The one project of the build in `root` that applies Spring Boot, or the reason it cannot be
 * told. `settings` is the settings file's text and name.
 */
export function bootProject(
  input: ProviderInput,
  root: string,
  settings: { text: string; file: string },
): BootProject | string {
  const s = readSettings(settings.text, settings.file);
  if (typeof s === 'string') return s;
  if (!s.rootName) return `${settings.file} does not name the root project (rootProject.name)`;
  const read = (dir: string, f: string) => input.files.readByImagePath(path.posix.join(dir, f));
  const rootProps = read(root, 'gradle.properties');
  const rootBuild = buildFile(input, root);
  if (typeof rootBuild === 'string') return rootBuild;
  if (s.projects.length === 0) {
    // One project: the root, as it always was.
    if (rootBuild === null) return `there is no build.gradle in ${root}`;
    if (!BOOT_ID.test(rootBuild.text))
      return 'the build file does not apply the Spring Boot plugin';
    return { project: '', dir: root, name: s.rootName, text: rootBuild.text, props: rootProps };
  }
  const rootText = rootBuild?.text ?? '';
  const cross = CROSS_PROJECT.exec(stripComments(rootText));
  if (cross)
    return `${settings.file} includes other projects and the root build file configures them (${cross[0].replace(/\s+/g, ' ')})`;
  const buildSrc = input.files.existsInImage(path.posix.join(root, 'buildSrc'));
  const found: BootProject[] = [];
  const candidates = [
    { project: '', dir: root, name: s.rootName, build: rootBuild },
    ...s.projects.map((p) => {
      const dir = path.posix.join(root, p.replace(/:/g, '/'));
      return { project: p, dir, name: p.split(':').pop() as string, build: buildFile(input, dir) };
    }),
  ];
  for (const c of candidates) {
    if (typeof c.build === 'string') return c.build;
    if (c.build === null) continue;
    if (c.project !== '' && buildSrc)
      return `buildSrc may hold plugins that apply Spring Boot to the project :${c.project}`;
    const boot = appliesBoot(c.build.text, c.build.file);
    if (typeof boot === 'string') return boot;
    if (!boot) continue;
    // Gradle also reads a gradle.properties in a subproject's own folder.
    const own = c.project === '' ? null : read(c.dir, 'gradle.properties');
    if (own !== null && /^\s*version\s*[=:]/m.test(own))
      return `${c.dir}/gradle.properties sets the version of :${c.project}, which msconvert does not read`;
    found.push({ ...c, text: c.build.text, props: rootProps });
  }
  const label = (p: BootProject) => `:${p.project}`;
  if (found.length === 0) return 'no project of the build applies the Spring Boot plugin';
  if (found.length > 1)
    return `more than one project applies the Spring Boot plugin (${found.map(label).join(', ')}), and gradle bootRun runs the bootRun of each`;
  return found[0];
}
