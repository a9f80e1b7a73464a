// Commands the app's own source starts at run time (child_process in JavaScript, os/exec in
// Go), read from the context. A full builder image has git, curl, python3 ...; a slim or
// distroless runtime does not, so the ones the app runs must come along.
import type { BuildContext } from '../context';
import { commandName } from '../shell';

const PATTERNS: Record<string, RegExp> = {
  js: /\b(?:exec|execSync|spawn|spawnSync|execFile|execFileSync|execa|execaSync|\$)\s*\(\s*['"`]([\w./+-]+)/g,
  go: /\bexec\.Command(?:Context)?\(\s*(?:ctx\s*,\s*)?"([\w./+-]+)"/g,
  // Backticks, %x(), Kernel#system/exec/spawn, Open3 and IO.popen.
  ruby: /(?:`|%x[({[]|\b(?:system|exec|spawn|capture2e?|capture3|popen[23]?e?|popen)\s*(?:\(\s*)?(?:\[\s*)?['"])([\w./+-]+)/g,
};

const EXTENSIONS: Record<string, RegExp> = {
  js: /\.(c|m)?(j|t)sx?$/,
  go: /\.go$/,
  ruby: /\.(rb|ru|rake)$/,
};

const SKIP = new Set([
  'node_modules/',
  'vendor/',
  '.git/',
  'dist/',
  'build/',
  'coverage/',
  'test/',
  'tests/',
  '__tests__/',
  'testdata/',
]);

/** Command names the source runs, from at most `limit` files. */
export function spawnedCommands(
  ctx: BuildContext,
  lang: 'js' | 'go' | 'ruby',
  limit = 500,
): Set<string> {
  const out = new Set<string>();
  if (!ctx.known) return out;
  let seen = 0;
  const walk = (dir: string, depth: number) => {
    for (const name of ctx.list(dir)) {
      if (seen >= limit) return;
      if (name.endsWith('/')) {
        if (depth < 6 && !SKIP.has(name) && !name.startsWith('.'))
          walk(dir ? `${dir}/${name.slice(0, -1)}` : name.slice(0, -1), depth + 1);
        continue;
      }
      if (
        !EXTENSIONS[lang].test(name) ||
        /_test\.go$|_(spec|test)\.rb$/.test(name) ||
        /\.(test|spec)\./.test(name)
      )
        continue;
      seen++;
      const text = ctx.readText(dir ? `${dir}/${name}` : name) ?? '';
      if (lang === 'js' && !/child_process|execa|zx|shelljs/.test(text)) continue;
      if (lang === 'go' && !text.includes('os/exec')) continue;
      if (lang === 'ruby' && !/`|%x|system|exec|spawn|popen|capture/.test(text)) continue;
      for (const m of text.matchAll(PATTERNS[lang])) out.add(commandName(m[1]));
    }
  };
  walk('', 0);
  return out;
}

/**
 * Debian packages for the commands the source runs that the builder image itself provided
 * (a command the builder lacked would fail in the original too, so it is not added).
 */
export function sourceToolPackages(
  ctx: BuildContext,
  builderTools: string[],
  lang: 'js' | 'go' | 'ruby',
  aptNames: Record<string, string>,
): string[] {
  const out: string[] = [];
  for (const cmd of spawnedCommands(ctx, lang)) {
    if (!builderTools.includes(cmd)) continue;
    const pkg = aptNames[cmd];
    if (pkg && !out.includes(pkg)) out.push(pkg);
  }
  return out;
}
