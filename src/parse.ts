// The only module that imports dockerfile-ast. Everything else works on the plain
// records below, whose ranges are offsets into the original text (BOM included), so
// that edits can be spliced into the original without reprinting it.
import {
  DockerfileParser,
  From,
  Instruction as AstInstruction,
  JSONInstruction,
  Heredoc,
} from 'dockerfile-ast';
import { chompEol, trimBlanksEnd } from './text';

export interface Flag {
  name: string;
  value: string | null;
}

export interface KeyValue {
  name: string;
  /** The value with quotes and escapes removed. */
  value: string | null;
}

export interface Instruction {
  /** Upper-case keyword: FROM, RUN, COPY ... */
  keyword: string;
  /** Offset of the first character of the keyword. */
  start: number;
  /** Offset just past the last character of the instruction (before its line break). */
  end: number;
  /** Offset of the start of the line the instruction begins on. */
  lineStart: number;
  /** Offset just past the line break that ends the instruction (or the end of text). */
  lineEnd: number;
  /** 0-based line number of the keyword. */
  line: number;
  /** The instruction's text exactly as written, continuations included. */
  raw: string;
  /** Arguments after the flags, continuations joined, as dockerfile-ast reads them. */
  args: string;
  /** Whitespace-separated argument words (after flags), quotes kept. */
  words: string[];
  flags: Flag[];
  /** JSON (exec) form strings, or null for the shell form. */
  exec: string[] | null;
  /** Key/value pairs for ENV, LABEL and ARG. */
  pairs: KeyValue[];
  heredoc: boolean;
}

export interface Stage {
  from: Instruction;
  /** Image reference as written (variables not expanded). */
  image: string;
  /** Offset just past the image reference, where ` AS name` goes. */
  imageEnd: number;
  name: string | null;
  instructions: Instruction[];
}

export interface ParsedDockerfile {
  text: string;
  bom: boolean;
  eol: '\n' | '\r\n';
  escape: string;
  directives: KeyValue[];
  /** ARG instructions before the first FROM. */
  globalArgs: Instruction[];
  stages: Stage[];
  instructions: Instruction[];
  /** Instructions dockerfile-ast did not recognise (typos, unknown keywords). */
  unknown: Instruction[];
  /**
   * 0-based line where dockerfile-ast starts (or does not start) an instruction where Docker
   * does not (or does): its reading of a continuation or heredoc there cannot be trusted.
   */
  misread: number | null;
}

const KNOWN = new Set([
  'ADD',
  'ARG',
  'CMD',
  'COPY',
  'ENTRYPOINT',
  'ENV',
  'EXPOSE',
  'FROM',
  'HEALTHCHECK',
  'LABEL',
  'MAINTAINER',
  'ONBUILD',
  'RUN',
  'SHELL',
  'STOPSIGNAL',
  'USER',
  'VOLUME',
  'WORKDIR',
]);

function execForm(args: string | null): string[] | null {
  const t = args?.trim() ?? '';
  if (!t.startsWith('[') || !t.endsWith(']')) return null;
  try {
    const v = JSON.parse(t) as unknown;
    return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : null;
  } catch {
    return null;
  }
}

function lineStarts(text: string): number[] {
  // Same line breaks as vscode-languageserver-textdocument: \r\n, \n and a lone \r.
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (c === 10) {
      starts.push(i + 1);
    }
  }
  return starts;
}

/**
 * Docker drops comment lines and blank lines inside a line continuation, however they are
 * indented and whatever they contain; dockerfile-ast 0.7.1 keeps an indented comment or a
 * whitespace-only line in the arguments (`apt-get install -y \` / `  # tls` / `  ca-certificates`
 * reads as two commands) and misreads a comment that contains the escape character. Each such
 * line is blanked to `#` and spaces of the same length, so every offset stays valid and
 * dockerfile-ast sees the instruction as Docker does. Returns the text unchanged when no line
 * needs it.
 */
/** Leading white space as Go's unicode.IsSpace (BuildKit's trimLeadingWhitespace) sees it. */
const GO_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

