// The commands `make` runs, read from the Makefile the stage copied in, so a build behind
// `make build` is read like one in the RUN line.
import { allCommands, resolvePath, type Command } from '../../analysis/stage';
import { commandName, simpleCommands } from '../../shell';
import type { ProviderInput } from '../contract';

/** The commands `make [target]` runs, read from the Makefile the stage copied in. */
export function makeCommands(input: ProviderInput, cmd: Command): Command[] {
  if (commandName(cmd.argv[0]) !== 'make') return [];
  let dir = cmd.cwd;
  let file: string | null = null;
  const goals: string[] = [];
  const args = cmd.argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-C') dir = resolvePath(dir, args[++i] ?? '.');
    else if (a === '-f' || a === '--file') file = args[++i] ?? null;
    else if (a.startsWith('-') || a.includes('=')) continue;
    else goals.push(a);
  }
  const names = file ? [file] : ['GNUmakefile', 'makefile', 'Makefile'];
  let text: string | null = null;
  for (const n of names) {
    text = input.files.readByImagePath(resolvePath(dir, n));
    if (text !== null) break;
  }
  if (text === null) return [];
  const vars: Record<string, string> = {};
  const rules = new Map<string, { deps: string[]; recipe: string[] }>();
  let current: { deps: string[]; recipe: string[] }[] = [];
  let first: string | null = null;
  const lines = text.replace(/\\\r?\n/g, ' ').split(/\r?\n/);
  for (const line of lines) {
    if (line.startsWith('\t')) {
      for (const r of current) r.recipe.push(line.slice(1).replace(/^[@+-]+/, ''));
      continue;
    }
    const v = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*(?::{1,3}=|\?=|=)\s*(.*)$/.exec(line);
    if (v) {
      vars[v[1]] = v[2].trim();
      current = [];
      continue;
    }
    const r = /^([^\s:#=][^:=]*):(?!=)\s*([^;#]*)/.exec(line);
    if (r) {
      current = [];
      for (const t of r[1].trim().split(/\s+/)) {
        const rule = rules.get(t) ?? { deps: [], recipe: [] };
        for (const item of r[2].trim().split(/\s+/).filter(Boolean)) rule.deps.push(item);
        rules.set(t, rule);
        current.push(rule);
        if (first === null && !t.startsWith('.')) first = t;
      }
    } else if (line.trim() !== '' && !line.startsWith('#')) current = [];
  }
  const expandMake = (s: string, depth = 0): string =>
    depth > 5
      ? s
      : s
          .replace(/\$[({]([A-Za-z_][A-Za-z0-9_]*)[)}]/g, (_m, n: string) =>
            expandMake(vars[n] ?? cmd.vars[n] ?? '', depth + 1),
          )
          .replace(/\$\$/g, '$');
  const out: Command[] = [];
  const seen = new Set<string>();
  const visit = (t: string) => {
    if (seen.has(t)) return;
    seen.add(t);
    const rule = rules.get(t);
    if (!rule) return;
    rule.deps.forEach(visit);
    let cwd = dir;
    for (const line of rule.recipe) {
      for (const c of simpleCommands(expandMake(line))) {
        const cvars = { ...cmd.vars, ...c.env };
        out.push({ ...c, cwd, vars: cvars });
        if (c.argv[0] === 'cd' && c.argv[1]) cwd = resolvePath(cwd, c.argv[1]);
      }
    }
  };
  (goals.length ? goals : first ? [first] : []).forEach(visit);
  return out;
}

/** Every command the stage runs, with `make` expanded into its recipes. */
export function buildCommands(input: ProviderInput): Command[] {
  return allCommands(input.model).flatMap((c) => [c, ...makeCommands(input, c)]);
}
