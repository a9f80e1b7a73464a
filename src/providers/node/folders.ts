// The folders that make up the app: where dependencies were installed, the final WORKDIR, and
// everything copied from the context outside system folders.
import * as path from 'path';
import type { StageModel } from '../../analysis/stage';
import { systemFolders } from '../../analysis/system-folders';
import { decline, type Decline, type ProviderInput } from '../contract';
import { projectOf } from './managers';
import type { Install } from './types';

// The OS's and the base image's folders (src/analysis/system-folders.ts), which the runtime
// stage must not copy whole. Three on purpose for Node: `/` is not among them (an app in the
// root is declined below, MSC012, rather than guessed at), nor is /usr/src: Debian's and
// Alpine's base images leave it empty and the Node images put nothing there, so what it holds
// the build put there, and `WORKDIR /usr/src` apps are copied whole like `WORKDIR /app` ones.
// The same holds for /var/www, the conventional home of web apps, which no Node image fills.
export const SYSTEM_DIRS: readonly string[] = systemFolders({ root: false, usrSrc: false }).filter(
  (p) => p !== '/var/www',
);

export interface AppFolders {
  /** The app's folders, none inside another, copied whole. */
  roots: string[];
  /** Files the original put in a system folder (an entrypoint in /usr/local/bin). */
  singleFiles: string[];
}

/** The app's folders, or the decline when the app shares a folder with the image's files. */
export function appFolders(
  model: StageModel,
  files: ProviderInput['files'],
  local: Install[],
): AppFolders | Decline {
  const workdir = model.cwd;
  const dirs = new Set<string>([workdir, ...local.map(projectOf)]);
  const singleFiles: string[] = [];
  for (const t of files.targets()) {
    const top = t.split('/').slice(0, 2).join('/') || '/';
    if (SYSTEM_DIRS.includes(path.posix.dirname(t)) && !dirs.has(t)) {
      // A file put in a system folder (an entrypoint script in /usr/local/bin): that file only.
      if (!SYSTEM_DIRS.includes(t)) singleFiles.push(t);
    } else if (!SYSTEM_DIRS.includes(top) || path.posix.dirname(t) !== '/') {
      dirs.add(SYSTEM_DIRS.includes(t) ? t : t);
    }
  }
  // A folder copied into one of them (`WORKDIR /opt` + `COPY . .`) mixes the app with the
  // image's own files: copying the folder would carry the image's, copying nothing loses the app.
  const mixed = files
    .targets()
    .find((t) => SYSTEM_DIRS.includes(t) && files.list(t).some((n) => n !== 'node_modules/'));
  if (mixed && mixed !== '/') {
    return decline(
      'MSC012',
      `the app's files are copied into ${mixed}, a folder the base image also fills, so msconvert cannot tell the app's files from the image's; copy the app into a folder of its own (WORKDIR /app) and convert again.`,
    );
  }
  for (const dir of [...dirs]) if (SYSTEM_DIRS.includes(dir)) dirs.delete(dir);
  if (dirs.has('/') || workdir === '/') {
    return decline(
      'MSC012',
      "the app is installed in the filesystem root (no WORKDIR), so msconvert cannot tell its files from the image's; set a WORKDIR such as /app and convert again.",
    );
  }
  const roots = [...dirs]
    .sort()
    .filter((d2, i, all) => !all.slice(0, i).some((p) => d2.startsWith(`${p}/`)));
  return { roots, singleFiles };
}
