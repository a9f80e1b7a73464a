// Settings a team keeps beside its Dockerfiles, and the warnings it has chosen not to see.
//
// - `.msconvertrc.json`, or the "msconvert" key of a package.json, found in the Dockerfile's
//   folder or the nearest parent that has one, up to the git root (a folder holding .git) or
//   the filesystem root. Keys: runtime (per language), ignore (warning codes), cache (as --cache), ignorePaths
//   (globs skipped in folder walks). Unknown keys are an error naming the file.
// - Ignore lists: for a run (--ignore), in the configuration file, or inline in a Dockerfile
//   comment (`# msconvert ignore=MSC101,MSC106`). They drop warnings only: a decline is never
//   silenced, so ignoring its code cannot force a conversion.
import * as fs from 'fs';
import * as path from 'path';
import { CODES, type Code } from './codes';
import type { ConvertResult } from './convert';

export const RC_FILE = '.msconvertrc.json';
export const PACKAGE_KEY = 'msconvert';

export interface Config {
  /** Runtime image or alias per language id: {"go": "slim"}. */
  runtime: Record<string, string>;
  /** Warning codes dropped from every report. */
  ignore: Code[];
  /** Globs, relative to the configuration's folder, that folder walks skip. */
  ignorePaths: string[];
  /** false: propose no .dockerignore (as --no-dockerignore). */
  dockerignore?: boolean;
  /** Also rewrite the builder for layer caching (--cache). */
  cache?: boolean;
}

export interface FoundConfig {
  /** The file the settings came from (.msconvertrc.json or package.json). */
  file: string;
  /** Its folder: ignorePaths are relative to it. */
  dir: string;
  config: Config;
}

/** A configuration file msconvert cannot use; the CLI prints it as one line and exits 2. */
export class ConfigError extends Error {
  readonly code: Code = 'MSC907';
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
  }
}

export type CodeKind = 'finding' | 'decline' | 'warning' | 'error';

/** What kind of message a code names, from its range; null for a string that is no code. */
export function codeKind(code: string): CodeKind | null {
  if (!Object.prototype.hasOwnProperty.call(CODES, code)) return null;
  const n = Number(code.slice(3));
  if (n === 0) return 'finding';
  if (n < 100) return 'decline';
  if (n < 900) return 'warning';
  return 'error';
}

/**
 * Warning codes from a list of flag or file values ("MSC101", "MSC101,MSC106"). Throws an
 * Error with a one-line message for anything that is not a warning code.
 */
export function parseCodeList(values: readonly string[]): Code[] {
  const out: Code[] = [];
  for (const value of values) {
    for (const part of value.split(',')) {
      const word = part.trim().toUpperCase();
      if (word === '') continue;
      const kind = codeKind(word);
      if (kind === null) throw new Error(`${part.trim()} is not an msconvert code`);
      if (kind !== 'warning') {
        throw new Error(
          `${word} is not a warning (${CODES[word as Code]}); only warnings (MSC1xx) can be ignored, and ignoring a decline would not force a conversion`,
        );
      }
      if (!out.includes(word as Code)) out.push(word as Code);
    }
  }
  return out;
}

const KEYS = ['runtime', 'ignore', 'ignorePaths', 'dockerignore', 'cache'] as const;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Checks a parsed configuration object; `where` prefixes messages (`"msconvert": `). */
export function validateConfig(
  raw: unknown,
  file: string,
  languages: readonly string[],
  where = '',
): Config {
  const fail = (msg: string): never => {
    throw new ConfigError(file, `${where}${msg}`);
  };
  if (!isObject(raw)) fail('the settings must be a JSON object');
  const obj = raw as Record<string, unknown>;
  for (const k of Object.keys(obj)) {
    if (!(KEYS as readonly string[]).includes(k))
      fail(`unknown key ${JSON.stringify(k)} (known keys: ${KEYS.join(', ')})`);
  }
  const config: Config = { runtime: {}, ignore: [], ignorePaths: [] };
  if (obj.runtime !== undefined) {
    if (!isObject(obj.runtime))
      fail('"runtime" must map a language to an image or alias, like {"go": "slim"}');
    for (const [lang, image] of Object.entries(obj.runtime as Record<string, unknown>)) {
      if (!languages.includes(lang))
        fail(`"runtime": unknown language ${JSON.stringify(lang)} (${languages.join(', ')})`);
      if (typeof image !== 'string' || image.trim() === '')
        fail(`"runtime": ${JSON.stringify(lang)} must name an image or alias`);
      config.runtime[lang] = (image as string).trim();
    }
  }
  const strings = (key: 'ignore' | 'ignorePaths'): string[] => {
    const v = obj[key];
    if (v === undefined) return [];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || x.trim() === ''))
      fail(`"${key}" must be an array of non-empty strings`);
    return v as string[];
  };
  try {
    config.ignore = parseCodeList(strings('ignore'));
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    fail(`"ignore": ${(e as Error).message}`);
  }
  config.ignorePaths = strings('ignorePaths');
  if (obj.dockerignore !== undefined) {
    if (typeof obj.dockerignore !== 'boolean') fail('"dockerignore" must be true or false');
    config.dockerignore = obj.dockerignore as boolean;
  }
  if (obj.cache !== undefined) {
    if (typeof obj.cache !== 'boolean') fail('"cache" must be true or false');
    config.cache = obj.cache as boolean;
  }
  return config;
}

