// What the RUN steps build (Maven, Gradle, javac, jar), and where cp/mv/unzip put it.
import * as path from 'path';
import { globToRegExp } from '../../analysis/files';
import { resolvePath, type Command } from '../../analysis/stage';
import { wrapperThroughShell } from '../../analysis/tool-wrappers';
import { commandName } from '../../shell';
import type { ProviderInput } from '../contract';
import { gradleBuild, readGradle } from './gradle';
import { javacOutput, readJar } from './javac';
import { MVN_PACKAGING_GOALS, mavenProject, readMaven } from './maven';
import { addOutput, noOutputs, type Outputs } from './types';

export function readCopy(cmd: Command): { sources: string[]; dest: string } | null {
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
export function matchOutputs(out: Outputs, abs: string): { files: string[]; complete: boolean } {
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
    // An archive the build may write there could match too.
    complete: entry.complete && !out.uncertain.some((u) => u.dir === dir),
  };
}

/** What the RUN steps build, and where they copy or unpack it, in order. */
export function readBuilds(
  input: ProviderInput,
  commands: Command[],
): { out: Outputs; moved: Map<string, string>; produced: Set<string> } {
  const out: Outputs = noOutputs();
  const moved = new Map<string, string>();
  const produced = new Set<string>();
  const isGlob = (p: string) => /[*?[]/.test(p);
  for (const run of commands) {
    // `RUN sh ./gradlew build` (and the build line a rewrite of `sh ./gradlew bootRun` adds).
    const c = wrapperThroughShell(run, input.files) ?? run;
    const mvn = readMaven(c);
    if (mvn) {
      out.tools.add('Maven');
      const packages = mvn.goals.some(
        (g) =>
          MVN_PACKAGING_GOALS.includes(g) ||
          /^(spring-boot:repackage|jar:jar|war:war|assembly:single|shade:shade)$/.test(g),
      );
      if (packages) mavenProject(input, mvn.pom, mvn, {}, out);
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
