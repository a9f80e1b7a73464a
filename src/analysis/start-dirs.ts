// The folders the program starts in. A relative path the program opens ("../frontend/build",
// "templates/") is resolved against its working folder, which is the WORKDIR unless the start
// moves first: `CMD cd server && ./main` runs main in /app/server, so "../frontend/build" is
// /app/frontend/build, not /frontend/build.
import * as path from 'path';
import type { StartNeeds } from './needs';
import type { StageModel } from './stage';

/**
 * The working folders of the start commands (CMD, ENTRYPOINT and the scripts they run) that
 * run one of `executables`; the WORKDIR when no start command is found to run one.
 */
export function startDirs(model: StageModel, needs: StartNeeds, executables: string[]): string[] {
  const names = new Set(executables.map((e) => path.posix.basename(e)));
  const runs = (word: string, cwd: string) =>
    word.includes('/') ? executables.includes(path.posix.resolve(cwd, word)) : names.has(word);
  const dirs = needs.commands
    .filter((c) => c.from !== 'HEALTHCHECK' && runs(c.word, c.cwd))
    .map((c) => c.cwd);
  return [...new Set(dirs.length ? dirs : [model.cwd])];
}
