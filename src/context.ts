// The build context as providers see it: a small read-only facade over a folder, with an
// in-memory twin for tests and for stdin without a folder. Providers never touch `fs`.
import * as fs from 'fs';
import * as path from 'path';

export interface BuildContext {
  /** True when the context is a real folder (or a complete in-memory one) that can be listed. */
  readonly known: boolean;
  exists(rel: string): boolean;
  isDir(rel: string): boolean;
  readText(rel: string): string | null;
  readJson<T = unknown>(rel: string): T | null;
  /** Names in a folder (directories end with '/'), or [] when absent. */
  list(rel: string): string[];
}

/** Files larger than this are treated as absent: manifests and scripts are small. */
const MAX_READ = 4 * 1024 * 1024;

function clean(rel: string): string {
  const n = path.posix.normalize(rel.replace(/\\/g, '/')).replace(/^(\.\/)+/, '');
  return n === '.' ? '' : n.replace(/\/$/, '');
}

function parseJson<T>(text: string | null): T | null {
  if (text === null) return null;
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as T;
  } catch {
    return null;
  }
}

export class FsContext implements BuildContext {
  readonly known = true;
  private readonly root: string;
  private readonly cache = new Map<string, string | null>();
  // Providers ask about the same folders again and again; the context does not change
  // during a run, so each answer is read from the disk once.
  private readonly lists = new Map<string, string[]>();
  private readonly stats = new Map<string, fs.Stats | null>();
  private stat(p: string): fs.Stats | null {
    let st = this.stats.get(p);
    if (st === undefined) {
      try {
        st = fs.statSync(p);
      } catch {
        st = null;
      }
      this.stats.set(p, st);
    }
    return st;
  }
  constructor(root: string) {
    this.root = path.resolve(root);
  }
  private realRoot: string | null = null;
  private readonly inside = new Map<string, boolean>();
  /**
   * The path of `rel` in the context, or null when it is outside: `..`, an absolute path, or a
   * symbolic link (anywhere on the way) that leads out of the context. Docker sends such a
   * link as a link and never the file it points to, so msconvert does not read through it
   * either (a `go.mod` linked to `../`, a folder linked to `/etc`).
   */
  private abs(rel: string): string | null {
    const c = clean(rel);
    if (c.startsWith('../') || c === '..' || path.posix.isAbsolute(c)) return null;
    const p = path.join(this.root, c);
    let ok = this.inside.get(p);
    if (ok === undefined) {
      if (this.realRoot === null) {
        try {
          this.realRoot = fs.realpathSync(this.root);
        } catch {
          this.realRoot = this.root;
        }
      }
      let real: string | null;
      try {
        real = fs.realpathSync(p);
      } catch {
        real = null; // absent (or a dangling link): every read finds nothing anyway
      }
      const r = real === null ? '' : path.relative(this.realRoot, real);
      ok =
        real === null ||
        r === '' ||
        (!r.startsWith(`..${path.sep}`) && r !== '..' && !path.isAbsolute(r));
      this.inside.set(p, ok);
    }
    return ok ? p : null;
  }
  exists(rel: string): boolean {
    const p = this.abs(rel);
    return p !== null && this.stat(p) !== null;
  }
  isDir(rel: string): boolean {
    const p = this.abs(rel);
    return p !== null && (this.stat(p)?.isDirectory() ?? false);
  }
  readText(rel: string): string | null {
    const p = this.abs(rel);
    if (p === null) return null;
    if (this.cache.has(p)) return this.cache.get(p) ?? null;
    let text: string | null = null;
    try {
      const st = fs.statSync(p);
      if (st.isFile() && st.size <= MAX_READ) text = fs.readFileSync(p, 'utf8');
    } catch {
      text = null;
    }
    this.cache.set(p, text);
    return text;
  }
  readJson<T>(rel: string): T | null {
    return parseJson<T>(this.readText(rel));
  }
  list(rel: string): string[] {
    const p = this.abs(rel);
    if (p === null) return [];
    let names = this.lists.get(p);
    if (names === undefined) {
      try {
        names = fs
          .readdirSync(p, { withFileTypes: true })
          .map((d) => (d.isDirectory() ? `${d.name}/` : d.name))
          .sort();
      } catch {
        names = [];
      }
      this.lists.set(p, names);
    }
    return names;
  }
}

/** A context held in memory: `files` maps relative paths to contents. */
export class MemoryContext implements BuildContext {
  private readonly files = new Map<string, string>();
  constructor(
    files: Record<string, string> = {},
    readonly known = true,
  ) {
    for (const [k, v] of Object.entries(files)) this.files.set(clean(k), v);
  }
  exists(rel: string): boolean {
    return this.files.has(clean(rel)) || this.isDir(rel);
  }
  isDir(rel: string): boolean {
    const c = clean(rel);
    if (c === '') return true;
    for (const k of this.files.keys()) if (k.startsWith(`${c}/`)) return true;
    return false;
  }
  readText(rel: string): string | null {
    return this.files.get(clean(rel)) ?? null;
  }
  readJson<T>(rel: string): T | null {
    return parseJson<T>(this.readText(rel));
  }
  list(rel: string): string[] {
    const c = clean(rel);
    const prefix = c === '' ? '' : `${c}/`;
    const out = new Set<string>();
    for (const k of this.files.keys()) {
      if (!k.startsWith(prefix)) continue;
      const rest = k.slice(prefix.length);
      const slash = rest.indexOf('/');
      out.add(slash < 0 ? rest : `${rest.slice(0, slash)}/`);
    }
    return [...out].sort();
  }
}

/** A context about which nothing is known (stdin with no folder). */
export const EMPTY_CONTEXT: BuildContext = new MemoryContext({}, false);
