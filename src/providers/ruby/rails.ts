// Rails and Rack: what kind of app the image holds, and the build steps it runs
// (`assets:precompile`, `bootsnap precompile`), which write into the app folder that the
// runtime copies whole.
import * as path from 'path';
import type { ImageFiles } from '../../analysis/files';
import type { Command } from '../../analysis/stage';
import { commandName } from '../../shell';
import { bundleExec } from './bundler';
import type { Lockfile } from './gems';

export type Framework = 'Rails' | 'Sinatra' | 'Hanami' | 'Rack' | null;

export function framework(files: ImageFiles, root: string, lock: Lockfile | null): Framework {
  const has = (g: string) => lock?.gems.some((x) => x.name === g) ?? false;
  if (has('railties') || files.existsInImage(path.posix.join(root, 'config/application.rb')))
    return 'Rails';
  if (has('hanami')) return 'Hanami';
  if (has('sinatra')) return 'Sinatra';
  if (has('rack') || files.existsInImage(path.posix.join(root, 'config.ru'))) return 'Rack';
  return null;
}

/** What a task run in the build does, for the notes: `assets:precompile`, `bootsnap precompile`. */
export function buildStep(cmd: Command): string | null {
  const argv = bundleExec(cmd.argv) ?? cmd.argv;
  const tool = commandName(argv[0]);
  if (tool === 'bootsnap' && argv[1] === 'precompile') return 'bootsnap precompile';
  if (tool === 'rake' || tool === 'rails') {
    const task = argv.slice(1).find((a) => !a.startsWith('-') && a.includes(':'));
    return task ? `${tool} ${task}` : null;
  }
  return null;
}
