// The mode chmod left on a folder, read from the stage's commands.
import * as path from 'path';
import type { StageModel } from '../analysis/stage';
import { commandName } from '../shell';

/**
 * The mode the last chmod gave the folder `p` itself: octal digits, null when none touched
 * it, undefined when it cannot be told. Symbolic modes apply to mkdir's 755.
 */
export function modeOf(model: StageModel, p: string): string | null | undefined {
  let mode: number | null = null;
  let unknown = false;
  for (const c of model.runs.flatMap((r) => r.commands)) {
    if (commandName(c.argv[0]) !== 'chmod') continue;
    const args = c.argv.slice(1).filter((a) => !/^-[a-zA-Z]+$/.test(a) && !a.startsWith('--'));
    if (args.length < 2) continue;
    const targets = args.slice(1).map((t) => path.posix.resolve(c.cwd, t));
    const recursive = c.argv.some((a) => /^-[a-zA-Z]*R/.test(a) || a === '--recursive');
    if (!targets.some((t) => t === p || (recursive && p.startsWith(`${t}/`)))) continue;
    const next = applyMode(mode ?? 0o755, args[0]);
    if (next === null) unknown = true;
    else {
      mode = next;
      unknown = false;
    }
  }
  if (unknown) return undefined;
  return mode === null ? null : mode.toString(8).padStart(3, '0');
}

const shiftOf = (w: string): number => (w === 'u' ? 6 : w === 'g' ? 3 : 0);

/** The bits one symbolic clause's permissions stand for, for the users it names. */
function bitsOf(who: string, perms: string): number {
  let bits = 0;
  for (const w of who) {
    const shift = shiftOf(w);
    for (const perm of perms) {
      if (perm === 'r') bits |= 4 << shift;
      if (perm === 'w') bits |= 2 << shift;
      if (perm === 'x' || perm === 'X') bits |= 1 << shift;
      if (perm === 's' && w === 'u') bits |= 0o4000;
      if (perm === 's' && w === 'g') bits |= 0o2000;
      if (perm === 't') bits |= 0o1000;
    }
  }
  return bits;
}

/** chmod's mode argument applied to a folder's mode; null when it cannot be read. */
export function applyMode(current: number, spec: string): number | null {
  if (/^[0-7]{3,4}$/.test(spec)) return parseInt(spec, 8);
  let mode = current;
  for (const clause of spec.split(',')) {
    const m = /^([ugoa]*)([-+=])([rwxXst]*)$/.exec(clause);
    if (!m) return null;
    const who = m[1] === '' || m[1].includes('a') ? 'ugo' : m[1];
    const bits = bitsOf(who, m[3]);
    if (m[2] === '+') mode |= bits;
    else if (m[2] === '-') mode &= ~bits;
    else {
      let clear = 0;
      for (const w of who) clear |= 7 << shiftOf(w);
      mode = (mode & ~clear) | bits;
    }
  }
  return mode;
}
