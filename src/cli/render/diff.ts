// The default report: a unified diff of a converted file, `git apply`-able, coloured on request.
import * as path from 'path';
import { safeLines } from '../../terminal';

/**
 * The diff from `original` to `output`; `human` (shown on a terminal) escapes control
 * characters, piped it stays byte for byte so that `git apply` takes it.
 */
export function diffText(
  file: string,
  original: string,
  output: string,
  { color, human }: { color: boolean; human: boolean },
): string {
  // git-style a/ b/ labels for paths under the current folder, so `git apply` takes the diff.
  const rel = file === '-' ? 'Dockerfile' : path.relative(process.cwd(), file);
  const inside = !rel.startsWith('..') && !path.isAbsolute(rel);
  const [from, to] = inside ? [`a/${rel}`, `b/${rel}`] : [file, file];
  // Loaded here: only diff mode pays for it.
  const { createTwoFilesPatch } = require('diff/lib/patch/create.js') as typeof import('diff');
  const patch = createTwoFilesPatch(from, to, original, output, '', '');
  const body = patch.replace(/^=+\n/m, '').replace(/^Index: .*\n/m, '');
  const shown = human ? safeLines(body) : body;
  return color ? colorize(shown) : shown;
}

export function colorize(patch: string): string {
  return patch
    .split('\n')
    .map((l) => {
      if (l.startsWith('+++') || l.startsWith('---')) return `\x1b[1m${l}\x1b[0m`;
      if (l.startsWith('+')) return `\x1b[32m${l}\x1b[0m`;
      if (l.startsWith('-')) return `\x1b[31m${l}\x1b[0m`;
      if (l.startsWith('@@')) return `\x1b[36m${l}\x1b[0m`;
      return l;
    })
    .join('\n');
}
