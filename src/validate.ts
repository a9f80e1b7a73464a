// Problems that make a Dockerfile unbuildable as written. msconvert reports them as errors
// instead of guessing: converting a file Docker would reject helps nobody.
import { parseDockerfile, type ParsedDockerfile } from './parse';
import { trimBlanksEnd } from './text';

export interface Problem {
  line: number;
  message: string;
  /**
   * invalid: Docker would reject the file too (an error). unsupported: Docker builds it, but
   * msconvert cannot read it exactly as Docker does, so it declines rather than guess.
   */
  kind: 'invalid' | 'unsupported';
}

function loneCarriageReturn(parsed: ParsedDockerfile): Problem | null {
  // Docker splits lines on LF only (a CR before it is dropped); a lone CR is not a line break
  // to Docker, but it is to dockerfile-ast, so the two would read different instructions.
  const cr = /\r(?!\n)/.exec(parsed.text);
  if (cr) {
    const line = parsed.text.slice(0, cr.index).split('\n').length;
    return {
      kind: 'unsupported',
      line,
      message:
        'a carriage return (CR) without a line feed: Docker breaks lines only at LF or CRLF, so it would not read this file as it looks; save it with LF or CRLF line endings',
    };
  }
  return null;
}

function openContinuation(parsed: ParsedDockerfile): Problem | null {
  // A continuation left open at the end of the file would swallow the first line of any
  // stage appended after it (Docker skips blank and comment lines inside a continuation).
  const lines = parsed.stages.length > 1 ? [] : parsed.text.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const l = lines[i].replace(/\r$/, '');
    if (l.trim() === '' || l.trim().startsWith('#')) continue;
    if (trimBlanksEnd(l).endsWith(parsed.escape)) {
      return {
        kind: 'unsupported',
        line: i + 1,
        message: `the file ends in a line continuation (a trailing ${parsed.escape}), so a stage added after it would join this instruction; remove the trailing ${parsed.escape}`,
      };
    }
    break;
  }
  return null;
}

function escapedEscape(parsed: ParsedDockerfile): Problem | null {
  // Docker does not continue a line that ends in an escaped escape (`\\`), but dockerfile-ast
  // does: it would merge the next instruction into this one and msconvert would misread both.
  const esc2 = parsed.escape + parsed.escape;
  for (const ins of parsed.instructions) {
    if (ins.heredoc) continue;
    const rows = ins.raw.split('\n');
    for (let i = 0; i < rows.length - 1; i++) {
      const row = trimBlanksEnd(rows[i].replace(/\r$/, ''));
      if (row.trimStart().startsWith('#') || !row.endsWith(esc2)) continue;
      return {
        kind: 'unsupported',
        line: ins.line + i + 1,
        message: `the line ends in ${esc2}, which Docker reads as an escaped ${parsed.escape} that ends the instruction, but msconvert's parser reads as a line continuation; put the value in quotes or end the line differently`,
      };
    }
  }
  return null;
}

/** Where dockerfile-ast's reading of the lines is known to differ from Docker's. */
function misread(parsed: ParsedDockerfile): Problem | null {
  if (parsed.misread !== null) {
    return {
      kind: 'unsupported',
      line: parsed.misread + 1,
      message:
        "msconvert's parser would split the instructions here differently from Docker (a line continuation or heredoc it misreads), so it cannot convert this file safely; simplify the continuation or heredoc on this line",
    };
  }
  return null;
}

