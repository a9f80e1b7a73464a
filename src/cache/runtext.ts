// Offsets inside one RUN instruction, so the cache edits can move or trim a command chain
// without reprinting it: where the arguments start (after the keyword and any --flags), and
// the top-level `&&` chain they form.
import type { Instruction } from '../parse';

export interface Segment {
  /** Offsets into the instruction's raw text. */
  start: number;
  end: number;
  /** The segment as the shell reads it (line continuations removed). */
  text: string;
}

/** Offset in `ins.raw` where the arguments start: after `RUN`, white space and flags. */
export function argsOffset(ins: Instruction, escape: string): number {
  const raw = ins.raw;
  let i = ins.keyword.length;
  const skipSpace = () => {
    for (;;) {
      if (raw[i] === ' ' || raw[i] === '\t') i++;
      else if (raw[i] === escape && (raw[i + 1] === '\n' || raw[i + 1] === '\r')) {
        i++;
        if (raw[i] === '\r') i++;
        if (raw[i] === '\n') i++;
      } else if (raw[i] === '\n' || raw[i] === '\r') i++;
      else return;
    }
  };
  skipSpace();
  while (raw.startsWith('--', i)) {
    while (i < raw.length && !/[ \t\r\n]/.test(raw[i])) i++;
    skipSpace();
  }
  return i;
}

/**
 * The `&&`-separated commands of a shell-form RUN, with their offsets in `ins.raw`, or null
 * when the text holds anything else at the top level (`;`, `|`, `||`, a lone `&`, subshells,
 * command substitution, comments inside the continuation, heredocs): then no command is moved.
 */
export function andChain(ins: Instruction, escape: string): Segment[] | null {
  if (ins.exec || ins.heredoc || escape !== '\\') return null;
  const raw = ins.raw;
  const from = argsOffset(ins, escape);
  const out: Segment[] = [];
  let start = from;
  let quote: string | null = null;
  let i = from;
  const push = (end: number) => {
    const piece = raw.slice(start, end);
    const text = piece
      .replace(/\\\r?\n/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    if (text === '') return false;
    out.push({ start: start + (piece.length - piece.trimStart().length), end, text });
    return true;
  };
  for (; i < raw.length; i++) {
    const c = raw[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = null;
      else if (quote === '"' && (c === '`' || (c === '$' && raw[i + 1] === '('))) return null;
      continue;
    }
    if (c === '\\') {
      if (raw[i + 1] === '\r') i++;
      i++;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      continue;
    }
    if (c === '`' || (c === '$' && raw[i + 1] === '(')) return null;
    if (c === '#' && (i === from || /\s/.test(raw[i - 1]))) return null;
    if (c === '<' && raw[i + 1] === '<') return null;
    if (c === ';' || c === '|' || c === '(' || c === ')' || c === '{' || c === '}') return null;
    if (c === '&') {
      if (raw[i + 1] !== '&') return null;
      // Trim the white space and continuation before the operator.
      let end = i;
      while (end > start && /[ \t\r\n\\]/.test(raw[end - 1])) end--;
      if (!push(end)) return null;
      i += 2;
      while (i < raw.length && /[ \t\r\n\\]/.test(raw[i])) i++;
      start = i;
      i--;
    }
  }
  if (quote) return null;
  let end = raw.length;
  while (end > start && /[ \t\r\n\\]/.test(raw[end - 1])) end--;
  if (!push(end)) return null;
  return out;
}
