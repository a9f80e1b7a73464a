// Users and owners as the stage made them: who USER is, which user useradd/adduser created
// with an id or a home, who a chown or COPY --chown left owning a path, and which users the
// start switches to. The runtime planner asks here; providers that need a user's home or
// owner ask here too, so that both read the stage the same way.
import * as path from 'path';
import { commandName } from '../shell';
import type { StartNeeds } from './needs';
import type { StageModel } from './stage';

/** USER root (or 0), whatever its group: the process runs as root. */
export function isRootUser(user: string): boolean {
  return /^(root|0)(:.*)?$/.test(user);
}

/** USER root (or 0) with root's group or none: nothing about the user database matters. */
export function isRootUserAndGroup(user: string): boolean {
  return /^(root|0)(:(root|0))?$/.test(user);
}

function accountCommands(model: StageModel) {
  return model.runs
    .flatMap((r) => r.commands)
    .filter((c) => ['useradd', 'adduser'].includes(commandName(c.argv[0])));
}

/** useradd/adduser (shadow, Debian, BusyBox) options that take a value. */
const USER_VALUED = new Set(
  '-b --base-dir -c --comment -d --home-dir --home -e --expiredate -f --inactive -g --gid -G --groups -k --skel -K --key -p --password -s --shell -u --uid -R --root -P --prefix -Z --selinux-user -h --ingroup --gecos --firstuid --lastuid --conf'.split(
    ' ',
  ),
);

/** The user `useradd -u N` / `adduser -u N` created with that numeric id, if any. */
export function createdWithId(model: StageModel, uid: string): string | null {
  for (const cmd of accountCommands(model)) {
    const args = cmd.argv;
    const i = args.findIndex((a) => a === '-u' || a === '--uid');
    const id = i >= 0 ? args[i + 1] : args.find((a) => a.startsWith('--uid='))?.slice(6);
    // The login is the first word that is not an option or an option's value
    // (`useradd rails --uid 1000 --shell /bin/bash` names rails, not /bin/bash).
    let name: string | undefined;
    for (let k = 1; k < args.length && name === undefined; k++) {
      if (USER_VALUED.has(args[k])) k++;
      else if (!args[k].startsWith('-')) name = args[k];
    }
    if (id === uid && name) return name;
  }
  return null;
}

/** The home folder the first useradd/adduser naming `name` created, or null when none. */
export function createdHome(model: StageModel, name: string): string | null {
  for (const cmd of accountCommands(model)) {
    const tool = commandName(cmd.argv[0]);
    if (!cmd.argv.includes(name)) continue;
    const args = cmd.argv;
    const hIdx = args.findIndex(
      (a) =>
        a === '-d' || a === '--home' || a === '--home-dir' || (tool === 'adduser' && a === '-h'),
    );
    const explicit = hIdx >= 0 ? args[hIdx + 1] : null;
    // adduser --system (Debian) gives /nonexistent as home and creates nothing.
    if (tool === 'adduser' && args.includes('--system') && !explicit) return null;
    const creates =
      tool === 'useradd'
        ? args.some((a) => a === '-m' || a === '--create-home' || /^-[a-zA-Z]*m/.test(a))
        : !args.some((a) => a === '--no-create-home' || a === '-H');
    if (!creates) return null;
    return explicit ?? `/home/${name}`;
  }
  return null;
}

/** What each `chown` in the stage's RUNs gives: an owner (as written), its paths, recursively or not. */
function chowns(model: StageModel): { owner: string; paths: string[]; recursive: boolean }[] {
  const out: { owner: string; paths: string[]; recursive: boolean }[] = [];
  for (const r of model.runs) {
    for (const c of r.commands) {
      if (commandName(c.argv[0]) !== 'chown') continue;
      const recursive = c.argv.some((a) => /^-[a-zA-Z]*R/.test(a) || a === '--recursive');
      const args = c.argv.slice(1).filter((a) => !a.startsWith('-'));
      if (args.length < 2) continue;
      out.push({
        owner: args[0],
        paths: args.slice(1).map((t) => path.posix.resolve(c.cwd, t)),
        recursive,
      });
    }
  }
  return out;
}

/** The owner the original gave the folder or file at `p` itself, if any. */
export function ownerOf(model: StageModel, p: string): string | null {
  let owner: string | null = null;
  for (const c of chowns(model)) {
    if (c.owner.includes('$')) continue;
    for (const abs of c.paths) {
      if (abs === p || (c.recursive && p.startsWith(`${abs}/`))) owner = c.owner;
    }
  }
  for (const cp of model.copies) {
    if (cp.chown && (cp.dest === p || p.startsWith(`${cp.dest}/`))) owner = owner ?? cp.chown;
  }
  if (!owner && model.userWorkdirs.includes(p)) owner = model.user;
  return owner;
}

/**
 * A non-root user the original gave `dir`, a folder above it or anything inside it (chown,
 * COPY --chown, a WORKDIR made after USER), or null: that user may write in the tree.
 */
export function userWithin(model: StageModel, dir: string): string | null {
  const touches = (p: string) => p === dir || dir.startsWith(`${p}/`) || p.startsWith(`${dir}/`);
  const plain = (u: string) => (isRootUser(u) ? null : u);
  for (const c of chowns(model)) {
    // A variable owner cannot be read: count it as a user's.
    const owner = c.owner.includes('$') ? c.owner : plain(c.owner);
    if (owner && c.paths.some(touches)) return owner;
  }
  for (const cp of model.copies) {
    const owner = cp.chown ? plain(cp.chown) : null;
    if (owner && touches(cp.dest)) return owner;
  }
  if (model.user && !isRootUser(model.user) && model.userWorkdirs.some(touches)) return model.user;
  return null;
}

/** Users the start switches to (gosu app, su-exec app:app, runuser -u app): they must exist. */
export function usersSwitchedTo(needs: StartNeeds): string[] {
  const out: string[] = [];
  for (const need of needs.commands) {
    const [tool, ...args] = need.argv;
    const name = commandName(tool);
    let who: string | undefined;
    if (['gosu', 'su-exec', 'setuidgid', 's6-setuidgid'].includes(name)) who = args[0];
    else if (name === 'runuser' || name === 'chpst') who = args[args.indexOf('-u') + 1];
    if (who && !who.startsWith('-') && !who.includes('$') && args.includes(who)) out.push(who);
  }
  return out;
}
