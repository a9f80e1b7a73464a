// The words of a start instruction and how to write new ones in the same form, shared by the
// start rewrites (src/providers/<id>/start-rewrite.ts).
import type { Instruction } from '../parse';

/** A shell-form word that means the same to the shell as written: no quotes, no substitution. */
const PLAIN_WORD = /^[\w./:=,@%+{}$-]+$/;

/** The words of a start instruction as the container gets them, or null when not plain. */
export function wordsOf(ins: Instruction): string[] | null {
  if (ins.exec) return ins.exec;
  return ins.words.every((w) => PLAIN_WORD.test(w)) && !ins.args.includes('$(') ? ins.words : null;
}

/** A word for a RUN line, quoted for the shell when it is not plain. */
export function quote(word: string): string {
  return /^[\w./:=,@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The instruction with its words replaced, in the form it was written in. */
export function restart(ins: Instruction, words: string[]): string {
  if (ins.exec) return `${ins.keyword} ${JSON.stringify(words).replace(/","/g, '", "')}`;
  return `${ins.keyword} ${words.join(' ')}`;
}
