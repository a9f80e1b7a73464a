// Files the program reads at run time: conventional folders and config files, any top-level
// entry the Rust source names in a string, and the scripts the start command runs.
import * as path from 'path';
import type { StartNeeds } from '../../analysis/needs';
import { startDirs } from '../../analysis/start-dirs';
import type { CopySpec, ProviderInput } from '../contract';
import { inside } from './follow';
import { data, type Output } from './types';

function rustSources(input: ProviderInput, limit = 400): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    for (const name of input.ctx.list(dir)) {
      if (out.length >= limit) return;
      const rel = dir ? `${dir}/${name}` : name;
      if (name.endsWith('/')) {
        const base = name.slice(0, -1);
        if (
          depth < 6 &&
          !['target', 'vendor', 'node_modules'].includes(base) &&
          !base.startsWith('.')
        )
          walk(rel.slice(0, -1), depth + 1);
      } else if (name.endsWith('.rs')) out.push(rel);
    }
  };
  walk('', 0);
  return out;
}

/** Names the Rust source uses in string literals ("static/...", "./config.toml"). */
function sourceLiterals(input: ProviderInput): Set<string> {
  const literals = new Set<string>();
  const sources = input.ctx.known ? rustSources(input) : [];
  for (const f of sources) {
    for (const m of (input.ctx.readText(f) ?? '').matchAll(
      /"(?:\.\/)?([A-Za-z0-9_.-]+)(?:\/[^"\n]*)?"/g,
    ))
      literals.add(m[1]);
  }
  return literals;
}

/** The binaries, copied to the same absolute paths. */
export function binaryCopies(input: ProviderInput, outputs: Output[]): CopySpec[] {
  return outputs.map((o) => ({ from: input.builderName, src: o.path, dest: o.path, why: o.why }));
}

/** Adds the copies of what the program reads at run time to `copies`. */
export function runtimeFileCopies(
  input: ProviderInput,
  needs: StartNeeds,
  executables: string[],
  copies: CopySpec[],
): void {
  const { model, files } = input;
  const d = data();
  const literals = sourceLiterals(input);
  const ignored = new Set(d.ignoredEntries);
  const filePattern = new RegExp(d.runtimeFilePattern);
  // Top-level context entries wherever they were copied, and the entries of the folders
  // the program starts in (the WORKDIR, or where a `cd` in the start went) by their image
  // path (COPY app/ . puts app/static at ./static).
  const entries: [string, string[]][] = input.ctx
    .list('')
    .map((e): [string, string[]] => [e, files.imagePathsFor(e.replace(/\/$/, ''))]);
  for (const dir of startDirs(model, needs, executables))
    if (dir !== '/')
      for (const e of files.list(dir))
        entries.push([e, [path.posix.join(dir, e.replace(/\/$/, ''))]]);
  for (const [entry, targets] of entries) {
    const isDir = entry.endsWith('/');
    const name = isDir ? entry.slice(0, -1) : entry;
    if (name.endsWith('.rs') || name.startsWith('Dockerfile') || name.endsWith('.md')) continue;
    const conventional = isDir ? d.runtimeDirs.includes(name) : filePattern.test(name);
    const referenced = literals.has(name) && !ignored.has(name);
    if (!conventional && !referenced) continue;
    for (const target of targets) {
      if (executables.some((p) => inside(p, target))) continue;
      if (copies.some((c) => c.src === target)) continue;
      copies.push({
        from: input.builderName,
        src: target,
        dest: target,
        why: conventional ? 'read at run time (conventional name)' : 'named in the Rust source',
      });
    }
  }
  for (const s of needs.scripts) {
    if (!copies.some((c) => c.src === s.imagePath || inside(s.imagePath, c.src)))
      copies.push({
        from: input.builderName,
        src: s.imagePath,
        dest: s.imagePath,
        why: 'script run at start',
      });
  }
}
