// What the started app loads: the static require/import graph from its entry files through
// the copied sources, as the package names it reaches. Pruning devDependencies is right only
// when every one of those is a production package; when the graph cannot be followed (built
// output that is not in the context, a require of a computed name), all sources that reach
// the image are read instead, and a computed package name means "cannot tell".
import { builtinModules } from 'module';
import * as path from 'path';
import type { BuildContext } from '../../context';
import type { ImageFiles } from '../../analysis/files';

export interface Loaded {
  /** Package names the app's own code loads. */
  packages: Set<string>;
  /** Why the entry graph could not be followed, or null. */
  incomplete: string | null;
  /** Why nothing can be said at all (a computed package name), or null. */
  unknowable: string | null;
}

const BUILTIN = new Set(builtinModules.map((m) => m.replace(/^node:/, '').split('/')[0]));
const SOURCE = /\.(c|m)?(j|t)sx?$/;
const EXTS = ['.js', '.cjs', '.mjs', '.json', '.node', '.ts', '.tsx', '.mts', '.cts', '.jsx'];
const SKIP_DIRS = new Set(['node_modules', '.git', 'test', 'tests', '__tests__', 'coverage']);
const MAX_FILES = 3000;

/** The package a bare specifier names (lodash/fp -> lodash, @a/b/c -> @a/b), or null. */
export function packageOf(spec: string): string | null {
  if (spec.startsWith('node:')) return null;
  const parts = spec.split('/');
  const name = spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  if (!spec.startsWith('@') && BUILTIN.has(name)) return null;
  return name;
}

interface Specifiers {
  literal: string[];
  /** Computed requires/imports: 'path' when the argument is built from a path. */
  computed: ('path' | 'name')[];
}