function readIfFile(p: string): string | null {
  try {
    return fs.statSync(p).isFile() ? fs.readFileSync(p, 'utf8') : null;
  } catch {
    return null;
  }
}

/** Finds and reads configuration files, once per folder. */
export class ConfigFinder {
  private readonly cache = new Map<string, FoundConfig | null>();
  constructor(private readonly languages: readonly string[]) {}

  /** The configuration that applies to files in `dir`, or null. Throws ConfigError. */
  find(dir: string): FoundConfig | null {
    const visited: string[] = [];
    let found: FoundConfig | null = null;
    for (let d = path.resolve(dir); ;) {
      if (this.cache.has(d)) {
        found = this.cache.get(d) ?? null;
        break;
      }
      visited.push(d);
      found = this.read(d);
      if (found) break;
      const parent = path.dirname(d);
      if (parent === d || fs.existsSync(path.join(d, '.git'))) break;
      d = parent;
    }
    for (const v of visited) this.cache.set(v, found);
    return found;
  }

  private read(dir: string): FoundConfig | null {
    const rc = path.join(dir, RC_FILE);
    const text = readIfFile(rc);
    if (text !== null) {
      let raw: unknown;
      try {
        raw = JSON.parse(text.replace(/^\uFEFF/, ''));
      } catch (e) {
        throw new ConfigError(rc, `not valid JSON: ${(e as Error).message}`);
      }
      return { file: rc, dir, config: validateConfig(raw, rc, this.languages) };
    }
    const pkgFile = path.join(dir, 'package.json');
    const pkgText = readIfFile(pkgFile);
    if (pkgText === null) return null;
    let pkg: unknown;
    try {
      pkg = JSON.parse(pkgText.replace(/^\uFEFF/, ''));
    } catch {
      return null; // someone else's file: without a readable "msconvert" key it says nothing
    }
    if (!isObject(pkg) || pkg[PACKAGE_KEY] === undefined) return null;
    return {
      file: pkgFile,
      dir,
      config: validateConfig(pkg[PACKAGE_KEY], pkgFile, this.languages, `"${PACKAGE_KEY}": `),
    };
  }
}

/** A glob (gitignore-like: *, **, ?; no slash = any depth) as a regular expression. */
export function globToRegExp(glob: string): RegExp {
  let g = glob.trim().replace(/\\/g, '/').replace(/^\.\//, '');
  const anyDepth = !g.replace(/\/+$/, '').includes('/');
  g = g.replace(/^\/+/, '').replace(/\/+$/, '');
  let re = '';
  for (let i = 0; i < g.length; i++) {
    const c = g[i];
    if (c === '*' && g[i + 1] === '*') {
      if (g[i + 2] === '/') {
        re += '(?:.*/)?';
        i += 2;
      } else {
        re += '.*';
        i += 1;
      }
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${anyDepth ? '(?:.*/)?' : ''}${re}$`);
}

/** True when a configuration's ignorePaths cover `file` (or a folder it is in). */
export function ignoredPath(found: FoundConfig, file: string): boolean {
  if (found.config.ignorePaths.length === 0) return false;
  const rel = path.relative(found.dir, path.resolve(file)).split(path.sep).join('/');
  if (rel === '' || rel.startsWith('../') || path.isAbsolute(rel)) return false;
  const parts = rel.split('/');
  const candidates = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
  return found.config.ignorePaths.some((g) => {
    const re = globToRegExp(g);
    return candidates.some((c) => re.test(c));
  });
}

const INLINE =
  /^\uFEFF?[ \t]*#.*?\bmsconvert[ \t]+ignore[ \t]*=[ \t]*(MSC\d{3}(?:[ \t]*,[ \t]*MSC\d{3})*)/gim;

/** Codes named by `# msconvert ignore=MSC101,MSC106` comment lines anywhere in the file. */
export function inlineIgnores(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(INLINE))
    for (const c of m[1].split(',')) out.add(c.trim().toUpperCase());
  return [...out];
}

/**
 * The result without the warnings the run or the file silences. Declines, errors and the
 * output are never touched: silencing a decline's code does not force a conversion.
 */
export function dropIgnored(
  r: ConvertResult,
  text: string,
  ignore: readonly string[] = [],
): ConvertResult {
  if (r.warnings.length === 0) return r;
  const silenced = new Set([...ignore.map((c) => c.toUpperCase()), ...inlineIgnores(text)]);
  if (silenced.size === 0) return r;
  return { ...r, warnings: r.warnings.filter((w) => !silenced.has(w.code)) };
}
