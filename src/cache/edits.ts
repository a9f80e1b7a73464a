// Text edits by range, the way every --cache change is made: comments, continuations and line
// ends of the original stay as written.
import type { Instruction } from '../parse';

export interface Edit {
  start: number;
  end: number;
  text: string;
}

/** The text with the edits applied, the last range first so earlier offsets stay valid. */
export function applyEdits(text: string, edits: Edit[]): string {
  let out = text;
  for (const e of [...edits].sort((x, y) => y.start - x.start || y.end - x.end))
    out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/** Start of the comment lines directly above an instruction (they travel with it). */
export function blockStart(text: string, lineStart: number): number {
  let start = lineStart;
  while (start > 0) {
    const prevEnd = start - 1;
    const prevStart = text.lastIndexOf('\n', prevEnd - 1) + 1;
    const line = text.slice(prevStart, prevEnd).replace(/\r$/, '');
    if (!/^\s*#/.test(line)) break;
    start = prevStart;
  }
  return start;
}

export function firstLine(ins: Instruction): string {
  const line = ins.raw.split(/\r?\n/)[0].replace(/\s*\\$/, '');
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}
