// --cache: rewrites the builder stage so that a rebuild after a source change reuses the
// dependency layer and the package managers' caches. Two kinds of edits, both spliced into
// the original text by range, as a short sequence of steps:
//
// 1. Dependency layers first (layer-first.ts): the dependency step moves before the sources
//    where it provably reads only its manifests; otherwise MSC150 says why it stays.
// 2. BuildKit cache mounts (mount-policy.ts) on the folders the package managers and
//    compilers keep their caches in, where nothing the image needs lives (MSC151 says when one
//    is left out), on the moved step and on every other RUN.
//
// The built-in Dockerfile frontend of BuildKit (Docker 20.10 and later) has RUN --mount, so
// no `# syntax` line is added; a file that pins a frontend without it gets no mounts.
import type { Warning } from '../codes';
import type { BuildContext } from '../context';
import { parseDockerfile } from '../parse';
import { cacheCargoTarget } from './cargo';
import { applyEdits } from './edits';
import { moveDependencyStep, type Moved } from './layer-first';
import { mountPolicy, mountText, type MountPolicy } from './mount-policy';
import { argsOffset } from './runtext';
import { cacheScope, type CacheScope } from './scope';

export { copiedFromCache, mountDerived } from './derived';
export { syntaxProblem } from './syntax';

export interface CacheOutcome {
  /** The Dockerfile with the cache edits applied (the original when there are none). */
  text: string;
  /** Each change and why, for the explanation. */
  changes: string[];
  warnings: Warning[];
  /** Every folder a cache mount now covers. */
  mounts: string[];
  /** The builder's environment at its end, which stages derived from it start with. */
  env: Record<string, string>;
}

export function cacheBuilder(text: string, ctx: BuildContext): CacheOutcome {
  const scope = cacheScope(text, parseDockerfile(text), ctx);
  if (!scope) return { text, changes: [], warnings: [], mounts: [], env: {} };
  const policy = mountPolicy(scope);
  const moved = moveDependencyStep(scope, policy);
  cacheCargoTarget(scope, policy);
  mountOtherRuns(scope, policy, moved);
  if (scope.edits.length === 0)
    return { text, changes: [], warnings: scope.warnings, mounts: [], env: {} };
  return {
    text: applyEdits(text, scope.edits),
    changes: scope.changes,
    warnings: scope.warnings,
    mounts: [...scope.mounted],
    env: scope.model.env,
  };
}

/** Cache mounts on the RUNs the move left alone, and on what stays of a split one. */
function mountOtherRuns(scope: CacheScope, policy: MountPolicy, moved: Moved): void {
  for (const run of scope.model.runs) {
    if (run === moved.whole) continue;
    const trimmed = moved.trimmed?.run === run ? moved.trimmed : null;
    const commands = trimmed ? run.commands.slice(trimmed.k) : run.commands;
    const specs = policy.mountsFor(run, commands);
    const a = run.ins.start + argsOffset(run.ins, scope.parsed.escape);
    if (trimmed) {
      scope.edits.push({
        start: a,
        end: run.ins.start + trimmed.segs[trimmed.k].start,
        text: mountText(specs),
      });
    } else if (specs.length > 0) scope.edits.push({ start: a, end: a, text: mountText(specs) });
    specs.forEach((m) => scope.mounted.add(m.target));
    const shown = commands.map((c) => c.argv.join(' ')).join(' && ');
    policy.explain(
      specs,
      `\`${shown.length > 60 ? `${shown.slice(0, 57)}...` : shown}\` (line ${run.ins.line + 1})`,
    );
  }
}
