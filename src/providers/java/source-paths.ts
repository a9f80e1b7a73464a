// Files a JVM program opens by a path relative to the folder it starts in (new File("data/x"),
// Paths.get("volumes/graphs"), jdbc:sqlite:db/app.db in application.properties): the jar
// does not hold them, the original had them because COPY . . put the context there. Any
// path the main sources or their application configuration spell out as a string, that the
// stage filled (its deepest existing folder or file), resolved against the start folder,
// is copied, as the Go provider does with its source's literals.
import * as path from 'path';
import type { BuildContext } from '../../context';
import { deepestFilled } from '../../analysis/filled-path';
import { addCopy } from './trace';
import { data, type PlanState } from './types';

const SOURCE = /\.(java|kt|kts|scala|groovy)$/;
const CONFIG = /^(application|bootstrap)(-[\w-]+)?\.(properties|ya?ml)$/;
/** Folders that hold no main sources: tests, build output, tools' state. */
const SKIP = new Set(['test', 'tests', 'target', 'build', 'node_modules', 'out', 'bin']);

/** The main source and configuration files of the context, bounded. */
function jvmFiles(ctx: BuildContext, limit = 600): { sources: string[]; configs: string[] } {
  const sources: string[] = [];
  const configs: string[] = [];
  const walk = (dir: string, depth: number) => {
    for (const name of ctx.list(dir)) {
      if (sources.length + configs.length >= limit) return;
      const rel = dir ? `${dir}/${name}` : name;
      if (name.endsWith('/')) {
        const base = name.slice(0, -1);
        if (depth < 10 && !SKIP.has(base) && !base.startsWith('.'))
          walk(rel.slice(0, -1), depth + 1);
      } else if (SOURCE.test(name)) sources.push(rel);
      else if (CONFIG.test(name)) configs.push(rel);
    }
  };
  walk('', 0);
  return { sources, configs };
}

/** A string that may name a file: the part before any pattern or placeholder character. */
function pathLike(raw: string): string | null {
  const lit = raw
    .replace(/^file:(\/\/)?/, '')
    .replace(/^\.\//, '')
    .replace(/[*?[{%$].*$/, '');
  return /^[\w./-]+$/.test(lit) && !lit.includes('//') && /[\w]/.test(lit) ? lit : null;
}

/** The string literals of the sources, and the words of the configuration values. */
function literals(ctx: BuildContext): Set<string> {
  const out = new Set<string>();
  const { sources, configs } = jvmFiles(ctx);
  for (const f of sources) {
    const text = ctx.readText(f) ?? '';
    // Package and import names are not strings; comments may hold quotes, which only add
    // candidates that must still exist in the image.
    for (const m of text.matchAll(/"([^"\\\n]{1,200})"/g)) {
      const p = pathLike(m[1]);
      if (p) out.add(p);
    }
  }
  for (const f of configs) {
    const text = ctx.readText(f) ?? '';
    if (text.length > 65536) continue;
    // jdbc:sqlite:volumes/app.db and file:./uploads/ name their path after the last colon.
    for (const w of text.split(/[\s"'=,;[\]{}()]+/)) {
      const p = pathLike(w.split(':').pop() ?? '');
      if (p) out.add(p);
    }
  }
  return out;
}

/** Copies what the main sources or their configuration name by a path the stage filled. */
export function sourcePathCopies(s: PlanState): void {
  const { model, files, ctx } = s.input;
  if (!ctx.known) return;
  const cwd = model.cwd;
  const buildInputs = new Set(data().buildInputs);
  for (const lit of [...literals(ctx)].sort()) {
    const abs = lit.startsWith('/');
    const parts = lit.replace(/\/$/, '').split('/').filter(Boolean);
    if (parts.length === 0) continue;
    // A bare build input ("src", "build") is a word, not the tree it names.
    if (!abs && parts.length === 1 && buildInputs.has(parts[0])) continue;
    const found = deepestFilled(files, cwd, lit);
    if (found === null || found === cwd || cwd.startsWith(`${found}/`) || found === '/') continue;
    // Only the program's data: the sources and build files stay in the builder.
    const first = path.posix.relative(cwd, found).split('/')[0];
    if (
      !abs &&
      buildInputs.has(first) &&
      !/^src\/main\/resources(\/|$)/.test(path.posix.relative(cwd, found))
    )
      continue;
    if (SOURCE.test(found)) continue;
    addCopy(
      s,
      found,
      'opened by its path relative to the start folder (named in the source or its configuration)',
    );
  }
}
