// The variables the runtime stage must declare again: ARGs the carried instructions (and the
// scripts the start runs) refer to, and the builder image's own ENV values they rely on.
import type { StartNeeds } from '../analysis/needs';
import { referencedVariables, type StageModel } from '../analysis/stage';
import { builderKey } from '../analysis/image';
import { images } from '../data';

type Carried = StageModel['carried'];

function referenced(carried: Carried, needs: StartNeeds): Set<string> {
  const refs = new Set<string>();
  for (const ins of carried) for (const v of referencedVariables(ins.raw)) refs.add(v);
  // Scripts the start runs rely on the builder image's environment too ($GOPATH/bin/app).
  for (const script of needs.scripts) for (const v of referencedVariables(script.text)) refs.add(v);
  return refs;
}

/** The `args` and `builder-env` sections of the runtime stage. */
export function variableSections(
  model: StageModel,
  carried: Carried,
  needs: StartNeeds,
): { args: string[]; builderEnv: string[] } {
  const refs = referenced(carried, needs);
  const args: string[] = [];
  const seenArgs = new Set<string>();
  const envDefined = new Set<string>();
  for (const ins of carried)
    if (ins.keyword === 'ENV') for (const p of ins.pairs) envDefined.add(p.name);
  for (const v of refs) {
    const stageArg = model.stageArgs.get(v);
    if (stageArg) {
      if (!seenArgs.has(stageArg.raw)) args.push(stageArg.raw);
      seenArgs.add(stageArg.raw);
    } else if (model.globalArgNames.has(v) && !envDefined.has(v)) {
      args.push(`ARG ${v}`);
    }
  }
  const builderEnv = images().builders[builderKey(model.image.name, model.image.tag)]?.env ?? {};
  const env = [...refs]
    .filter(
      (v) =>
        v !== 'PATH' &&
        builderEnv[v] !== undefined &&
        !envDefined.has(v) &&
        !model.stageArgs.has(v),
    )
    .map((v) => `ENV ${v}=${builderEnv[v]}`);
  return { args, builderEnv: env };
}
