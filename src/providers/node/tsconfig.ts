// Where `tsc -p tsconfig.json` puts the JavaScript of one TypeScript entry file, read from the
// project's tsconfig as the image has it. Only what can be computed exactly is answered: an
// option that changes what is emitted or how node would resolve the output (noEmit, allowJs,
// path aliases, ES modules, project references) gives the reason instead, and the start is
// then left as it was.
import * as path from 'path';
import type { ImageFiles } from '../../analysis/files';

export type Emitted =
  | { js: string; outDir: string | null; moved: boolean; sources: string[]; jsonModules: boolean }
  | { why: string };

interface Options {
  [key: string]: unknown;
}

/** JSON with comments and trailing commas, as tsc reads tsconfig files; null when unreadable. */
export function parseJsonc(text: string): unknown {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      out += text.slice(start, i + 1);
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) return null;
      i = end + 1;
    } else out += c;
  }
  try {
    return JSON.parse(out.replace(/,(\s*[}\]])/g, '$1'));
  } catch {
    return null;
  }
}

/** Options that make the emitted files differ from `<outDir>/<path from rootDir>.js`. */
const UNMAPPED: Record<string, string> = {
  noEmit: 'noEmit is set, so tsc writes no JavaScript',
  emitDeclarationOnly: 'emitDeclarationOnly is set, so tsc writes no JavaScript',
  allowJs: 'allowJs mixes JavaScript sources into the output',
  outFile: 'outFile bundles the program into one file',
  out: 'out bundles the program into one file',
  paths: 'path aliases (paths) need a resolver such as tsconfig-paths at run time',
  baseUrl: 'baseUrl lets imports resolve in ways node does not at run time',
  rootDirs: 'rootDirs merges folders in ways the output does not',
  composite: 'a composite project is built with tsc -b and its references',
  plugins: 'compiler plugins may change what is emitted',
};

/**
 * ts-node options that change nothing tsc emits for a CommonJS program: how it type-checks
 * (transpileOnly, files), reports errors, or its ES module loader (esm).
 */
const TS_NODE_SAFE = new Set(['esm', 'transpileOnly', 'files', 'pretty', 'logError']);

interface Config {
  options: Options;
  /** The image folder of the config file that set each path option. */
  base: Record<string, string>;
  include?: string[];
  exclude?: string[];
  files?: string[];
  /** Folder of the config file that gave include/exclude/files. */
  listBase: string;
}

/** The tsconfig at an image path with its relative `extends` chain merged, or the reason not. */
export function readConfig(files: ImageFiles, file: string, depth = 0): Config | { why: string } {
  const text = files.readByImagePath(file);
  if (text === null) return { why: `${file} is not in the image` };
  const json = parseJsonc(text) as Record<string, unknown> | null;
  if (!json || typeof json !== 'object') return { why: `${file} cannot be read as JSON` };
  const dir = path.posix.dirname(file);
  let cfg: Config = { options: {}, base: {}, listBase: dir };
  if (json.extends !== undefined) {
    const ext = json.extends;
    if (typeof ext !== 'string' || !ext.startsWith('.') || depth > 4)
      return { why: `${file} extends ${JSON.stringify(ext)}, which msconvert does not read` };
    const target = path.posix.join(dir, ext.endsWith('.json') ? ext : `${ext}.json`);
    const parent = readConfig(files, target, depth + 1);
    if ('why' in parent) return parent;
    cfg = parent;
  }
  if (json.references !== undefined)
    return { why: `${file} has project references, built with tsc -b` };
  const tsNode = json['ts-node'];
  const odd =
    tsNode === undefined
      ? undefined
      : typeof tsNode !== 'object' || tsNode === null
        ? 'ts-node'
        : Object.keys(tsNode).find((k) => !TS_NODE_SAFE.has(k));
  if (odd !== undefined)
    return { why: `${file} sets "${odd}" for ts-node, which tsc does not read` };
  const own = (json.compilerOptions ?? {}) as Options;
  for (const [k, v] of Object.entries(own)) {
    cfg.options[k] = v;
    cfg.base[k] = dir;
  }
  for (const key of ['include', 'exclude', 'files'] as const) {
    if (json[key] === undefined) continue;
    if (!Array.isArray(json[key]) || !(json[key] as unknown[]).every((x) => typeof x === 'string'))
      return { why: `${file} has a ${key} that is not a list of paths` };
    cfg[key] = json[key] as string[];
    cfg.listBase = dir;
  }
  return cfg;
}

/**
 * An include or exclude entry as the folder it covers ('' for all) and the extensions it takes,
 * or null when it is not one of the plain forms: a folder, or a folder followed by a globstar
 * alone, with any file, or with files ending in .ts or .tsx.
 */
