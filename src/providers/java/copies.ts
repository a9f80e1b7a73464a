// Copies beyond the traced start: a launcher the build wrote, scripts, files ENV or the start
// names, and files with conventional run-time names.
import * as path from 'path';
import { namedRuntimePaths } from '../../analysis/runtime-paths';
import { isSystemFolder } from '../../analysis/system-folders';
import { resolvePath } from '../../analysis/stage';
import { decline, type Decline } from '../contract';
import { addCopy } from './trace';
import { data, type PlanState } from './types';

/** Not java, not Tomcat: a launcher the build wrote (gradle installDist) or a start script. */
export function launcherCopies(s: PlanState): Decline | null {
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
export function runtimeFileCopies(s: PlanState): void {
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
      if (covered(target) || isSystemFolder(target)) continue;
      addCopy(s, target, 'read at run time (conventional name)');
    }
  }
}
