// The state plan() works with: the builder's variables, the RUN commands with them expanded,
// what the builds write, and the folders a RUN --mount or mkdir made.
import { expandSome } from '../../analysis/runtime-paths';
import { allCommands, resolvePath, type Command } from '../../analysis/stage';
import type { StartNeeds } from '../../analysis/needs';
import { isSystemFolder } from '../../analysis/system-folders';
import { commandName } from '../../shell';
import type { ProviderInput } from '../contract';
import { readBuilds } from './builds';
import { data, type JdkImage, type PlanState } from './types';

/** Every RUN command with the variables the stage and the builder image define expanded. */
export function expandedCommands(input: ProviderInput): {
  env: Record<string, string>;
  commands: Command[];
} {
  const { model } = input;
  const env: Record<string, string> = {
    ...(data().builders[model.image.name]?.env ?? {}),
    ...model.env,
  };
  const commands = allCommands(model).map((c) => ({
    ...c,
    argv: c.argv.map((w) => expandSome(w, env)),
  }));
  return { env, commands };
}

/** Folders the stage made with mkdir, outside its sources and the system folders. */
function madeFolders(input: ProviderInput, commands: Command[]): Set<string> {
  const { model, files } = input;
  const sourceDirs = [...files.targets(), ...model.runs.map((r) => r.workdir), model.cwd];
  return new Set(
    commands
      .filter((c) => commandName(c.argv[0]) === 'mkdir')
      .flatMap((c) =>
        c.argv
          .slice(1)
          .filter((a) => !a.startsWith('-'))
          .map((a) => resolvePath(c.cwd, a)),
      )
      .filter(
        (p) => !isSystemFolder(p) && !sourceDirs.some((t) => t === p || t.startsWith(`${p}/`)),
      ),
  );
}

/** Build folders under a RUN --mount, which never reach the image. */
function mountTargets(input: ProviderInput): string[] {
  return input.model.runs.flatMap((r) =>
    r.ins.flags
      .filter((f) => f.name === 'mount')
      .map((f) => /target=([^,]+)/.exec(f.value ?? '')?.[1])
      .filter((x): x is string => Boolean(x))
      .map((t) => resolvePath(r.workdir, t)),
  );
}

export function newState(input: ProviderInput, needs: StartNeeds, jdk: JdkImage): PlanState {
  const { env, commands } = expandedCommands(input);
  const { out, moved, produced } = readBuilds(input, commands);
  return {
    input,
    needs,
    jdk,
    env,
    commands,
    out,
    moved,
    produced,
    mounts: mountTargets(input),
    mkdirs: madeFolders(input, commands),
    copies: [],
    vouched: [],
    executables: [],
    notes: [],
  };
}
