// Settings a team keeps beside its Dockerfiles, and the warnings it has chosen not to see.
//
// - `.msconvertrc.json`, or the "msconvert" key of a package.json, found in the Dockerfile's
//   folder or the nearest parent that has one, up to the git root (a folder holding .git) or
//   the user's home folder, as ESLint and Prettier stop; outside both, only the Dockerfile's
//   own folder (a world-writable parent such as /tmp must not configure other people's runs). Keys: runtime (per language), ignore (warning codes), cache (as --cache), keepStart (as --keep-start), ignorePaths
//   (globs skipped in folder walks). Unknown keys are an error naming the file.
// - Ignore lists: for a run (--ignore), in the configuration file, or inline in a Dockerfile
//   comment (`# msconvert ignore=MSC101,MSC106`). They drop warnings only: a decline is never
//   silenced, so ignoring its code cannot force a conversion.
//
// This module is pure (the pure core imports it): finding and reading the files is the CLI's
// (src/cli/config-files.ts).
import * as path from 'path';
import { CODES, type Code, type Warning } from './codes';
import { compileGlob } from './glob';
import { imageReferenceProblem } from './values';

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
  /** Decline a start that builds at start instead of rewriting it (--keep-start). */
  keepStart?: boolean;
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

const KEYS = ['runtime', 'ignore', 'ignorePaths', 'dockerignore', 'cache', 'keepStart'] as const;

export function isObject(v: unknown): v is Record<string, unknown> {
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
      const bad = imageReferenceProblem((image as string).trim());
      if (bad)
        fail(`"runtime": ${JSON.stringify(lang)}: ${JSON.stringify(image)} cannot be used: ${bad}`);
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
  if (obj.keepStart !== undefined) {
    if (typeof obj.keepStart !== 'boolean') fail('"keepStart" must be true or false');
    config.keepStart = obj.keepStart as boolean;
  }
  return config;
}

/** A glob (gitignore-like: *, **, ?, [...]; no slash = any depth) as a matcher of paths. */
export function globMatcher(glob: string): { test(rel: string): boolean } {
  let g = glob.trim().replace(/\\/g, '/').replace(/^\.\//, '');
  const anyDepth = !g.replace(/\/+$/, '').includes('/');
  g = g.replace(/^\/+/, '').replace(/\/+$/, '');
  const match = compileGlob(anyDepth ? `**/${g}` : g);
  return { test: match };
}

/** True when a configuration's ignorePaths cover `file` (or a folder it is in). */
export function ignoredPath(found: FoundConfig, file: string): boolean {
  if (found.config.ignorePaths.length === 0) return false;
  const rel = path.relative(found.dir, path.resolve(file)).split(path.sep).join('/');
  if (rel === '' || rel.startsWith('../') || path.isAbsolute(rel)) return false;
  const parts = rel.split('/');
  const candidates = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
  return found.config.ignorePaths.some((g) => {
    const re = globMatcher(g);
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
export function dropIgnored<R extends { warnings: Warning[] }>(
  r: R,
  text: string,
  ignore: readonly string[] = [],
): R {
  if (r.warnings.length === 0) return r;
  const silenced = new Set([...ignore.map((c) => c.toUpperCase()), ...inlineIgnores(text)]);
  if (silenced.size === 0) return r;
  return { ...r, warnings: r.warnings.filter((w) => !silenced.has(w.code)) };
}
