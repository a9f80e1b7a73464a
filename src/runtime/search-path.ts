// A command the original found through its PATH (the golang image has /go/bin on it) must be
// found the same way in the runtime; a folder the original did not search is not added.
import * as path from 'path';
import type { StartNeeds } from '../analysis/needs';
import type { StageModel } from '../analysis/stage';
import type { ProviderPlan, RuntimeCandidate } from '../providers/contract';

/** The `path` section: an ENV PATH line adding the builder's folders the start relies on. */
export function pathSection(
  model: StageModel,
  carried: StageModel['carried'],
  needs: StartNeeds,
  plan: ProviderPlan,
  chosen: RuntimeCandidate,
): string[] {
  const runtimePath = chosen.facts.path.split(':');
  const builderPath = (model.env.PATH ?? '').split(':');
  const carriedPath = carried.some(
    (i) => i.keyword === 'ENV' && i.pairs.some((p) => p.name === 'PATH'),
  );
  if (carriedPath) return [];
  const extraDirs: string[] = [];
  for (const need of needs.commands) {
    if (need.word.includes('/')) continue;
    for (const e of plan.executables) {
      const dir = path.posix.basename(e) === need.word ? path.posix.dirname(e) : e;
      if (runtimePath.includes(dir) || extraDirs.includes(dir) || !builderPath.includes(dir)) {
        continue;
      }
      extraDirs.push(dir);
    }
  }
  return extraDirs.length > 0 ? [`ENV PATH=${extraDirs.join(':')}:$PATH`] : [];
}
