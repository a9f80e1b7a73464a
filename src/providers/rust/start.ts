// What the container's start command runs: the toolchain (declined), a tool cargo installed
// from a registry (declined), which copy of a binary, and the PATH folder it is found in.
import * as path from 'path';
import type { StartNeeds } from '../../analysis/needs';
import { resolvePath, type StageModel } from '../../analysis/stage';
import { images } from '../../data';
import { commandName } from '../../shell';
import { decline, type Decline } from '../contract';
import { data, type Context, type Output } from './types';

/** Compiling at start keeps the toolchain in use. */
export function toolchainAtStart(needs: StartNeeds): Decline | null {
  for (const c of needs.commands) {
    if (data().devServers.includes(commandName(c.word))) {
      return decline(
        'MSC005',
        `${c.from} runs \`${c.argv.join(' ')}\`, which needs the Rust toolchain when the container starts; build with cargo build --release in a RUN step and start the binary.`,
      );
    }
  }
  return null;
}

/** Tools installed from a registry with cargo install that the container runs. */
export function registryToolAtStart(
  ctx: Context,
  needs: StartNeeds,
  alive: Map<string, Output>,
): Decline | null {
  for (const c of needs.commands) {
    const name = commandName(c.word);
    const tool = ctx.tools.find((t) => t.bins.includes(name));
    if (tool && ![...alive.keys()].some((p) => path.posix.basename(p) === name)) {
      return decline(
        'MSC008',
        `${c.from} runs ${name}, which \`cargo install ${tool.crate}\` built; msconvert does not carry tools installed from a registry (they may link OS libraries); copy it in the runtime stage by hand.`,
      );
    }
  }
  return null;
}

/** The binaries to carry: a binary copied elsewhere stays behind unless the start names it. */
export function carried(
  ctx: Context,
  model: StageModel,
  needs: StartNeeds,
  alive: Map<string, Output>,
): Output[] {
  const searchPath = (model.env.PATH ?? (ctx.rustImage ? data().builderEnv.PATH : '')).split(':');
  const named = (p: string) =>
    needs.commands.some(
      (c) =>
        c.argv.some((a) => a.includes('/') && resolvePath(model.cwd, a) === p) ||
        (!c.word.includes('/') &&
          c.word === path.posix.basename(p) &&
          searchPath.includes(path.posix.dirname(p))),
    ) || needs.scripts.some((sc) => sc.text.includes(p));
  for (const [p, o] of alive) if (o.superseded && !named(p)) alive.delete(p);
  return [...alive.values()];
}

/**
 * A command found through a PATH folder the runtime image does not search (cargo install's
 * $CARGO_HOME/bin): the runtime searches it too. Once images.json describes the rust image,
 * the shared planner does this itself (model.env.PATH is then known).
 */
export function pathLines(
  ctx: Context,
  model: StageModel,
  needs: StartNeeds,
  executables: string[],
): string[] {
  const carriedPath = model.carried.some(
    (i) => i.keyword === 'ENV' && i.pairs.some((p) => p.name === 'PATH'),
  );
  if (model.env.PATH !== undefined || carriedPath) return [];
  const slimPath = images().runtimes['debian-slim'].path;
  const builderPath = (ctx.rustImage ? data().builderEnv.PATH : slimPath).split(':');
  const runtimePath = slimPath.split(':');
  const dirs: string[] = [];
  for (const need of needs.commands) {
    if (need.word.includes('/')) continue;
    const exe = executables.find((e) => path.posix.basename(e) === need.word);
    if (!exe) continue;
    const dir = path.posix.dirname(exe);
    if (runtimePath.includes(dir) || !builderPath.includes(dir) || dirs.includes(dir)) continue;
    dirs.push(dir);
  }
  return dirs.length > 0 ? [`ENV PATH=${dirs.join(':')}:$PATH`] : [];
}