/** The modules a JavaScript or TypeScript text loads. Type-only imports load nothing. */
export function specifiers(text: string): Specifiers {
  const literal: string[] = [];
  const computed: ('path' | 'name')[] = [];
  for (const m of text.matchAll(
    /\b(require(?:\.resolve)?|import)\s*\(\s*(?:(['"])([^'"\n]+)\2|`([^`$\n]+)`)\s*[,)]/g,
  ))
    literal.push(m[3] ?? m[4]);
  for (const m of text.matchAll(
    /\b(?:require(?:\.resolve)?|import)\s*\(\s*([^'"`\s)][^)\n]{0,80}|`[^`\n]*\$\{[^)\n]{0,80})/g,
  )) {
    // `import(` in a type position or a word like `required(` is not a load.
    const arg = m[1];
    if (/^\)/.test(arg)) continue;
    computed.push(
      /__dirname|__filename|import\.meta|path\.|process\.cwd|^`?\.{1,2}\//.test(arg)
        ? 'path'
        : 'name',
    );
  }
  for (const m of text.matchAll(
    /(?:^|[;\n}])\s*(?:import|export)\s+(type\s+)?(?:[\w*$\s{},]*?\s*from\s*)?(['"])([^'"\n]+)\2/g,
  )) {
    if (!m[1]) literal.push(m[3]);
  }
  return { literal, computed };
}

/** Follows the static graph from the entry files (image paths). */
export function loadedPackages(
  entries: string[],
  preloads: string[],
  files: ImageFiles,
  ctx: BuildContext,
  roots: string[],
  mapBuilt: (imagePath: string) => string | null,
  opaque: string | null = null,
  noSourcesIsFine = false,
): Loaded {
  const packages = new Set<string>();
  let incomplete: string | null = opaque;
  let missing = false;
  let unknowable: string | null = null;
  for (const p of preloads) addSpecifier(p, null);
  const seen = new Set<string>();
  const queue: string[] = [];
  for (const e of entries) {
    const found = resolveFile(e) ?? resolveFile(mapBuilt(e) ?? '');
    if (found) queue.push(found);
    else {
      missing = true;
      incomplete ??= `${e} is not in the build context (the build makes it)`;
    }
  }
  while (queue.length > 0 && seen.size < MAX_FILES) {
    const file = queue.shift() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    if (!SOURCE.test(file)) continue;
    const text = files.readByImagePath(file) ?? '';
    const s = specifiers(text);
    for (const c of s.computed) {
      if (c === 'name') unknowable ??= `${file} loads a module whose name it computes`;
      else incomplete ??= `${file} loads files by a computed path`;
    }
    for (const spec of s.literal) {
      const next = addSpecifier(spec, file);
      if (next) queue.push(next);
    }
  }
  if (incomplete && !unknowable) {
    // Every source file that reaches the app's folders, tests left out.
    const scanned = scanSources(files, ctx, roots);
    if (scanned === null || (scanned.length === 0 && !(noSourcesIsFine && !missing))) {
      unknowable = `${incomplete}, and msconvert cannot read the sources it is made from`;
    } else {
      for (const rel of scanned) {
        const s = specifiers(ctx.readText(rel) ?? '');
        if (s.computed.includes('name'))
          unknowable ??= `${rel} loads a module whose name it computes`;
        for (const spec of s.literal) {
          if (spec.startsWith('.') || spec.startsWith('/')) continue;
          if (spec.startsWith('#')) continue;
          const pkg = packageOf(spec);
          if (pkg) packages.add(pkg);
        }
      }
    }
  }
  return { packages, incomplete, unknowable };

  function addSpecifier(spec: string, from: string | null): string | null {
    if (spec.startsWith('.') || spec.startsWith('/')) {
      if (from === null) return null;
      const base = path.posix.resolve(path.posix.dirname(from), spec);
      const found = resolveFile(base) ?? resolveFile(base.replace(/\.(c|m)?js$/, ''));
      if (!found) {
        missing = true;
        incomplete ??= `${spec} (loaded by ${from}) is not in the build context`;
      }
      return found;
    }
    if (spec.startsWith('#')) {
      incomplete ??= `${from ?? 'the start command'} loads ${spec} through package.json "imports"`;
      return null;
    }
    const pkg = packageOf(spec);
    if (pkg) packages.add(pkg);
    return null;
  }

  function resolveFile(base: string): string | null {
    if (!base) return null;
    const exists = (p: string) =>
      files.contextPathOf(p) !== null && files.readByImagePath(p) !== null;
    if (exists(base)) return base;
    for (const ext of EXTS) if (exists(base + ext)) return base + ext;
    const pkgText = files.readByImagePath(`${base}/package.json`);
    if (pkgText) {
      try {
        const main = (JSON.parse(pkgText) as { main?: string }).main;
        if (main) {
          const m = resolveFile(path.posix.resolve(base, main));
          if (m) return m;
        }
      } catch {
        // Not JSON: index files below.
      }
    }
    for (const ext of EXTS) if (exists(`${base}/index${ext}`)) return `${base}/index${ext}`;
    return null;
  }
}

/** Context paths of the JavaScript/TypeScript sources copied into the app folders. */
function scanSources(files: ImageFiles, ctx: BuildContext, roots: string[]): string[] | null {
  if (!ctx.known) return null;
  const out: string[] = [];
  let tooMany = false;
  const walk = (dir: string, depth: number) => {
    for (const name of ctx.list(dir)) {
      if (out.length >= MAX_FILES) {
        tooMany = true;
        return;
      }
      const rel = dir ? `${dir}/${name.replace(/\/$/, '')}` : name.replace(/\/$/, '');
      if (name.endsWith('/')) {
        const bare = name.slice(0, -1);
        if (depth < 12 && !SKIP_DIRS.has(bare) && !bare.startsWith('.')) walk(rel, depth + 1);
        continue;
      }
      if (!SOURCE.test(name) || /\.(test|spec)\.|\.d\.(c|m)?ts$/.test(name)) continue;
      const at = files.imagePathOf(rel);
      if (at && roots.some((r) => at === r || at.startsWith(`${r}/`))) out.push(rel);
    }
  };
  walk('', 0);
  return tooMany ? null : out;
}
