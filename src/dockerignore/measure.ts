// How much of a build context on disk an ignore file keeps out: a bounded walk that adds up
// the sizes of regular files (symbolic links are sent as links, so they count as nothing).
import * as fs from 'fs';
import * as path from 'path';
import { hasExceptions, matcher } from './matcher';

export interface Measure {
  /** Bytes of the context the current ignore file sends. */
  sentBefore: number;
  /** Bytes the proposal keeps out on top of that. */
  keptOut: number;
  /** Kept-out bytes per added top-level path (node_modules, .git ...), largest first. */
  byPath: { path: string; bytes: number }[];
  /** True when the walk stopped at its limit: the figures are lower bounds. */
  truncated: boolean;
}

const MAX_ENTRIES = 300000;

export function measure(
  root: string,
  before: readonly string[],
  after: readonly string[],
  limit = MAX_ENTRIES,
): Measure {
  const excludedBefore = matcher(before);
  const excludedAfter = matcher(after);
  const exceptionsBefore = hasExceptions(before);
  const exceptionsAfter = hasExceptions(after);
  let seen = 0;
  let truncated = false;
  let sentBefore = 0;
  let keptOut = 0;
  const byTop = new Map<string, number>();
  // inBefore/inAfter: true when the folder being walked is excluded with everything in it
  // (no exception can bring a file back), so its files need no matching. `top` is the
  // highest path the proposal newly keeps out, for the per-path figures.
  const visit = (rel: string, inBefore: boolean, inAfter: boolean, top: string | null) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(root, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (seen++ >= limit) {
        truncated = true;
        return;
      }
      const child = rel ? `${rel}/${e.name}` : e.name;
      const b = inBefore || excludedBefore(child);
      // Sent nowhere already: the proposal never brings back what the file kept out.
      if (b && !exceptionsBefore) continue;
      const a = inAfter || excludedAfter(child);
      const t = top ?? (a && !b ? child : null);
      if (e.isDirectory()) {
        visit(child, false, a && !exceptionsAfter, t);
      } else if (e.isFile()) {
        let size = 0;
        try {
          size = fs.lstatSync(path.join(root, child)).size;
        } catch {
          continue;
        }
        if (!b) sentBefore += size;
        if (a && !b) {
          keptOut += size;
          const key = t ?? child;
          byTop.set(key, (byTop.get(key) ?? 0) + size);
        }
      }
      if (truncated) return;
    }
  };
  visit('', false, false, null);
  const byPath = [...byTop]
    .map(([p, bytes]) => ({ path: p, bytes }))
    .sort((x, y) => y.bytes - x.bytes);
  return { sentBefore, keptOut, byPath, truncated };
}

/** Megabytes (10^6 bytes) with one decimal; kilobytes below a tenth of a megabyte. */
export function mb(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  return bytes < 1e5 ? `${(bytes / 1e3).toFixed(1)} kB` : `${(bytes / 1e6).toFixed(1)} MB`;
}
