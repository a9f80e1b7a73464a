// Gradle: the archives the tasks a gradle call runs write, read from settings.gradle, the
// build files and gradle.properties (plugins, task configuration blocks, version).
import * as path from 'path';
import { resolvePath, type Command } from '../../analysis/stage';
import { lastOption, readToolArgs, type ToolArgTable } from '../../analysis/tool-args';
import { commandName } from '../../shell';
import type { ProviderInput } from '../contract';
import { addOutput, type Outputs } from './types';

export function isGradle(word: string | undefined): boolean {
  const n = commandName(word);
  return n === 'gradle' || n === 'gradlew' || n === 'gradlew.bat';
}

export interface GradleCall {
  dir: string;
  tasks: string[];
}

// The options of gradle that take a value (-p under its long name, so the last one wins
// whichever spelling was used).
const GRADLE: ToolArgTable = {
  valued: new Set([
    '-x',
    '--exclude-task',
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
  ]),
  short: { '-p': '--project-dir' },
};

export function readGradle(cmd: Command): GradleCall | null {
  if (!isGradle(cmd.argv[0])) return null;
  const a = readToolArgs(cmd.argv.slice(1), GRADLE);
  const projectDir = lastOption(a, '--project-dir');
  return {
    dir: projectDir === null ? cmd.cwd : resolvePath(cmd.cwd, projectDir || '.'),
    tasks: [...a.positional, ...a.rest.filter((w) => !w.startsWith('-'))],
  };
}

export interface GradleTaskConf {
  fileName?: string;
  baseName?: string;
  version?: string;
  classifier?: string;
  disabled?: boolean;
}

/** The body of each `name { ... }` block, balanced braces, for task configuration blocks. */
export function gradleBlocks(text: string): { key: string; body: string }[] {
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

export function gradleValue(body: string, prop: string): string | undefined {
  const m = new RegExp(
    `(?:^|[\\s;{])${prop}\\s*(?:=\\s*|\\.set\\(\\s*|\\s+)(["'])([^"'\\n]*)\\1`,
    'm',
  ).exec(body);
  return m ? m[2] : undefined;
}

export function taskConf(
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

/** The plugins of a build file that decide which archives it writes. */
function gradlePlugins(text: string): {
  boot: boolean;
  plainClassifier: boolean;
  war: boolean;
  shadow: boolean;
  application: boolean;
} {
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
  return { boot, plainClassifier, war, shadow, application };
}

/**
 * The project version: the build file's, the root's allprojects/subprojects block, or
 * gradle.properties; an object when the build computes it (what it computes, for the reason).
 */
function gradleVersion(
  text: string,
  rootText: string,
  rootProps: string | null,
): string | undefined | { computed: string } {
  const versionOf = (t: string | null) =>
    t ? /^\s*(?:project\.)?version\s*(?:=\s*|\s)\s*["']([^"'\n]*)["']/m.exec(t)?.[1] : undefined;
  const version: string | undefined =
    versionOf(text) ??
    (/(allprojects|subprojects)\s*\{[\s\S]*?\bversion\s*=/.test(rootText)
      ? versionOf(rootText.replace(/^[\s\S]*?(allprojects|subprojects)\s*\{/, ''))
      : undefined) ??
    (rootProps ? /^\s*version\s*[=:]\s*(\S+)\s*$/m.exec(rootProps)?.[1] : undefined);
  if (version === undefined && /^\s*(?:project\.)?version\s*=/m.test(text)) return { computed: '' };
  if (version?.includes('$')) return { computed: ` (${version})` };
  return version;
}

interface ArchiveTask {
  task: string;
  type: string;
  ext: string;
  classifier: string;
}

/** The archive tasks a call runs, directly or through build/assemble, with their defaults. */
function archiveTasks(
  text: string,
  { boot, plainClassifier, war, shadow }: ReturnType<typeof gradlePlugins>,
  runs: (task: string) => boolean,
): ArchiveTask[] {
  const lifecycle = runs('build') || runs('assemble');
  const produced: ArchiveTask[] = [];
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
  return produced;
}

export function gradleProject(
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
  const plugins = gradlePlugins(text);
  if (/\b(buildDir\s*=|layout\.buildDirectory\.set|buildDirectory\s*=)/.test(text)) {
    out.unknown.push(`${projectDir}/build.gradle moves the build folder`);
    return;
  }
  const version = gradleVersion(text, rootText, rootProps);
  if (typeof version === 'object') {
    out.unknown.push(`${projectDir}/build.gradle computes its version${version.computed}`);
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
  const produced = archiveTasks(text, plugins, runs);
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
  if (plugins.application && (runs('installDist') || runs('installShadowDist'))) {
    const distName = runs('installShadowDist') ? `${name}-shadow` : name;
    addOutput(out, {
      path: path.posix.join(projectDir, 'build', 'install', distName),
      dir: true,
      why: 'the application gradle installDist writes',
    });
  }
}

export function gradleBuild(input: ProviderInput, call: GradleCall, out: Outputs): void {
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
