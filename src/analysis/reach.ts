// What the running container can reach by name, whatever the language: the words of its
// start commands, the scripts they run and the environment it gets. A file copied only
// because of its name (sql/, config/, .env) belongs in the runtime when something reaches it.
import * as path from 'path';
import type { StartNeeds } from './needs';
import type { StageModel } from './stage';
import { simpleCommands } from '../shell';
import { splitHeredocs } from './heredoc';

/**
 * Every word the start reaches files through: the arguments of its commands and of the
 * commands its scripts run, and ENV values. Program names are not among them: they are
 * looked up in PATH, and traced as commands.
 */
export function startWords(model: StageModel, needs: StartNeeds): string[] {
  const out: string[] = [];
  for (const c of needs.commands) out.push(...c.argv.slice(1));
  for (const s of needs.scripts)
    for (const c of simpleCommands(splitHeredocs(s.text).head)) out.push(...c.argv.slice(1));
  for (const v of Object.values(model.env)) out.push(...v.split(/[\s:;,]+/));
  return out.filter(Boolean);
}

/**
 * Image paths these words name, resolved against the folder the container starts in
 * (`--config=etc/app.yaml` and `/etc/app.yaml` both count).
 */
export function namedPaths(words: string[], cwd: string): string[] {
  const out = new Set<string>();
  for (const raw of words) {
    for (const part of raw.split('=')) {
      const w = part.replace(/^file:\/\//, '').replace(/[*?[{%].*$/, '');
      if (!w || w.includes('$') || !/^[\w./@+-]+$/.test(w) || w.includes('//')) continue;
      out.add(path.posix.resolve(cwd, w).replace(/\/$/, '') || '/');
    }
  }
  return [...out];
}

/** True when `target` is one of the paths, or a folder that holds one of them. */
export function reaches(paths: string[], target: string): boolean {
  return paths.some((p) => p === target || p.startsWith(`${target}/`));
}

/**
 * The image path a COPY --from=<image> put at `p` (or the copied folder that holds it), so
 * a path the program names that came from another image is carried too.
 */
export function placedByImageCopy(model: StageModel, p: string): string | null {
  for (const cp of [...model.copies].reverse()) {
    if (cp.from === null) continue;
    for (const src of cp.sources) {
      const target = cp.destIsDir ? path.posix.join(cp.dest, path.posix.basename(src)) : cp.dest;
      if (p === target || p.startsWith(`${target}/`)) return p;
    }
    // COPY --from=img /dir/ /dest/ puts the folder's contents in dest.
    if (cp.destIsDir && cp.sources.some((s) => s.endsWith('/')) && p.startsWith(`${cp.dest}/`))
      return p;
  }
  return null;
}