function blankContinuationComments(body: string, starts: number[], escape: string): string {
  const blanks: [number, string][] = [];
  let continuing = false;
  for (let i = 0; i < starts.length; i++) {
    const from = starts[i];
    const to = i + 1 < starts.length ? starts[i + 1] : body.length;
    const line = chompEol(body.slice(from, to));
    const trimmed = line.replace(GO_SPACE, '');
    const skipped = trimmed === '' || trimmed.startsWith('#');
    if (continuing && skipped) {
      const blank = line.length > 0 ? `#${' '.repeat(line.length - 1)}` : '';
      if (blank !== line) blanks.push([from, blank]);
    } else if (!skipped) {
      continuing = trimBlanksEnd(line).endsWith(escape);
    }
  }
  if (blanks.length === 0) return body;
  let out = '';
  let at = 0;
  for (const [from, blank] of blanks) {
    out += body.slice(at, from) + blank;
    at = from + blank.length;
  }
  return out + body.slice(at);
}

/**
 * The lines on which Docker (BuildKit's parser) starts an instruction: comment and blank lines
 * are skipped, also inside a continuation; a line continues when it ends in the escape character
 * not preceded by another one; RUN, COPY and ADD heredocs run to their closing line.
 */
function dockerInstructionLines(body: string, starts: number[], escape: string): number[] {
  const lines = starts.map((from, i) =>
    chompEol(body.slice(from, i + 1 < starts.length ? starts[i + 1] : body.length)),
  );
  const skipped = (l: string) => {
    const t = l.replace(GO_SPACE, '');
    return t === '' || t.startsWith('#');
  };
  const continues = (l: string) => {
    const t = trimBlanksEnd(l);
    return t.endsWith(escape) && (t.length === 1 || t[t.length - 2] !== escape);
  };
  const out: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (skipped(lines[i])) continue;
    out.push(i);
    // The logical line's parts: trimming only the newest keeps a long continuation linear.
    const parts = [lines[i]];
    while (continues(lines[i]) && i + 1 < lines.length) {
      parts[parts.length - 1] = trimBlanksEnd(parts[parts.length - 1]).slice(0, -1);
      i++;
      while (i < lines.length - 1 && skipped(lines[i])) i++;
      if (skipped(lines[i])) break;
      parts.push(lines[i]);
    }
    const logical = parts.join('');
    const keyword = /^\s*(\S+)/.exec(logical)?.[1].toUpperCase();
    if (keyword !== 'RUN' && keyword !== 'COPY' && keyword !== 'ADD') continue;
    for (const word of logical.split(/\s+/)) {
      const m = /^\d*<<(-?)(["']?)([^<"'\s]+)\2$/.exec(word);
      if (!m) continue;
      const [, dash, , name] = m;
      i++;
      while (i < lines.length && (dash ? lines[i].replace(/^\t+/, '') : lines[i]) !== name) i++;
    }
  }
  return out;
}

export function parseDockerfile(text: string): ParsedDockerfile {
  const bom = text.charCodeAt(0) === 0xfeff;
  const body = bom ? text.slice(1) : text;
  const shift = bom ? 1 : 0;
  const starts = lineStarts(body);
  const offset = (p: { line: number; character: number }): number =>
    shift + Math.min((starts[p.line] ?? body.length) + p.character, body.length);
  const nextLine = (line: number): number =>
    shift + (line + 1 < starts.length ? starts[line + 1] : body.length);

  let ast = DockerfileParser.parse(body);
  const cleaned = blankContinuationComments(body, starts, ast.getEscapeCharacter());
  if (cleaned !== body) ast = DockerfileParser.parse(cleaned);
  // The file's own line break, taken from its first line, is used for every added line.
  const lf = body.indexOf('\n');
  const eol: '\n' | '\r\n' = lf > 0 && body[lf - 1] === '\r' ? '\r\n' : '\n';

  const toRecord = (ins: AstInstruction): Instruction => {
    const range = ins.getRange();
    const start = offset(range.start);
    const end = offset(range.end);
    const keyword = ins.getKeyword().toUpperCase();
    let exec: string[] | null = null;
    let heredoc = false;
    if (ins instanceof JSONInstruction) {
      // Read the JSON ourselves: dockerfile-ast's getJSONValue() drops the spaces inside
      // strings ("a b" -> "ab"). Docker's rule: a valid JSON array of strings is the exec
      // form, anything else is the shell form.
      exec = execForm(ins.getArgumentsContent());
      const withHeredocs = ins as unknown as { getHeredocs?: () => Heredoc[] };
      try {
        heredoc =
          typeof withHeredocs.getHeredocs === 'function' && withHeredocs.getHeredocs().length > 0;
      } catch {
        // dockerfile-ast 0.7.1 throws on some comment lines inside a continuation
        // (`COPY \` / `# \!$` / `. .`): fall back to looking for a heredoc opener.
        heredoc = /<<-?\s*(["']?)[A-Za-z_][\w.-]*\1/.test(ins.getArgumentsContent() ?? '');
      }
    }
    const flagged = ins as unknown as {
      getFlags?: () => { getName(): string; getValue(): string | null }[];
    };
    const flags =
      typeof flagged.getFlags === 'function'
        ? flagged.getFlags().map((f) => ({ name: f.getName(), value: f.getValue() }))
        : [];
    const withProps = ins as unknown as {
      getProperties?: () => { getName(): string; getValue(): string | null }[];
    };
    let pairs: KeyValue[] = [];
    if (typeof withProps.getProperties === 'function') {
      pairs = withProps.getProperties().map((p) => ({ name: p.getName(), value: p.getValue() }));
    }
    if (keyword === 'ARG' && pairs.length === 0) {
      const w = ins.getArguments()[0]?.getValue();
      if (w) {
        const eq = w.indexOf('=');
        pairs = [
          eq < 0 ? { name: w, value: null } : { name: w.slice(0, eq), value: w.slice(eq + 1) },
        ];
      }
    }
    const lineStartOffset = shift + starts[range.start.line];
    return {
      keyword,
      start,
      end,
      lineStart: lineStartOffset,
      lineEnd: nextLine(range.end.line),
      line: range.start.line,
      raw: text.slice(start, end),
      args: ins.getArgumentsContent() ?? '',
      words: ins.getArguments().map((a) => a.getValue()),
      flags,
      exec,
      pairs,
      heredoc,
    };
  };

  const instructions: Instruction[] = [];
  const docker = dockerInstructionLines(body, starts, ast.getEscapeCharacter());
  const astLines = ast.getInstructions().map((i) => i.getRange().start.line);
  let misread: number | null = null;
  for (let i = 0; i < Math.max(docker.length, astLines.length); i++) {
    if (docker[i] !== astLines[i]) {
      misread = Math.min(docker[i] ?? Infinity, astLines[i] ?? Infinity);
      break;
    }
  }
  const unknown: Instruction[] = [];
  const stages: Stage[] = [];
  const globalArgs: Instruction[] = [];
  for (const ins of ast.getInstructions()) {
    const rec = toRecord(ins);
    instructions.push(rec);
    if (!KNOWN.has(rec.keyword)) unknown.push(rec);
    if (ins instanceof From) {
      const imageRange = ins.getImageRange();
      const image = ins.getImage() ?? '';
      stages.push({
        from: rec,
        image,
        imageEnd: imageRange ? offset(imageRange.end) : rec.end,
        name: ins.getBuildStage(),
        instructions: [],
      });
    } else if (stages.length === 0) {
      if (rec.keyword === 'ARG') globalArgs.push(rec);
    } else {
      stages[stages.length - 1].instructions.push(rec);
    }
  }
  return {
    text,
    bom,
    eol,
    escape: ast.getEscapeCharacter(),
    directives: ast.getDirectives().map((d) => ({ name: d.getName(), value: d.getValue() })),
    globalArgs,
    stages,
    instructions,
    unknown,
    misread,
  };
}
