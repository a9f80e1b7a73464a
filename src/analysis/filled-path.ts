// A path a program spells out as a string ("web/templates/index.html", "../frontend/build"),
// resolved in the folder it starts in, to the deepest part of it the stage filled: that file
// or folder is what must reach the runtime. Shared by the providers that read paths from
// sources (Go, Java).
import * as path from 'path';
import type { ImageFiles } from './files';

/**
 * The deepest existing image path `lit` names from `cwd`, or null. An absolute path must exist
 * whole (a prefix such as /etc would be the system's); `..` and `.` only move (../server from
 * /lb is /server, not the root it passes through).
 */
export function deepestFilled(files: ImageFiles, cwd: string, lit: string): string | null {
  if (lit.startsWith('/')) return files.existsInImage(lit) ? path.posix.normalize(lit) : null;
  let found: string | null = null;
  let p = cwd;
  for (const part of lit.split('/').filter(Boolean)) {
    const next = path.posix.join(p, part);
    if (part === '.' || part === '..') p = next;
    else if (!files.existsInImage(next)) break;
    else found = p = next;
  }
  return found;
}
