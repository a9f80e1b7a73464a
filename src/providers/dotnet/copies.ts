// What goes along with the output folder: content-root files, files ENV or the start
// names, and start scripts.
import * as path from 'path';
import type { StartNeeds } from '../../analysis/needs';
import { namedRuntimePaths } from '../../analysis/runtime-paths';
import type { CopySpec, ProviderInput } from '../contract';
import { data, type Entry } from './types';

/** What to copy: the output folder, content-root files, files ENV or arguments name, scripts. */
export function dotnetCopies(input: ProviderInput, needs: StartNeeds, entry: Entry): CopySpec[] {
  const { model, files, ctx } = input;
  const d = data();
  const { output, project: app } = entry;
  const copies: CopySpec[] = [];
  const covered = (p: string) => copies.some((c) => p === c.src || p.startsWith(`${c.src}/`));
  const add = (p: string, why: string) => {
    if (!covered(p)) copies.push({ from: input.builderName, src: p, dest: p, why });
  };
  add(output.dir, `the ${output.build.verb} output of ${app.name}`);
  // ASP.NET Core reads appsettings.json and wwwroot from its working folder (the content root).
  const cwdInOutput = model.cwd === output.dir || model.cwd.startsWith(`${output.dir}/`);
  const cwdRel = files.contextPathOf(model.cwd);
  if (!cwdInOutput && cwdRel !== null && ctx.known) {
    const filePattern = new RegExp(d.contentRoot.files);
    for (const name of ctx.list(cwdRel)) {
      const isDir = name.endsWith('/');
      const bare = isDir ? name.slice(0, -1) : name;
      if (isDir ? !d.contentRoot.dirs.includes(bare) : !filePattern.test(bare)) continue;
      const p = path.posix.join(model.cwd, bare);
      if (files.contextPathOf(p) !== null)
        add(p, 'read from the working folder (the content root) at run time');
    }
  }
  const startWords = needs.commands.flatMap((c) => c.argv.slice(1));
  for (const p of namedRuntimePaths(model, files, startWords, covered))
    add(p, 'named by the start command or ENV and placed by the original');
  for (const script of needs.scripts) add(script.imagePath, 'script run at start');
  return copies;
}
