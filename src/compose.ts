// Build contexts named by Compose files: a service's `build.context` (and `build.dockerfile`)
// wins over the Dockerfile's own folder. The YAML parser is loaded only when a Compose
// file exists, so ordinary runs do not pay for it.
import * as fs from 'fs';
import * as path from 'path';
import { isInside } from './cli/files';
import type { ComposeStart } from './compose-start';

const NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];

interface ComposeService {
  build?: string | { context?: string; dockerfile?: string };
  command?: unknown;
  entrypoint?: unknown;
}

interface ComposeFile {
  services?: Record<string, ComposeService | null>;
}

/** The nearest folder at or above `dir` that holds .git, else `dir` itself. */
function projectRoot(dir: string): string {
  for (let d = path.resolve(dir); ;) {
    if (fs.existsSync(path.join(d, '.git'))) return d;
    const parent = path.dirname(d);
    if (parent === d) return path.resolve(dir);
    d = parent;
  }
}

/** What the Compose files say about one Dockerfile: its context, and how services start it. */
export interface ComposeTarget {
  context: string;
  starts: ComposeStart[];
}

/**
 * A Compose `command:`/`entrypoint:` as words: a list as it is, a string split as Compose
 * splits it (shell-like words and quotes, no shell). A `$` is a variable Compose fills in from
 * the environment, so the words are unknown here.
 */
export function startWords(v: unknown): { words?: string[]; problem?: string } {
  if (v === undefined || v === null) return {};
  if (Array.isArray(v)) {
    if (!v.every((w) => typeof w === 'string' || typeof w === 'number'))
      return { problem: 'a list with values that are not strings' };
    const words = v.map(String);
    return words.some((w) => w.includes('$'))
      ? { problem: 'a variable Compose fills in' }
      : { words };
  }
  if (typeof v !== 'string') return { problem: 'neither a string nor a list' };
  if (v.includes('$')) return { problem: 'a variable Compose fills in' };
  const words: string[] = [];
  let cur: string | null = null;
  let quote: string | null = null;
  for (const c of v) {
    if (quote) {
      if (c === quote) quote = null;
      else cur += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      cur ??= '';
    } else if (c === '\\') {
      return { problem: 'a backslash escape' };
    } else if (/\s/.test(c)) {
      if (cur !== null) words.push(cur);
      cur = null;
    } else cur = (cur ?? '') + c;
  }
  if (quote) return { problem: 'an unclosed quote' };
  if (cur !== null) words.push(cur);
  return { words };
}

/** A path for messages: relative under the current folder, else as it is. */
function shownPath(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
}

function startOf(name: string, file: string, svc: ComposeService): ComposeStart {
  const command = startWords(svc.command);
  const entrypoint = startWords(svc.entrypoint);
  return {
    service: name,
    file,
    ...(command.words ? { command: command.words } : {}),
    ...(entrypoint.words ? { entrypoint: entrypoint.words } : {}),
    ...(command.problem || entrypoint.problem
      ? { problem: (command.problem ?? entrypoint.problem) as string }
      : {}),
  };
}

/** The starts of the services a Compose file's text builds (for one Dockerfile's tests). */
export function composeStarts(text: string, file = 'compose.yaml'): ComposeStart[] {
  const doc = (require('yaml') as typeof import('yaml')).parse(text) as ComposeFile;
  return Object.entries(doc?.services ?? {}).flatMap(([name, svc]) =>
    svc?.build ? [startOf(name, file, svc)] : [],
  );
}

/** Absolute Dockerfile path -> its context and starts, from the Compose files in `dirs`. */
export function composeTargets(dirs: Iterable<string>): Map<string, ComposeTarget> {
  const out = new Map<string, ComposeTarget>();
  for (const dir of dirs) {
    for (const name of NAMES) {
      const file = path.join(dir, name);
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch {
        continue;
      }
      let doc: ComposeFile;
      try {
        doc = (require('yaml') as typeof import('yaml')).parse(text) as ComposeFile;
      } catch {
        continue; // A broken Compose file is the user's to fix; the folder default applies.
      }
      for (const [svcName, svc] of Object.entries(doc?.services ?? {})) {
        const build = svc?.build;
        if (!svc || !build) continue;
        const context = path.resolve(
          dir,
          typeof build === 'string' ? build : (build.context ?? '.'),
        );
        const dockerfile =
          typeof build === 'string' ? 'Dockerfile' : (build.dockerfile ?? 'Dockerfile');
        // A context outside the Compose file's repository (`context: /etc`, `../../..`) would
        // make msconvert read files the checked-out project does not hold: the folder default
        // applies instead.
        if (!isInside(projectRoot(dir), context)) continue;
        const key = path.resolve(context, dockerfile);
        const target = out.get(key) ?? { context, starts: [] };
        target.context = context;
        target.starts.push(startOf(svcName, shownPath(file), svc));
        out.set(key, target);
      }
    }
  }
  return out;
}

/** Absolute Dockerfile path -> absolute context folder, from the Compose files in `dirs`. */
export function composeContexts(dirs: Iterable<string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, t] of composeTargets(dirs)) out.set(k, t.context);
  return out;
}
