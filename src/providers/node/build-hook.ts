// `npm start` whose start first builds: a `prestart` hook, or a start script `<build> && node x`,
// where the build is tsc (or an npm script of only tsc, with at most a lint before or after).
// npm runs that build at every start; the builder runs it once instead, as the same command,
// and the runtime starts `node x`. A hook that does anything else gives the reason.
import * as path from 'path';
import type { ImageFiles } from '../../analysis/files';
import { commandName, simpleCommands } from '../../shell';
import type { PackageJson } from './types';

export type BuildHook = { build: string; node: string[]; shown: string } | { why: string };

/** A word that means the same to a shell as written. */
const PLAIN_WORD = /^[\w./:=,@%+-]+$/;
/** Steps a build script may take besides tsc: checks that leave the output as tsc writes it. */
const LINTERS = new Set(['tslint', 'eslint']);

/** The words of a script when it is one plain command, else null. */
function plain(text: string | undefined): string[] | null {
  if (text === undefined) return null;
  const cmds = simpleCommands(text);
  const words = text.trim().split(/\s+/);
  if (cmds.length !== 1 || cmds[0].dynamic || Object.keys(cmds[0].env).length > 0) return null;
  return words.every((w) => PLAIN_WORD.test(w)) ? words : null;
}

/** True for `tsc` or `tsc -p tsconfig.json` (the working folder's tsconfig, not a parent's). */
function isTsc(w: string[]): boolean {
  const t = commandName(w[0]) === 'npx' ? w.slice(1) : w;
  if (commandName(t[0] ?? '') !== 'tsc') return false;
  return (
    t.length === 1 ||
    (t.length === 3 && ['-p', '--project'].includes(t[1]) && /^(\.\/)?tsconfig\.json$/.test(t[2]))
  );
}

/** Why the build command is not tsc alone (with lints around it), or null. */
function buildProblem(w: string[], scripts: Record<string, string>): string | null {
  if (isTsc(w)) return null;
  const name = commandName(w[0]) === 'npm' && w.length === 3 && w[1] === 'run' ? w[2] : null;
  if (!name || scripts[name] === undefined)
    return `\`${w.join(' ')}\` is not tsc or an npm script of it`;
  const main = plain(scripts[name]);
  if (!main || !isTsc(main)) return `the script "${name}" (\`${scripts[name]}\`) is not tsc alone`;
  for (const hook of [`pre${name}`, `post${name}`]) {
    if (scripts[hook] === undefined) continue;
    const h = plain(scripts[hook]);
    if (!h || !LINTERS.has(commandName(h[0] === 'npx' ? h[1] : h[0])))
      return `the script "${hook}" (\`${scripts[hook]}\`) does more than lint`;
  }
  return null;
}

/** The build a `npm start` runs before node, and that node start; why-not; null if none. */
export function buildHook(
  words: string[],
  pkg: PackageJson | null,
  cwd: string,
  files: ImageFiles,
): BuildHook | null {
  if (commandName(words[0]) !== 'npm' || words.length !== 2 || words[1] !== 'start') return null;
  const scripts = pkg?.scripts ?? {};
  const start = scripts.start;
  if (start === undefined) return null;
  let build: string[] | null;
  let node: string[] | null;
  const chained = /^([^&|;]+?)\s*&&\s*([^&|;]+)$/.exec(start.trim());
  if (scripts.prestart !== undefined) {
    if (chained)
      return { why: `\`npm start\` runs a prestart hook and a start script that builds` };
    build = plain(scripts.prestart);
    if (!build)
      return { why: `the prestart hook (\`${scripts.prestart}\`) is more than one plain command` };
    node = plain(start);
  } else if (chained) {
    build = plain(chained[1]);
    node = plain(chained[2]);
    if (!build || (!isTsc(build) && !/^npm run /.test(chained[1]))) return null;
  } else return null;
  if (scripts.poststart !== undefined)
    return { why: `\`npm start\` also runs the poststart hook (\`${scripts.poststart}\`)` };
  if (!node || node[0] !== 'node' || !node[1] || node[1].startsWith('-'))
    return { why: `the start script (\`${start}\`) is not a plain node of a file` };
  const deps = { ...(pkg?.dependencies ?? {}), ...(pkg?.devDependencies ?? {}) };
  if (!deps.typescript)
    return { why: 'npm start builds first with tsc, and typescript is not among the dependencies' };
  const problem = buildProblem(build, scripts);
  if (problem) return { why: `npm start builds first, and ${problem}` };
  if (isTsc(build) && !files.existsInImage(path.posix.join(cwd, 'tsconfig.json')))
    return { why: `there is no tsconfig.json in ${cwd}, so tsc would look for one above it` };
  const line = isTsc(build) ? 'RUN npx tsc -p tsconfig.json' : `RUN ${build.join(' ')}`;
  return { build: line, node, shown: build.join(' ') };
}
