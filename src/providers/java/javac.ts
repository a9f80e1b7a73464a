// javac and the jar tool: the classes folder javac writes, the archive jar creates.
import * as path from 'path';
import { resolvePath, type Command } from '../../analysis/stage';
import { commandName } from '../../shell';
import type { Artifact } from './types';

export function javacOutput(cmd: Command): Artifact[] {
  if (commandName(cmd.argv[0]) !== 'javac') return [];
  // javac -d <dir>: the classes folder; otherwise classes land next to their sources.
  const args = cmd.argv.slice(1);
  const d = args.findIndex((a) => a === '-d' || a === '--directory');
  if (d >= 0 && args[d + 1])
    return [{ path: resolvePath(cmd.cwd, args[d + 1]), dir: true, why: 'classes javac -d writes' }];
  // No -d: the classes land next to their sources.
  const dirs = new Set<string>();
  for (const a of args)
    if (a.endsWith('.java')) dirs.add(path.posix.dirname(resolvePath(cmd.cwd, a)));
  return [...dirs].map((p) => ({
    path: p,
    dir: true,
    why: 'classes javac writes next to the sources',
  }));
}

export interface JarCall {
  mode: 'create' | 'extract' | 'other';
  file: string | null;
}

export function readJar(cmd: Command): JarCall | null {
  if (commandName(cmd.argv[0]) !== 'jar') return null;
  const args = cmd.argv.slice(1);
  let mode: JarCall['mode'] = 'other';
  let file: string | null = null;
  const first = args[0] ?? '';
  if (/^-?[ctxuvfme0MPni]+$/.test(first) && !first.startsWith('--')) {
    const letters = first.replace(/^-/, '');
    if (letters.includes('c') || letters.includes('u')) mode = 'create';
    else if (letters.includes('x')) mode = 'extract';
    // The f, m and e arguments follow in the order of their letters.
    let next = 1;
    for (const l of letters) {
      if (l === 'f') file = args[next++] ?? null;
      else if (l === 'm' || l === 'e') next++;
    }
    if (letters.length === 1 || !letters.match(/[fme]/)) {
      // -c -f app.jar style handled below
    } else return { mode, file: file ? resolvePath(cmd.cwd, file) : null };
  }
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-c' || a === '--create' || a === '-u' || a === '--update') mode = 'create';
    else if (a === '-x' || a === '--extract') mode = 'extract';
    else if (a === '-f' || a === '--file') file = args[++i] ?? null;
    else if (a.startsWith('--file=')) file = a.slice(7);
  }
  return { mode, file: file ? resolvePath(cmd.cwd, file) : null };
}

// cp / mv -----------------------------------------------------------------------------------
