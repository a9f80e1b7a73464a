// Paths a container may read at run time that the stage itself put in the image, named in
// carried ENV values and start-command arguments (used by the Java and .NET providers).
import * as path from 'path';
import type { ImageFiles } from './files';
import { allCommands, resolvePath, type StageModel } from './stage';
import { isSystemFolder } from './system-folders';

/** Expands $VAR and ${VAR} whose value is known; leaves the others as written. */
export function expandSome(word: string, vars: Record<string, string>): string {
  if (!word.includes('$')) return word;
  return word.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g, (m, a, b) => {
    const v = vars[(a ?? b) as string];
    return v !== undefined ? v : m;
  });
}

/**
 * Paths the container may read at run time that the stage itself put in the image: the
 * absolute (or working-folder-relative) paths named in carried ENV values and in the start
 * commands' arguments, kept when a COPY/ADD put a file there.
 */
export function namedRuntimePaths(
  model: StageModel,
  files: ImageFiles,
  words: string[],
  skip: (p: string) => boolean,
): string[] {
  const texts: string[] = [...words];
  for (const ins of model.carried)
    if (ins.keyword === 'ENV') for (const p of ins.pairs) texts.push(p.value ?? '');
  // Paths RUN steps name (curl -o, dotnet dev-certs -ep, cp destinations).
  const runWords = new Set(
    allCommands(model).flatMap((c) =>
      c.argv
        .slice(1)
        .filter((w) => !w.startsWith('-') && !w.includes('$') && /[/.]/.test(w))
        .map((w) => resolvePath(c.cwd, w)),
    ),
  );
  const out: string[] = [];
  for (const text of texts) {
    for (const raw of text.split(/[\s,;]+/)) {
      for (const part of raw.split(/[=]|(?<!^[a-z]+):(?!\/\/)/)) {
        const w = part.replace(/^file:/, '').replace(/^["']|["']$/g, '');
        if (!w || w.includes('$') || w.includes('*') || w.startsWith('-')) continue;
        if (
          !w.startsWith('/') &&
          !w.startsWith('./') &&
          !/^[\w.-]+\/[\w./-]*$|^[\w-]+\.\w+$/.test(w)
        )
          continue;
        const p = resolvePath(model.cwd, w).replace(/\/$/, '') || '/';
        if (isSystemFolder(p) || p === model.cwd || model.cwd.startsWith(`${p}/`)) continue;
        if (skip(p) || out.includes(p)) continue;
        const placed =
          files.contextPathOf(p) !== null ||
          runWords.has(p) ||
          model.copies.some(
            (cp) =>
              cp.dest === p ||
              (cp.destIsDir &&
                cp.sources.some((s) => path.posix.join(cp.dest, path.posix.basename(s)) === p)),
          );
        if (placed) out.push(p);
      }
    }
  }
  return out;
}
