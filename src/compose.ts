// Build contexts named by Compose files: a service's `build.context` (and `build.dockerfile`)
// wins over the Dockerfile's own folder. The YAML parser is loaded only when a Compose
// file exists, so ordinary runs do not pay for it.
import * as fs from 'fs';
import * as path from 'path';
import { isInside } from './cli/files';
import type { ComposeStart } from './compose-start';

const NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];
// The override file `docker compose` applies to the default file of its folder (the first found).
const OVERRIDES = [
  'compose.override.yml',
  'compose.override.yaml',
  'docker-compose.override.yml',
  'docker-compose.override.yaml',
];

interface ComposeService {
  build?: string | { context?: string; dockerfile?: string } | null;
  command?: unknown;
  entrypoint?: unknown;
  profiles?: unknown[];
  extends?: string | { service?: unknown; file?: unknown } | null;
  /** Set here when the service cannot be read exactly (an `extends:` msconvert cannot follow). */
  problem?: string;
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
  const problem = command.problem ?? entrypoint.problem ?? svc.problem;
  const profiles = Array.isArray(svc.profiles) ? svc.profiles.map(String) : [];
  return {
    service: name,
    file,
    ...(command.words ? { command: command.words } : {}),
    ...(entrypoint.words ? { entrypoint: entrypoint.words } : {}),
    ...(problem ? { problem } : {}),
    ...(profiles.length ? { profiles } : {}),
  };
}

type Build = { context?: string; dockerfile?: string };

/** `build:` as a mapping (a string is the context). */
function buildOf(b: ComposeService['build']): Build | undefined {
  if (b === undefined || b === null) return undefined;
  return typeof b === 'string' ? { context: b } : b;
}

/**
 * `over` laid on `base` as Compose merges an override file or an `extends:` (single values
 * such as command and entrypoint are replaced, the build mapping is merged key by key).
 */
function merged(base: ComposeService, over: ComposeService): ComposeService {
  const b = buildOf(base.build);
  const o = buildOf(over.build);
  const build = b || o ? { ...b, ...o } : undefined;
  return { ...base, ...over, ...(build ? { build } : {}) };
}

/** A parsed Compose file and the folder its relative paths start from. */
interface Doc {
  file: string;
  dir: string;
  services: Record<string, ComposeService | null>;
}

function readDoc(file: string): Doc | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  try {
    const doc = (require('yaml') as typeof import('yaml')).parse(text) as ComposeFile;
    return { file, dir: path.dirname(file), services: doc?.services ?? {} };
  } catch {
    return null; // A broken Compose file is the user's to fix; the folder default applies.
  }
}

/** A service with its `extends:` applied, its context made absolute, and the files read. */
interface Resolved {
  svc: ComposeService;
  /** The build context, absolute, when a `build.context` (or `build: <folder>`) gives it. */
  context?: string;
  files: string[];
}

const EXTENDS_DEPTH = 8;

/**
 * The service as Compose reads it: `extends:` (of the same file or of `file:` inside the
 * project) laid under it. When a base cannot be read exactly, the service keeps its own
 * settings and a problem that makes its start unreadable.
 */
function resolveService(doc: Doc, name: string, root: string, depth = 0): Resolved | null {
  const svc = doc.services[name];
  if (!svc || typeof svc !== 'object') return null;
  const own = buildOf(svc.build);
  const here: Resolved = {
    svc,
    context: own?.context !== undefined ? path.resolve(doc.dir, String(own.context)) : undefined,
    files: [doc.file],
  };
  const ext = svc.extends;
  if (ext === undefined || ext === null) return here;
  const spec = typeof ext === 'string' ? { service: ext } : ext;
  const baseFile = spec?.file ? path.resolve(doc.dir, String(spec.file)) : doc.file;
  const baseDoc =
    depth < EXTENDS_DEPTH && typeof spec?.service === 'string' && isInside(root, baseFile)
      ? baseFile === doc.file
        ? doc
        : readDoc(baseFile)
      : null;
  const base = baseDoc ? resolveService(baseDoc, String(spec.service), root, depth + 1) : null;
  if (!base)
    return {
      ...here,
      svc: {
        ...svc,
        problem: `it extends a service msconvert cannot read (${JSON.stringify(ext)})`,
      },
    };
  return {
    svc: merged(base.svc, svc),
    context: here.context ?? base.context,
    files: [...new Set([...here.files, ...base.files])],
  };
}

/** The starts of the services a Compose file's text builds (for one Dockerfile's tests). */
export function composeStarts(text: string, file = 'compose.yaml'): ComposeStart[] {
  const doc = (require('yaml') as typeof import('yaml')).parse(text) as ComposeFile;
  const d: Doc = { file, dir: '.', services: doc?.services ?? {} };
  return Object.keys(d.services).flatMap((name) => {
    const r = resolveService(d, name, path.resolve('.'));
    return r?.svc.build ? [startOf(name, file, r.svc)] : [];
  });
}

/** The override file Compose applies to the default file of a folder, if any. */
function overrideOf(dir: string): Doc | null {
  for (const name of OVERRIDES) {
    const d = readDoc(path.join(dir, name));
    if (d) return d;
  }
  return null;
}

/** Absolute Dockerfile path -> its context and starts, from the Compose files in `dirs`. */
export function composeTargets(dirs: Iterable<string>): Map<string, ComposeTarget> {
  const out = new Map<string, ComposeTarget>();
  for (const dir of dirs) {
    const root = projectRoot(dir);
    const override = overrideOf(dir);
    for (const name of NAMES) {
      const doc = readDoc(path.join(dir, name));
      if (!doc) continue;
      const names = new Set([
        ...Object.keys(doc.services),
        ...Object.keys(override?.services ?? {}),
      ]);
      for (const svcName of names) {
        const main = resolveService(doc, svcName, root);
        const over = override ? resolveService(override, svcName, root) : null;
        if (!main && !over) continue;
        // Compose lays the override file over the default one, service by service.
        const svc = main && over ? merged(main.svc, over.svc) : (over ?? main)!.svc;
        const build = buildOf(svc.build);
        if (!build) continue;
        const context = over?.context ?? main?.context ?? dir;
        // A context outside the Compose file's repository (`context: /etc`, `../../..`) would
        // make msconvert read files the checked-out project does not hold: the folder default
        // applies instead.
        if (!isInside(root, context)) continue;
        const key = path.resolve(context, build.dockerfile ?? 'Dockerfile');
        const files = [...new Set([...(main?.files ?? []), ...(over?.files ?? [])])];
        const target = out.get(key) ?? { context, starts: [] };
        target.context = context;
        target.starts.push(startOf(svcName, files.map(shownPath).join(' + '), svc));
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
