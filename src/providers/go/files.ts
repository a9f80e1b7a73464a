// Files the program reads at run time, found by their path in the image (COPY app/ . puts
// app/templates at ./templates): any path the Go source spells out as a string that the stage
// filled (its deepest existing folder or file), resolved against the folder the container
// starts in, and files with a conventional name (templates/, config.yaml, .env) in that
// folder when the program or the start reaches them.
import * as path from 'path';
import type { StartNeeds } from '../../analysis/needs';
import { namedPaths, placedByImageCopy, reaches, startWords } from '../../analysis/reach';
import type { BuildContext } from '../../context';
import { pushAll } from '../../lists';
import { deepestFilled } from '../../analysis/filled-path';
import { startDirs } from '../../analysis/start-dirs';
import type { CopySpec, ProviderInput } from '../contract';
import { goSources } from './cgo';
import { data, type Output } from './types';

function isGoPackage(ctx: BuildContext, rel: string): boolean {
  return ctx.isDir(rel) && ctx.list(rel).some((n) => n.endsWith('.go'));
}

/** The string literals of the Go source that could name files, and whether it loads .env. */
function sourceLiterals(ctx: BuildContext): { literals: Set<string>; dotenv: boolean } {
  const sources = ctx.known ? goSources(ctx) : [];
  const literals = new Set<string>();
  let dotenv = false;
  for (const f of sources) {
    const text = ctx.readText(f) ?? '';
    // godotenv.Load() with no argument reads .env from the working folder.
    if (/"github\.com\/(joho\/godotenv|subosito\/gotenv)/.test(text)) dotenv = true;
    // Import paths are strings too, but name packages, not files.
    const code = text
      .replace(/^\s*import\s*\([^)]*\)/gm, '')
      .replace(/^\s*import\s+(\w+\s+)?"[^"]*"/gm, '');
    for (const m of code.matchAll(/"([^"\n]{1,200})"|`([^`\n]{1,200})`/g)) {
      // A glob or format string names the folder before its first pattern character.
      const lit = (m[1] ?? m[2])
        .replace(/^file:\/\//, '')
        .replace(/^\.\//, '')
        .replace(/[*?[{%].*$/, '');
      if (/^[\w./-]+$/.test(lit) && !lit.includes('//')) literals.add(lit);
    }
  }
  return { literals, dotenv };
}

export interface GoCopies {
  copies: CopySpec[];
  executables: string[];
}

export function goCopies(
  input: ProviderInput,
  needs: StartNeeds,
  outputs: Output[],
  gomod: string,
  notes: string[],
): GoCopies {
  const { model, ctx, files } = input;
  const copies: CopySpec[] = outputs.map((o) => ({
    from: input.builderName,
    src: o.path,
    dest: o.path,
    why: o.dir ? 'go install output folder' : 'the binary built by go build',
  }));
  const executables = outputs.flatMap((o) =>
    o.dir ? (o.names ?? []).map((n) => path.posix.join(o.path, n)) : [o.path],
  );

  // Files the program reads at run time, found by their path in the image (COPY app/ .
  // puts app/templates at ./templates): any path the Go source spells out as a string that
  // the stage filled (its deepest existing folder or file), resolved against the folder the
  // container starts in, and files with a conventional name (templates/, config.yaml, .env)
  // in that folder when the program or the start reaches them.
  const { literals, dotenv } = sourceLiterals(ctx);
  const d = data();
  const ignored = new Set(d.ignoredEntries);
  const filePattern = new RegExp(d.runtimeFilePattern);
  const outputPaths = outputs.map((o) => o.path);
  const addCopy = (target: string, why: string) => {
    if (outputPaths.some((p) => target === p || p.startsWith(`${target}/`))) return;
    if (copies.some((c) => c.src === target || target.startsWith(`${c.src}/`))) return;
    copies.push({ from: input.builderName, src: target, dest: target, why });
  };
  // Go source, not data: a .go file, or a folder that holds only Go code.
  const isCode = (imagePath: string): boolean => {
    if (/\.go$|\/(go\.(mod|sum|work)|Dockerfile[^/]*|[^/]*\.md)$/.test(imagePath)) return true;
    const rel = files.contextPathOf(imagePath);
    if (rel === null || !isGoPackage(ctx, rel)) return false;
    return ctx.list(rel).every((n) => n.endsWith('.go') || n.endsWith('/') || n.startsWith('.'));
  };
  const wanted = new Map<string, string>(); // image path -> why
  // Relative paths are resolved in each folder the program starts in (a `cd` in the start).
  const dirs = startDirs(model, needs, executables);
  for (const [cwd, lit] of dirs.flatMap((dir) => [...literals].map((l) => [dir, l] as const))) {
    const abs = lit.startsWith('/');
    const parts = lit.replace(/\/$/, '').split('/').filter(Boolean);
    if (parts.length === 0) continue;
    if (!abs && parts.length === 1 && ignored.has(parts[0])) continue;
    // The deepest part of the path the stage filled: web/templates/index.html -> that file.
    const found = deepestFilled(files, cwd, lit);
    if (found === null) {
      // A path another image put there (COPY --from=some/image /templates /app/templates).
      const placed = placedByImageCopy(model, abs ? lit : path.posix.resolve(cwd, lit));
      if (placed && !/^\/(etc|usr|bin|lib|var)?\/?$/.test(placed))
        wanted.set(placed, 'named in the Go source; another image put it there');
      continue;
    }
    if (found === cwd || isCode(found)) continue;
    wanted.set(found, 'named in the Go source');
  }
  // Conventional names, in the folder the container starts in.
  // Paths the configuration the program reads names (templates: ./views) count too.
  const configWords: string[] = [];
  for (const target of wanted.keys()) {
    const names =
      files.list(target).length > 0
        ? files.list(target).map((n) => path.posix.join(target, n))
        : [target];
    for (const f of names.slice(0, 50)) {
      if (!filePattern.test(path.posix.basename(f)) && !/\.(ya?ml|json|toml|ini|conf|env)$/.test(f))
        continue;
      const text = files.readByImagePath(f);
      if (text !== null && text.length < 65536)
        pushAll(configWords, text.split(/[\s"'=:,;[\]{}()]+/));
    }
  }
  const framework = d.conventionModules.find((m) => gomod.includes(m));
  const reachedIn = new Map<string, ReturnType<typeof namedPaths>>();
  for (const [cwd, entry] of dirs.flatMap((dir) =>
    dir === '/' ? [] : files.list(dir).map((e) => [dir, e] as const),
  )) {
    let reached = reachedIn.get(cwd);
    if (!reached) {
      reached = namedPaths([...startWords(model, needs), ...configWords], cwd);
      reachedIn.set(cwd, reached);
    }
    const isDir = entry.endsWith('/');
    const name = isDir ? entry.slice(0, -1) : entry;
    const target = path.posix.join(cwd, name);
    if (!(isDir ? d.runtimeDirs.includes(name) : filePattern.test(name))) continue;
    if (wanted.has(target) || isCode(target)) continue;
    // Reached when the start names it, when the source names it or, for a config file,
    // its stem (viper's SetConfigName("config")), or .env with godotenv.
    const stem = name.replace(/^\./, '').replace(/\..*$/, '');
    const byName =
      reaches(reached, target) ||
      literals.has(name) ||
      [...literals].some((l) => l.split('/')[0] === name) ||
      (!isDir && stem !== '' && literals.has(stem)) ||
      (name === '.env' && dotenv);
    if (byName || framework || !ctx.known)
      wanted.set(target, 'read at run time (conventional name)');
    else notes.push(`${target} not copied: nothing in the Go source or the start names it`);
  }
  for (const [target, why] of [...wanted].sort(([a], [b]) => a.localeCompare(b))) {
    addCopy(target, why);
  }
  // Scripts and files the start commands run, copied to where they were.
  for (const s of needs.scripts) {
    if (!copies.some((c) => c.src === s.imagePath))
      copies.push({
        from: input.builderName,
        src: s.imagePath,
        dest: s.imagePath,
        why: 'script run at start',
      });
  }
  return { copies, executables };
}
