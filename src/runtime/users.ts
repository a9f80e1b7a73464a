// The runtime stage's users: when USER, a copy's owner or a user the start switches to is a
// name the runtime image does not know (or a numeric USER the stage created), the runtime
// takes the builder's user database, and the created user's home with it.
import type { Warning } from '../codes';
import type { StartNeeds } from '../analysis/needs';
import {
  createdHome,
  createdWithId,
  isRootUserAndGroup,
  ownerOf,
  usersSwitchedTo,
} from '../analysis/users';
import type { ProviderInput, ProviderPlan, RuntimeCandidate } from '../providers/contract';

export interface UserSetup {
  /** COPY lines of the user database (/etc/passwd, /etc/group). */
  database: string[];
  /** COPY line of the created user's home, when it has one. */
  home: string[];
  warnings: Warning[];
}

/** Owners the runtime must know by name: of every copy, and the users the start switches to. */
export function ownersNeeded(
  input: ProviderInput,
  plan: ProviderPlan,
  needs: StartNeeds,
): string[] {
  const owners = plan.copies
    .map((cp) => cp.chown ?? ownerOf(input.model, cp.dest))
    .filter((o): o is string => o !== null && !o.includes('$'));
  return [...owners, ...usersSwitchedTo(needs)];
}

/**
 * Users: USER names the runtime does not know, and owners the copies are given by name,
 * come with the builder's user database; so does a numeric USER the stage created (its
 * name, home and groups are in that database, and HOME points into it).
 */
export function userSetup(
  input: ProviderInput,
  c: RuntimeCandidate,
  copyFrom: string,
  owners: string[],
): UserSetup {
  const { model } = input;
  const out: UserSetup = { database: [], home: [], warnings: [] };
  const lines: string[] = [];
  const knows = (n: string) => /^\d+$/.test(n) || c.facts.users.includes(n);
  const user = model.user && !isRootUserAndGroup(model.user) ? model.user : null;
  let name: string | null = null;
  let group: string | undefined;
  if (user) [name, group] = user.split(':');
  const created = name && /^\d+$/.test(name) ? createdWithId(model, name) : null;
  const unknownUser = name !== null && (!knows(name) || (group !== undefined && !knows(group)));
  const unknownOwner = owners.find((o) => o.split(':').some((n) => n && !knows(n)));
  if (!unknownUser && !created && !unknownOwner) return out;
  lines.push(
    `COPY --from=${input.builderName} /etc/passwd /etc/passwd`,
    `COPY --from=${input.builderName} /etc/group /etc/group`,
  );
  out.warnings.push({
    code: 'MSC107',
    message: unknownUser
      ? `the user ${name} is created in the builder; the runtime takes its /etc/passwd and /etc/group so that USER ${user} means the same user.`
      : created
        ? `USER ${user} is the user ${created} created in the builder; the runtime takes its /etc/passwd and /etc/group so that it keeps its name, groups and home.`
        : `${unknownOwner} owns copied files or runs the app, a user the builder knows; the runtime takes its /etc/passwd and /etc/group so that the name means the same user.`,
  });
  const homeUser = unknownUser ? name : created;
  const home = homeUser ? createdHome(model, homeUser) : null;
  if (home) lines.push(`COPY --from=${copyFrom} --chown=${user} ${home} ${home}`);
  // Sorted by what they copy, as the template's sections have always been split.
  out.database = lines.filter((l) => l.includes('/etc/'));
  out.home = lines.filter((l) => !l.includes('/etc/'));
  return out;
}