export function folderOf(pattern: string): { dir: string; ext: RegExp } | null {
  const p = pattern.replace(/^\.\//, '').replace(/\/$/, '');
  const m = /^(.*?)(?:\/?\*\*(?:\/\*(\.tsx?)?)?)?$/.exec(p);
  if (!m || p.includes('..')) return null;
  const dir = m[1];
  if (dir !== '' && !/^([\w@.-]+\/)*[\w@.-]+$/.test(dir)) return null;
  const ext = m[2] === '.ts' ? /\.ts$/ : m[2] === '.tsx' ? /\.tsx$/ : /\.(c|m)?tsx?$/;
  return { dir, ext };
}

const SKIPPED = new Set(['node_modules', 'bower_components', 'jspm_packages']);

/** The TypeScript sources under an image folder (folders tsc never expands skipped). */
export function sourcesUnder(
  files: ImageFiles,
  dir: string,
  skip: Set<string>,
  ext: RegExp,
  out: string[],
  depth = 0,
): void {
  if (depth > 12 || out.length > 5000) return;
  for (const name of files.list(dir)) {
    if (name.startsWith('.')) continue;
    const full = path.posix.join(dir, name);
    if (name.endsWith('/')) {
      const folder = full.replace(/\/$/, '');
      if (!SKIPPED.has(name.slice(0, -1)) && !skip.has(folder))
        sourcesUnder(files, folder, skip, ext, out, depth + 1);
    } else if (ext.test(name) && !/\.d\.(c|m)?ts$/.test(name) && !out.includes(full))
      out.push(full);
  }
}

export function commonDir(paths: string[]): string {
  let parts = path.posix.dirname(paths[0]).split('/');
  for (const p of paths.slice(1)) {
    const other = path.posix.dirname(p).split('/');
    let i = 0;
    while (i < parts.length && i < other.length && parts[i] === other[i]) i++;
    parts = parts.slice(0, i);
  }
  return parts.join('/') || '/';
}

/** The module system tsc emits, against how node reads `.js` in this package. */
function moduleProblem(options: Options, packageType: string | undefined): string | null {
  const mod = typeof options.module === 'string' ? options.module.toLowerCase() : null;
  const target = typeof options.target === 'string' ? options.target.toLowerCase() : 'es5';
  const esm = packageType === 'module';
  if (mod && /^node(16|18|20|next)$/.test(mod)) return null;
  const emitsCjs = mod ? mod === 'commonjs' : target === 'es3' || target === 'es5';
  if (!emitsCjs)
    return `tsc emits ES modules here (module ${mod ?? `default for target ${target}`}), whose imports node resolves differently from the TypeScript runner`;
  if (esm)
    return 'tsc emits CommonJS while package.json says "type": "module", so node would read the output as ES modules';
  return null;
}

/**
 * The JavaScript `tsc -p <config>` emits for `entry` (image paths), or why it cannot be said.
 * `moved` is true when the output lands in another folder than its source.
 */
export function emittedFile(
  files: ImageFiles,
  config: string,
  entry: string,
  packageType: string | undefined,
): Emitted {
  const cfg = readConfig(files, config);
  if ('why' in cfg) return cfg;
  const { options } = cfg;
  for (const [k, why] of Object.entries(UNMAPPED)) {
    if (options[k] !== undefined && options[k] !== false && options[k] !== null) return { why };
  }
  const mod = moduleProblem(options, packageType);
  if (mod) return { why: mod };
  if (!/\.tsx?$/.test(entry) || entry.endsWith('.d.ts'))
    return { why: `the entry ${entry} is not a .ts file` };
  if (options.jsx === 'preserve' && entry.endsWith('.tsx'))
    return { why: 'jsx: preserve emits .jsx files' };
  const at = (k: string) =>
    typeof options[k] === 'string' ? path.posix.join(cfg.base[k], options[k] as string) : null;
  const outDir = at('outDir');
  const skip = new Set<string>(outDir ? [outDir] : []);
  for (const e of cfg.exclude ?? []) {
    const f = folderOf(e);
    if (f === null || f.dir === '' || f.ext.source !== /\.(c|m)?tsx?$/.source)
      return { why: `the tsconfig exclude "${e}" is not a plain folder` };
    skip.add(path.posix.join(cfg.listBase, f.dir));
  }
  const sources: string[] = [];
  for (const f of cfg.files ?? []) sources.push(path.posix.join(cfg.listBase, f));
  for (const inc of cfg.include ?? (cfg.files ? [] : ['**/*'])) {
    const f = folderOf(inc);
    if (f === null) return { why: `the tsconfig include "${inc}" is not a plain folder` };
    sourcesUnder(files, path.posix.join(cfg.listBase, f.dir), skip, f.ext, sources);
  }
  if (!sources.includes(entry))
    return { why: `${entry} is not among the files the tsconfig compiles` };
  const rootDir = at('rootDir') ?? commonDir(sources);
  const rel = path.posix.relative(rootDir, entry);
  if (rel.startsWith('..')) return { why: `${entry} is outside the tsconfig's rootDir` };
  const js = path.posix.join(outDir ?? rootDir, rel).replace(/\.tsx?$/, '.js');
  const moved = path.posix.dirname(js) !== path.posix.dirname(entry);
  return { js, outDir, moved, sources, jsonModules: options.resolveJsonModule === true };
}

/**
 * True when a source finds files next to itself (__dirname, import.meta, a relative require of
 * a non-code file): with the output in another folder, that lookup would miss.
 */
export function readsBesideItself(
  files: ImageFiles,
  sources: string[],
  jsonModules: boolean,
): string | null {
  for (const s of sources) {
    const text = files.readByImagePath(s) ?? '';
    const beside = /\b__dirname\b|\b__filename\b|\bimport\.meta\b/.exec(text);
    if (beside) return `${s} uses ${beside[0]}`;
    // With resolveJsonModule, tsc writes the JSON an import names into the output as well.
    const re = /(require\s*\(|from)\s*['"]\.{1,2}\/[^'"]*\.(?!(?:c|m)?[jt]sx?['"])(\w+)['"]/g;
    for (let m = re.exec(text); m; m = re.exec(text))
      if (!(jsonModules && m[1] === 'from' && m[2] === 'json')) return `${s} uses ${m[0].trim()}`;
  }
  return null;
}
