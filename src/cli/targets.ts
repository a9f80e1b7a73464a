// Finding the files a run converts: the paths given, Dockerfiles in the folders given, the
// settings that apply to each and its build context.
import * as fs from 'fs';
import * as path from 'path';
import { composeTargets, type ComposeTarget } from '../compose';
import { ignoredPath } from '../config';
import { ConfigFinder } from './config-files';
import { errorReport } from './error-report';
import { findDockerfiles, type WalkNote } from './files';
import { languages } from './flags';
import { isDir } from './settings';
import type { FileReport, Input, Options } from './types';

/** Throws ConfigError for a configuration file that cannot be used. */
export function discover(opts: Options, errors: FileReport[], notes: WalkNote[]): Input[] {
  const finder = opts.config ? new ConfigFinder(languages()) : null;
  const found: { display: string; file: string | null }[] = [];
  for (const p of opts.paths) {
    if (p === '-') {
      found.push({ display: '-', file: null });
      continue;
    }
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const why =
        code === 'ENOENT'
          ? 'no such file or folder'
          : code === 'EACCES'
            ? 'permission denied'
            : (e as Error).message;
      errors.push(errorReport(p, 'MSC901', why));
      continue;
    }
    if (st.isDirectory()) {
      const files = findDockerfiles(p, true, notes);
      if (files.length === 0)
        errors.push(errorReport(p, 'MSC901', 'no Dockerfile found in this folder'));
      for (const f of files) {
        const cfg = finder?.find(path.dirname(f)) ?? null;
        if (cfg && ignoredPath(cfg, f)) continue;
        found.push({ display: f, file: f });
      }
    } else {
      // Named files honour ignorePaths too (a pre-commit hook names every file it checks);
      // --no-ignore-paths converts them anyway.
      const cfg = opts.ignorePaths ? (finder?.find(path.dirname(p)) ?? null) : null;
      if (cfg && ignoredPath(cfg, p)) continue;
      found.push({ display: p, file: p });
    }
  }
  // Compose files beside the Dockerfiles (and in the folders given) may name other contexts.
  const dirs = new Set<string>();
  for (const f of found) if (f.file) dirs.add(path.resolve(path.dirname(f.file)));
  for (const p of opts.paths) if (p !== '-' && isDir(p)) dirs.add(path.resolve(p));
  const composed = opts.context ? new Map<string, ComposeTarget>() : composeTargets(dirs);
  return found.map((f) => ({
    ...f,
    context:
      opts.context ??
      (f.file === null
        ? process.cwd()
        : (composed.get(path.resolve(f.file))?.context ?? path.dirname(f.file))),
    compose: f.file === null ? [] : (composed.get(path.resolve(f.file))?.starts ?? []),
    config:
      finder?.find(f.file === null ? (opts.context ?? process.cwd()) : path.dirname(f.file)) ??
      null,
  }));
}

/** A path for messages: relative under the current folder, else as it is. */
export function shown(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
}
