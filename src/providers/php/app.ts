// Where the PHP app lives in the image: the folders the context is copied into (and where
// Composer or a Node build ran), each copied whole from the builder with vendor/, the built
// assets and the owners the build gave storage/ and bootstrap/cache/ (COPY --from keeps them).
import * as path from 'path';
import { isSystemFolder } from '../../analysis/system-folders';
import type { StageModel } from '../../analysis/stage';
import { commandName } from '../../shell';
import { decline, type Decline } from '../contract';
import { phpData } from './types';

export interface AppLayout {
  /** Folders copied whole. */
  roots: string[];
  /** Single files the context put into system folders (an entrypoint in /usr/local/bin). */
  files: string[];
  /** node_modules folders a frontend build made inside the roots. */
  nodeModules: string[];
}

function under(p: string, dir: string): boolean {
  return p === dir || p.startsWith(`${dir}/`);
}

/**
 * /var/www is a system folder for the providers whose images leave it alone; the php images
 * hold only their empty html/ there, so an app copied into /var/www is the app.
 */
function systemFolder(p: string): boolean {
  return p !== '/var/www' && isSystemFolder(p);
}

export function appLayout(model: StageModel, composerDirs: string[]): AppLayout | Decline {
  const d = phpData();
  const roots: string[] = [];
  const files: string[] = [];
  const config = (p: string) => d.configFiles.some((f) => under(p, f)) || /^\/etc\//.test(p);
  for (const cp of model.copies) {
    if (cp.from !== null || config(cp.dest)) continue;
    const dest = path.posix.normalize(cp.dest).replace(/(.)\/$/, '$1');
    if (!systemFolder(dest)) {
      roots.push(dest);
      continue;
    }
    const named = cp.sources.every((s) => !/[*?[]/.test(s) && path.posix.basename(s) !== '.');
    if (!cp.destIsDir) files.push(dest);
    else if (named)
      for (const s of cp.sources) files.push(path.posix.join(dest, path.posix.basename(s)));
    else
      return decline(
        'MSC046',
        `${cp.ins.raw.trim()} copies the app into ${dest}, a folder the php image fills itself, so the app's files cannot be told apart from the image's; copy the app into its own folder (the image's /var/www/html) and convert again.`,
      );
  }
  for (const dir of composerDirs) {
    if (roots.some((r) => under(dir, r))) continue;
    if (systemFolder(dir))
      return decline(
        'MSC046',
        `Composer installs into ${dir}/vendor, in a folder the php image fills itself, so the app's files cannot be told apart from the image's; run it in the app's own folder and convert again.`,
      );
    roots.push(dir);
  }
  const nodeModules: string[] = [];
  for (const run of model.runs)
    for (const c of run.commands) {
      const tool = commandName(c.argv[0] ?? '');
      if (!d.assetTools.includes(tool) || !roots.some((r) => under(c.cwd, r))) continue;
      const nm = path.posix.join(c.cwd, 'node_modules');
      if (!nodeModules.includes(nm)) nodeModules.push(nm);
    }
  const kept = roots
    .filter((r, i) => roots.indexOf(r) === i)
    .filter((r) => !roots.some((o) => o !== r && under(r, o)));
  return { roots: kept, files: files.filter((f) => !kept.some((r) => under(f, r))), nodeModules };
}
