// Owners inside the copied app. `COPY --from` gives every file to root unless told
// otherwise, and the shared planner gives a copy the owner the original gave that path
// itself. A folder inside the app that the original handed to a user (`chown -R rails:rails
// tmp log`, the folders a Rails server writes) is therefore copied once more, after the app,
// so that the planner gives it its owner. Files a build step wrote inside the app while a
// non-root USER was in force belong to that user in the original; when the app itself is
// copied as root's they would change owner, which is declined.
import * as path from 'path';
import type { Command, StageModel } from '../../analysis/stage';
import { commandName } from '../../shell';
import { decline, type Decline } from '../contract';

const ROOT = /^(root|0)(:(root|0))?$/;

/** Paths a chown or a COPY --chown gave an owner, with that owner. */
export function ownedPaths(model: StageModel): { path: string; owner: string }[] {
  const out: { path: string; owner: string }[] = [];
  for (const c of model.runs.flatMap((r) => r.commands)) {
    if (commandName(c.argv[0]) !== 'chown') continue;
    const args = c.argv.slice(1).filter((a) => !a.startsWith('-'));
    if (args.length < 2 || args.some((a) => a.includes('$'))) continue;
    for (const t of args.slice(1)) out.push({ path: path.posix.resolve(c.cwd, t), owner: args[0] });
  }
  for (const cp of model.copies) if (cp.chown) out.push({ path: cp.dest, owner: cp.chown });
  return out;
}

/** Folders inside the app folders that the original gave an owner of their own. */
export function ownedInside(model: StageModel, apps: string[]): { path: string; owner: string }[] {
  const out: { path: string; owner: string }[] = [];
  for (const o of ownedPaths(model)) {
    if (ROOT.test(o.owner)) continue;
    const app = apps.find((a) => o.path.startsWith(`${a}/`));
    if (!app) continue;
    // An owner given to the app folder (or a parent) already reaches this path.
    if (
      ownedPaths(model).some(
        (p) => p.owner === o.owner && (p.path === app || app.startsWith(`${p.path}/`)),
      )
    )
      continue;
    if (!out.some((x) => x.path === o.path)) out.push(o);
  }
  return out;
}

/** The owner the original gave an app folder or one of its parents, if any. */
function appOwner(model: StageModel, app: string): string | null {
  let owner: string | null = null;
  for (const o of ownedPaths(model))
    if (o.path === app || app.startsWith(`${o.path}/`)) owner = o.owner;
  if (!owner && model.userWorkdirs.includes(app)) owner = model.user;
  return owner;
}

/**
 * A build step that ran as a non-root user inside an app folder the runtime copies as
 * root's: what it wrote there would change owner (a Rails tmp/ the server can no longer
 * write).
 */
export function nonRootWrites(model: StageModel, apps: string[], steps: Command[]): Decline | null {
  for (const run of model.runs) {
    const user = run.user;
    if (!user || ROOT.test(user)) continue;
    for (const c of run.commands) {
      if (!steps.includes(c)) continue;
      const app = apps.find((a) => c.cwd === a || c.cwd.startsWith(`${a}/`));
      if (!app) continue;
      const owner = appOwner(model, app);
      if (owner && owner.split(':')[0] === user.split(':')[0]) continue;
      return decline(
        'MSC044',
        `\`${c.argv.join(' ')}\` runs as ${user} in ${app}, so what it writes there belongs to ${user} in the original, but a runtime stage copies ${app} as root's; give ${app} to ${user} (COPY --chown=${user} or chown -R) and convert again.`,
      );
    }
  }
  return null;
}
