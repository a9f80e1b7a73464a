// Paths the build removed again: `rm -rf /src` after `cp -R templates /app`, or `mv templates
// /srv/tpl`, leaves nothing at the old path. A runtime stage must never COPY --from such a path
// (the build fails), and the original image has nothing there either, so leaving it out
// keeps the behaviour. A later write to the path or around it (COPY . /src, mkdir, cp, mv
// into it) brings it back.
import * as path from 'path';
import { commandName } from '../shell';
import { operands } from './operands';
import type { StageModel } from './stage';

/** `deep`: the write can put things inside the path (COPY, cp -R, mv), not only the path. */
type Event = { kind: 'gone' | 'write'; path: string; at: number; order: number; deep?: boolean };

/**
 * Commands whose writes are known here (or that write no app path): any other program run
 * after a removal (npm ci after rm -rf node_modules, make, a build tool) may have written the
 * path again, so the removal no longer counts.
 */
const KNOWN = new Set([
  'rm',
  'rmdir',
  'mv',
  'cp',
  'ln',
  'install',
  'touch',
  'mkdir',
  'cd',
  'echo',
  'printf',
  'chmod',
  'chown',
  'chgrp',
  'true',
  'false',
  'test',
  '[',
  'set',
  'export',
  'sleep',
  'ls',
  'cat',
  'apt-get',
  'apt',
  'apk',
  'yum',
  'dnf',
  'useradd',
  'adduser',
  'groupadd',
  'addgroup',
]);

/** Removals and writes of the stage, in build order. */
function events(model: StageModel): Event[] {
  const out: Event[] = [];
  let order = 0;
  const literal = (w: string) => !/[$*?{`[]/.test(w);
  for (const r of model.runs) {
    for (const c of r.commands) {
      const abs = (w: string) => path.posix.resolve(c.cwd, w);
      const tool = commandName(c.argv[0]);
      const ops = operands(c.argv).filter(literal);
      const at = r.ins.start;
      const push = (kind: Event['kind'], p: string, deep = false) =>
        out.push({ kind, path: abs(p), at, order: order++, deep });
      if (!KNOWN.has(tool)) push('write', '/', true);
      else if (tool === 'rm' || tool === 'rmdir') for (const o of ops) push('gone', o);
      else if (tool === 'mv') {
        const t = c.argv.indexOf('-t');
        const dest = t > 0 ? c.argv[t + 1] : ops[ops.length - 1];
        for (const o of t > 0 ? ops : ops.slice(0, -1)) push('gone', o);
        if (dest) push('write', dest, true);
      } else if (['cp', 'ln', 'install', 'touch', 'mkdir'].includes(tool)) {
        const t = c.argv.indexOf('-t');
        if (t > 0) push('write', c.argv[t + 1], true);
        else if (tool === 'mkdir' || tool === 'touch') for (const o of ops) push('write', o);
        else if (ops.length) push('write', ops[ops.length - 1], true);
      }
      const o = c.argv.indexOf('-o');
      if (o > 0 && c.argv[o + 1]) push('write', c.argv[o + 1]);
      for (let i = 0; i < c.argv.length; i++) {
        const m = /^\d?>>?(.*)$/.exec(c.argv[i]);
        if (m && !m[1].startsWith('&')) {
          const target = m[1] || c.argv[i + 1];
          if (target) push('write', target);
        }
      }
    }
  }
  for (const cp of model.copies)
    out.push({ kind: 'write', path: cp.dest, at: cp.ins.start, order: order++, deep: true });
  return out.sort((a, b) => a.at - b.at || a.order - b.order);
}

const within = (p: string, root: string) => root === '/' || p === root || p.startsWith(`${root}/`);

/**
 * True when the builder no longer has `p` at the end of the build: the last removal that
 * covers it (rm of it or a parent, mv of it away) has no write after it at, around or inside it.
 */
export function removedByBuild(model: StageModel, p: string): boolean {
  const target = path.posix.normalize(p);
  let gone = false;
  for (const e of events(model)) {
    if (e.kind === 'gone' && within(target, e.path)) gone = true;
    else if (e.kind === 'write' && (within(e.path, target) || (e.deep && within(target, e.path))))
      gone = false;
  }
  return gone;
}
