// The cache mounts a start rewrite's added build step needs. With --cache (or by hand) the
// stage's own dependency steps download into cache mounts, not into the image: `RUN
// --mount=type=cache,target=/root/.nuget/packages dotnet restore`. The build line a rewrite adds
// after them runs the same tool and would find nothing there, so it mounts the same folders.
import type { Command, StageModel } from '../analysis/stage';

const CACHE_MOUNT = /^type=cache,[\w./=,-]+$/;

/** The `--mount=type=cache,...` flags of the stage's RUN steps that run the tool, in order. */
export function toolMounts(model: StageModel, runsTool: (c: Command) => boolean): string[] {
  const out: string[] = [];
  for (const run of model.runs) {
    if (!run.commands.some(runsTool)) continue;
    for (const f of run.ins.flags) {
      const flag = `--${f.name}=${f.value ?? ''}`;
      if (f.name === 'mount' && CACHE_MOUNT.test(f.value ?? '') && !out.includes(flag))
        out.push(flag);
    }
  }
  return out;
}

/** `RUN <mounts> <line>`: the added build step with the tool's cache mounts. */
export function buildRun(model: StageModel, runsTool: (c: Command) => boolean, line: string) {
  return `RUN ${[...toolMounts(model, runsTool), line].join(' ')}`;
}