function unclosedHeredoc(parsed: ParsedDockerfile): Problem | null {
  // A heredoc that is never closed runs to the end of the file and would swallow a stage
  // added after it.
  for (const ins of parsed.instructions) {
    if (!ins.heredoc) continue;
    const rows = ins.raw.split('\n').map((r) => r.replace(/\r$/, ''));
    // The instruction's own lines (continuations included) come before the heredoc bodies.
    let from = 0;
    while (from < rows.length - 1 && trimBlanksEnd(rows[from]).endsWith(parsed.escape)) from++;
    const head = rows.slice(0, ++from).join('\n');
    const opener = /<<(-?)\s*(["']?)([A-Za-z_][\w.-]*)\2/g;
    for (let m = opener.exec(head); m; m = opener.exec(head)) {
      const [, dash, , name] = m;
      let end = from;
      while (end < rows.length && (dash ? rows[end].replace(/^\t+/, '') : rows[end]) !== name)
        end++;
      if (end >= rows.length) {
        return {
          kind: 'unsupported',
          line: ins.line + 1,
          message: `the heredoc <<${dash}${name} is never closed by a line ${name}, so it runs to the end of the file; close it`,
        };
      }
      from = end + 1;
    }
  }
  return null;
}

function openEnd(parsed: ParsedDockerfile): Problem | null {
  // Whatever else makes the end of the file open (dockerfile-ast's view of it), a stage added
  // after the last instruction must come out as a stage of its own. Only the last instruction
  // is parsed again (with the escape directive it was read under): parsing the whole file a
  // second time doubled the time and the memory a large file takes.
  if (parsed.stages.length === 1) {
    const last = parsed.instructions[parsed.instructions.length - 1];
    const tail = parsed.text.slice(last.lineStart);
    const sep = tail.endsWith('\n') ? parsed.eol : parsed.eol + parsed.eol;
    const directive = parsed.escape === '\\' ? '' : `# escape=${parsed.escape}${parsed.eol}`;
    const probe = parseDockerfile(`${directive}${tail}${sep}FROM scratch${parsed.eol}`);
    if (
      probe.instructions.length !== 2 ||
      probe.instructions[1].keyword !== 'FROM' ||
      probe.instructions[0].raw !== last.raw
    ) {
      return {
        kind: 'unsupported',
        line: last.line + 1,
        message:
          'the last instruction does not end where the file ends, so a stage added after it would become part of it; end the file with a complete instruction',
      };
    }
  }
  return null;
}

/** An instruction Docker does not know. */
function unknownInstruction(parsed: ParsedDockerfile): Problem | null {
  const unknown = parsed.unknown[0];
  if (unknown)
    return {
      kind: 'invalid',
      line: unknown.line + 1,
      message: `unknown instruction ${unknown.keyword}`,
    };
  return null;
}

/** Only ARG may come before the first FROM. */
function beforeFirstFrom(parsed: ParsedDockerfile): Problem | null {
  for (const ins of parsed.instructions) {
    if (parsed.stages.length > 0 && ins.start >= parsed.stages[0].from.start) break;
    if (ins.keyword !== 'ARG')
      return {
        kind: 'invalid',
        line: ins.line + 1,
        message: `${ins.keyword} before the first FROM`,
      };
  }
  return null;
}

function fromWords(parsed: ParsedDockerfile): Problem | null {
  for (const stage of parsed.stages) {
    // Docker: FROM takes an image, optionally followed by AS and a name (nothing else).
    const w = stage.from.words.filter((x) => !x.startsWith('--'));
    const named = w.length === 3 && w[1].toUpperCase() === 'AS';
    if (w.length !== 1 && !named) {
      return {
        kind: 'invalid',
        line: stage.from.line + 1,
        message: `FROM takes an image and optionally AS and a stage name, not "${stage.from.args.trim()}"`,
      };
    }
  }
  return null;
}

/** Instructions without the arguments Docker requires, and USER with more than one word. */
function instructionArguments(parsed: ParsedDockerfile): Problem | null {
  for (const ins of parsed.instructions) {
    const args = ins.args.trim();
    if (args === '' && !['ONBUILD'].includes(ins.keyword)) {
      return { kind: 'invalid', line: ins.line + 1, message: `${ins.keyword} has no arguments` };
    }
    if (ins.keyword === 'ENV' && ins.pairs.length === 0)
      return { kind: 'invalid', line: ins.line + 1, message: 'ENV needs a name and a value' };
    if (ins.keyword === 'ENV' && ins.pairs.some((p) => p.value === null)) {
      return { kind: 'invalid', line: ins.line + 1, message: 'ENV needs a value' };
    }
    if (
      (ins.keyword === 'COPY' || ins.keyword === 'ADD') &&
      !ins.heredoc &&
      (ins.exec ?? ins.words).length < 2
    ) {
      return {
        kind: 'invalid',
        line: ins.line + 1,
        message: `${ins.keyword} needs a source and a destination`,
      };
    }
    // Docker takes the whole rest of the line as the user, so `USER app web` builds but no
    // container can start: there is no user called "app web".
    if (ins.keyword === 'USER' && /\s/.test(args)) {
      return {
        kind: 'invalid',
        line: ins.line + 1,
        message: `USER takes one user (name or UID, with an optional :group), not "${args}"`,
      };
    }
  }
  return null;
}

/** The problems, in the order they are reported: the first found is the one given. */
const CHECKS = [
  loneCarriageReturn,
  openContinuation,
  escapedEscape,
  misread,
  unclosedHeredoc,
  openEnd,
  unknownInstruction,
  beforeFirstFrom,
  fromWords,
  instructionArguments,
];

export function validate(parsed: ParsedDockerfile): Problem | null {
  for (const check of CHECKS) {
    const problem = check(parsed);
    if (problem) return problem;
  }
  return null;
}
