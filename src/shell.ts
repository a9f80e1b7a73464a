// A small POSIX-shell reader: enough to find the simple commands in a RUN line, their
// environment prefixes and words. It never executes anything and errs on the side of
// keeping text opaque ($(...), backticks and ${...} stay inside their word).

export interface SimpleCommand {
  /** VAR=value prefixes. */
  env: Record<string, string>;
  /** Words with quotes removed (expansions left as written). */
  argv: string[];
  /** True when any word holds an expansion ($, backtick) the reader did not resolve. */
  dynamic: boolean;
}

const OPERATOR_CHARS = new Set(['&', '|', ';', '(', ')', '\n']);

interface Token {
  kind: 'word' | 'op';
  text: string;
  dynamic: boolean;
}

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let word = '';
  let inWord = false;
  let dynamic = false;
  const flush = () => {
    if (inWord) tokens.push({ kind: 'word', text: word, dynamic });
    word = '';
    inWord = false;
    dynamic = false;
  };
  // Reads a balanced $( ... ) or ${ ... } starting at src[i] === '$'.
  const readBalanced = (open: string, close: string): string => {
    let depth = 0;
    let j = i + 1;
    for (; j < src.length; j++) {
      const c = src[j];
      if (c === '\\') {
        j++;
        continue;
      }
      if (c === open) depth++;
      else if (c === close) {
        depth--;
        if (depth === 0) break;
      }
    }
    const out = src.slice(i, j + 1);
    i = j + 1;
    return out;
  };
  while (i < src.length) {
    const c = src[i];
    if (c === '\\') {
      if (src[i + 1] === '\n') {
        i += 2;
        continue;
      }
      word += src[i + 1] ?? '';
      inWord = true;
      i += 2;
      continue;
    }
    if (c === "'") {
      const j = src.indexOf("'", i + 1);
      const end = j < 0 ? src.length : j;
      word += src.slice(i + 1, end);
      inWord = true;
      i = end + 1;
      continue;
    }
    if (c === '"') {
      i++;
      inWord = true;
      while (i < src.length && src[i] !== '"') {
        if (src[i] === '\\' && i + 1 < src.length && '"\\$`\n'.includes(src[i + 1])) {
          if (src[i + 1] !== '\n') word += src[i + 1];
          i += 2;
          continue;
        }
        if (src[i] === '$' && (src[i + 1] === '(' || src[i + 1] === '{')) {
          word += readBalanced(src[i + 1], src[i + 1] === '(' ? ')' : '}');
          dynamic = true;
          continue;
        }
        if (src[i] === '$' || src[i] === '`') dynamic = true;
        word += src[i];
        i++;
      }
      i++;
      continue;
    }
    if (c === '$' && (src[i + 1] === '(' || src[i + 1] === '{')) {
      word += readBalanced(src[i + 1], src[i + 1] === '(' ? ')' : '}');
      inWord = true;
      dynamic = true;
      continue;
    }
    if (c === '`') {
      const j = src.indexOf('`', i + 1);
      const end = j < 0 ? src.length : j;
      word += src.slice(i, end + 1);
      inWord = true;
      dynamic = true;
      i = end + 1;
      continue;
    }
    if (c === '#' && !inWord) {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      flush();
      i++;
      continue;
    }
    if (OPERATOR_CHARS.has(c)) {
      flush();
      let op = c;
      if ((c === '&' || c === '|') && src[i + 1] === c) op += c;
      tokens.push({ kind: 'op', text: op, dynamic: false });
      i += op.length;
      continue;
    }
    if (c === '$') dynamic = true;
    word += c;
    inWord = true;
    i++;
  }
  flush();
  return tokens;
}

const ASSIGN = /^[A-Za-z_][A-Za-z0-9_]*=/;
const RESERVED = new Set([
  'if',
  'then',
  'else',
  'elif',
  'fi',
  'do',
  'done',
  'while',
  'until',
  'for',
  'case',
  'esac',
  '{',
  '}',
  '!',
]);

/** Splits a shell command line into its simple commands, in order. */
export function simpleCommands(src: string): SimpleCommand[] {
  const out: SimpleCommand[] = [];
  let cur: SimpleCommand = { env: {}, argv: [], dynamic: false };
  const push = () => {
    if (cur.argv.length > 0 || Object.keys(cur.env).length > 0) out.push(cur);
    cur = { env: {}, argv: [], dynamic: false };
  };
  for (const t of tokenize(src)) {
    if (t.kind === 'op') {
      push();
      continue;
    }
    if (cur.argv.length === 0 && RESERVED.has(t.text)) continue;
    if (cur.argv.length === 0 && ASSIGN.test(t.text)) {
      const eq = t.text.indexOf('=');
      cur.env[t.text.slice(0, eq)] = t.text.slice(eq + 1);
      continue;
    }
    cur.argv.push(t.text);
    if (t.dynamic) cur.dynamic = true;
  }
  push();
  // `env A=1 cmd`, `exec cmd`, `nohup cmd`, `sudo cmd` run the inner command.
  return out.map(unwrap);
}

function unwrap(c: SimpleCommand): SimpleCommand {
  const argv = [...c.argv];
  const env = { ...c.env };
  for (;;) {
    const head = argv[0];
    if (
      head === 'exec' ||
      head === 'nohup' ||
      head === 'sudo' ||
      head === 'time' ||
      head === 'command'
    ) {
      argv.shift();
      while (argv[0]?.startsWith('-')) argv.shift();
      continue;
    }
    if (head === 'env') {
      argv.shift();
      while (argv.length > 0 && (ASSIGN.test(argv[0]) || argv[0].startsWith('-'))) {
        const w = argv.shift() as string;
        const eq = w.indexOf('=');
        if (eq > 0 && !w.startsWith('-')) env[w.slice(0, eq)] = w.slice(eq + 1);
      }
      continue;
    }
    break;
  }
  return { env, argv, dynamic: c.dynamic };
}

/** True when running this text needs a shell: operators, expansions, quotes, globs. */
export function needsShell(src: string): boolean {
  return /[$`|&;<>(){}*?[\]~'"\\\n]/.test(src);
}

/** The command name without its directory: /usr/bin/curl -> curl. */
export function commandName(word: string | undefined): string {
  if (!word) return '';
  const slash = word.lastIndexOf('/');
  return slash < 0 ? word : word.slice(slash + 1);
}
