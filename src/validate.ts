// Problems that make a Dockerfile unbuildable as written. msconvert reports them as errors
// instead of guessing: converting a file Docker would reject helps nobody.
import type { ParsedDockerfile } from './parse';

export interface Problem {
  line: number;
  message: string;
}

export function validate(parsed: ParsedDockerfile): Problem | null {
  const unknown = parsed.unknown[0];
  if (unknown) return { line: unknown.line + 1, message: `unknown instruction ${unknown.keyword}` };
  for (const ins of parsed.instructions) {
    if (parsed.stages.length > 0 && ins.start >= parsed.stages[0].from.start) break;
    if (ins.keyword !== 'ARG')
      return { line: ins.line + 1, message: `${ins.keyword} before the first FROM` };
  }
  for (const ins of parsed.instructions) {
    const args = ins.args.trim();
    if (args === '' && !['ONBUILD'].includes(ins.keyword)) {
      return { line: ins.line + 1, message: `${ins.keyword} has no arguments` };
    }
    if (ins.keyword === 'ENV' && ins.pairs.length === 0)
      return { line: ins.line + 1, message: 'ENV needs a name and a value' };
    if (ins.keyword === 'ENV' && ins.pairs.some((p) => p.value === null)) {
      return { line: ins.line + 1, message: 'ENV needs a value' };
    }
    if (
      (ins.keyword === 'COPY' || ins.keyword === 'ADD') &&
      !ins.heredoc &&
      (ins.exec ?? ins.words).length < 2
    ) {
      return { line: ins.line + 1, message: `${ins.keyword} needs a source and a destination` };
    }
  }
  return null;
}
