// Tracing a path the JVM reads at start (a jar, a class path entry, an agent) to what the
// build wrote or the stage placed, and adding the copy that brings it along.
import * as path from 'path';
import { globToRegExp } from '../../analysis/files';
import { expandSome } from '../../analysis/runtime-paths';
import { resolvePath } from '../../analysis/stage';
import { matchOutputs } from './builds';
import type { PlanState } from './types';

export function addCopy(s: PlanState, file: string, why: string): void {
  // A folder the stage made to hold the file holds only what the stage put there: copied
  // whole, as the shared planner copies such folders anyway.
  const p = s.mkdirs.has(path.posix.dirname(file)) ? path.posix.dirname(file) : file;
  if (s.copies.some((c) => c.src === p || p.startsWith(`${c.src}/`))) return;
  for (let i = s.copies.length - 1; i >= 0; i--)
    if (s.copies[i].src.startsWith(`${p}/`)) s.copies.splice(i, 1);
  s.copies.push({ from: s.input.builderName, src: p, dest: p, why });
}

export function placedByCopy(s: PlanState, p: string): boolean {
  return (
    s.input.files.contextPathOf(p) !== null ||
    s.input.model.copies.some(
      (cp) =>
        cp.dest === p ||
        (cp.destIsDir &&
          cp.sources.some((src) => path.posix.join(cp.dest, path.posix.basename(src)) === p)),
    )
  );
}

export function namedByRun(s: PlanState, p: string): boolean {
  return s.commands.some((c) =>
    c.argv.slice(1).some((w) => !w.startsWith('-') && resolvePath(c.cwd, w) === p),
  );
}

/** Traces one path the JVM reads at start and copies it; returns a decline reason or null. */
export function trace(
  s: PlanState,
  written: string,
  role: string,
  shellForm: boolean,
  wildcardDir = false,
): string | null {
  const { out, moved, input } = s;
  const cwd = input.model.cwd;
  const raw = expandSome(written, s.env);
  if (raw === '') return `${role} has no file name after it.`;
  if (raw.includes('$'))
    return `${role} ${written} names its file through a variable msconvert cannot resolve; name the file.`;
  const abs = resolvePath(cwd, raw);
  if (/[*?[]/.test(abs) && !wildcardDir) return traceGlob(s, raw, abs, role, shellForm);
  const p = wildcardDir ? abs.replace(/\/\*$/, '') : abs;
  if (s.mounts.some((mt) => p === mt || p.startsWith(`${mt}/`)))
    return `${role} ${raw} is written inside a RUN --mount, so it never reaches the image.`;
  const artifact = out.artifacts.find((a) => a.path === p || (a.dir && p.startsWith(`${a.path}/`)));
  if (artifact) {
    addCopy(s, artifact.dir && artifact.path !== p ? artifact.path : p, artifact.why);
    return null;
  }
  if (moved.has(p)) {
    addCopy(
      s,
      p,
      `copied there from ${path.posix.relative(cwd, moved.get(p) as string)} by a RUN step`,
    );
    return null;
  }
  const doubt = out.uncertain.find(
    (u) =>
      u.dir === path.posix.dirname(p) &&
      (u.name ?? path.posix.basename(p)) === path.posix.basename(p),
  );
  if (doubt)
    return `${role} ${raw} is not a file msconvert can trace to the build (${doubt.why}); name the file pom.xml or the Gradle build writes.`;
  // An archive directly in a build folder whose contents pom.xml or the Gradle build tell:
  // it must be one of them.
  const listing = out.dirs.get(path.posix.dirname(p));
  if (listing?.complete && !namedByRun(s, p)) {
    const names = [...listing.names];
    return `${role} ${raw} is not an archive the build writes (${names.length ? `it writes ${names.join(', ')}` : 'it writes none there'}); name one of those files or fix the build's archive name.`;
  }
  // Deeper in a build folder (a classes folder, an archive unpacked there).
  const underOutput =
    [...out.dirs.keys()].some((dir) => p.startsWith(`${dir}/`)) ||
    [...s.produced].some((dir) => p === dir || p.startsWith(`${dir}/`));
  if (underOutput) {
    addCopy(s, p, 'written by the build');
    return null;
  }
  if (placedByCopy(s, p) || namedByRun(s, p)) {
    addCopy(s, p, 'placed by the original stage');
    return null;
  }
  const why = out.unknown.length ? ` (${out.unknown[0]})` : '';
  return `${role} ${raw} is not a file msconvert can trace to the build${why}; name the file pom.xml or the Gradle build writes.`;
}

/** A glob after java -jar: only in shell form, and only when it matches exactly one archive. */
export function traceGlob(
  s: PlanState,
  raw: string,
  abs: string,
  role: string,
  shellForm: boolean,
): string | null {
  if (!shellForm)
    return `${role} ${raw} is a glob in exec form, which no shell expands; name the file (msconvert reads it from pom.xml or the Gradle build).`;
  const m = matchOutputs(s.out, abs);
  if (m.files.length === 1 && m.complete) {
    const why = s.out.artifacts.find((a) => a.path === m.files[0])?.why ?? 'build output';
    addCopy(s, m.files[0], `the one file ${raw} matches (${why})`);
    s.notes.push(
      `${raw} matches only ${path.posix.basename(m.files[0])}, the file copied, so the glob still finds it at run time`,
    );
    return null;
  }
  const re = globToRegExp(path.posix.basename(abs));
  const viaMove = [...s.moved.keys()].filter(
    (k) => path.posix.dirname(k) === path.posix.dirname(abs) && re.test(path.posix.basename(k)),
  );
  if (m.files.length === 0 && viaMove.length === 1 && !s.out.dirs.has(path.posix.dirname(abs))) {
    addCopy(s, viaMove[0], `the one file ${raw} matches`);
    return null;
  }
  const matches = m.files.map((f) => path.posix.basename(f)).join(', ');
  return `${role} ${raw} is a glob and msconvert cannot show that it matches exactly one build output${m.files.length > 1 ? ` (it matches ${matches})` : ''}; name the file in the start command.`;
}
