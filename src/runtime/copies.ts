// What the runtime stage copies: the provider's copies completed with what the start reaches
// and what the build made, then written as COPY lines (folders whose mode matters staged).
import * as path from 'path';
import type { StartNeeds } from '../analysis/needs';
import { removedByBuild } from '../analysis/removed';
import { isRootUser, ownerOf } from '../analysis/users';
import {
  decline,
  type CopySpec,
  type Decline,
  type ProviderInput,
  type ProviderPlan,
} from '../providers/contract';
import { madeByStage, MadeModeUnknown } from './made';
import { namedByStart, placedByStage, unreadableStart } from './start-files';
import { WHOLE_SYSTEM } from './system-paths';

/** The stage that stages made folders whose own mode must survive the copy. */
const MODES_STAGE = 'made-modes';

/**
 * Copies from the builder of a path the build removed again (rm -rf /src after cp -R
 * templates /app): the original has nothing there, and COPY --from of it fails the build.
 */
function withoutRemoved(input: ProviderInput, plan: ProviderPlan): ProviderPlan {
  const gone = plan.copies.filter(
    (c) => c.from === input.builderName && removedByBuild(input.model, c.src),
  );
  if (gone.length === 0) return plan;
  return {
    ...plan,
    copies: plan.copies.filter((c) => !gone.includes(c)),
    notes: [
      ...plan.notes,
      ...gone.map((c) => `${c.src} is not copied: the build removes it, so the original has none`),
    ],
  };
}

/** The provider's plan with every copy the runtime needs, or why it cannot be made. */
export function completeCopies(
  input: ProviderInput,
  planIn: ProviderPlan,
  needs: StartNeeds,
): ProviderPlan | Decline {
  const wholesale = planIn.copies.find((c) => WHOLE_SYSTEM.test(path.posix.normalize(c.src)));
  if (wholesale) {
    return decline(
      'MSC007',
      `the build output would be ${wholesale.src}, a system folder that cannot be copied whole; write the build output to its own folder (for example /app).`,
    );
  }
  const placed = [...placedByStage(input, needs, planIn), ...namedByStart(input, needs, planIn)];
  const withPlaced = placed.length ? { ...planIn, copies: [...planIn.copies, ...placed] } : planIn;
  let made: CopySpec[];
  try {
    made = madeByStage(input, withPlaced);
  } catch (e) {
    if (!(e instanceof MadeModeUnknown)) throw e;
    return decline(
      'MSC020',
      `the build makes ${e.path} and gives it a mode msconvert cannot work out (a chmod through a variable or an unusual mode); the runtime would get it as 755. Write the mode as octal digits (chmod 1777 ${e.path}) and convert again.`,
    );
  }
  const unreadable = unreadableStart(input, needs);
  if (unreadable) return unreadable;
  // A made folder that holds other copies replaces them: it is copied whole once.
  const inside = (c: CopySpec) => made.some((m) => c.dest.startsWith(`${m.dest}/`));
  const merged = made.length
    ? { ...withPlaced, copies: [...withPlaced.copies.filter((c) => !inside(c)), ...made] }
    : withPlaced;
  return withoutRemoved(input, merged);
}

/** Each copy with the owner the original gave its destination, unless it names one. */
export function withOwners(input: ProviderInput, copies: CopySpec[]): CopySpec[] {
  return copies.map((cp) => {
    const owner = cp.chown ? null : ownerOf(input.model, cp.dest);
    return owner ? { ...cp, chown: owner } : cp;
  });
}

/** Quoted for the staging RUN line when it holds anything but plain path characters. */
const quoted = (p: string) => (/^[\w./-]+$/.test(p) ? p : `'${p.replace(/'/g, `'\\''`)}'`);

/**
 * The COPY lines, and the stage that stages folders whose mode matters. COPY --from makes
 * the folder it copies 755 (and --chmod changes what is inside, not the folder itself), but
 * keeps the modes of what a copied folder holds: a folder whose mode matters is put alone
 * under a staging root in a stage derived from the builder, and that root's copy of its
 * parent is copied.
 */
export function copyInstructions(
  input: ProviderInput,
  copies: CopySpec[],
): { lines: string[]; modesStage: string[] } {
  const lines: string[] = [];
  const staged: string[] = [];
  for (const cp of copies) {
    let { src, dest } = cp;
    let from = cp.from;
    if (cp.chmod) {
      const root = `/made/${staged.length + 1}`;
      const parent = path.posix.dirname(cp.dest);
      const into = parent === '/' ? root : root + parent;
      staged.push(`mkdir -p ${quoted(into)} && cp -a ${quoted(cp.src)} ${quoted(into)}/`);
      from = MODES_STAGE;
      src = `${root}${parent === '/' ? '' : parent}/`;
      dest = parent === '/' ? '/' : `${parent}/`;
    }
    const flags = cp.chown ? ` --chown=${cp.chown}` : '';
    if (/\s/.test(src) || /\s/.test(dest)) {
      // Paths with spaces need the JSON form.
      const json = JSON.stringify([src, dest]).replace(/","/g, '", "');
      lines.push(`COPY --from=${from}${flags} ${json}`);
      continue;
    }
    lines.push(`COPY --from=${from}${flags} ${src} ${dest}`);
  }
  const { model } = input;
  const modesStage = staged.length
    ? [
        `FROM ${input.builderName} AS ${MODES_STAGE}`,
        ...(model.user && !isRootUser(model.user) ? ['USER root'] : []),
        `RUN ${staged.join(` \\${input.parsed.eol}    && `)}`,
      ]
    : [];
  return { lines, modesStage };
}
