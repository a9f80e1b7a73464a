// The one reader of build-tool arguments (go build, cargo, pip, mvn, dotnet, ...). Each tool
// is a table, not a parser: which options take a value, which short letters stand for which
// long names, how many subcommand words come first. What differs between tools' grammars is a
// field of the table, so a new tool is data, and every reader handles `--opt=value`, `--`
// and a missing value the same way.

export interface ToolArgTable {
  /** Options that take a value, spelled as keys are stored (see `dashes`). */
  valued: ReadonlySet<string>;
  /**
   * How option names are stored: 'keep' as written (`--target`, `-o`); 'strip' without their
   * leading dashes, for tools whose flag package takes one or two dashes alike (Go).
   */
  dashes?: 'keep' | 'strip';
  /** Short letters that name a long option (cargo `-p` -> `--package`), applied before lookup. */
  short?: Readonly<Record<string, string>>;
  /** Short options whose value may be glued to them (`-ofile`, `-rreq.txt`, `-j4`). */
  glued?: ReadonlySet<string>;
  /** Leading non-option words taken as subcommand words (`pip install` after `pip`: 1). */
  subWords?: number;
  /** Options end at the first positional (Go: `go build ./cmd -o x` builds a package "-o"). */
  optionsFirst?: boolean;
  /**
   * Single-dash words are clusters of short options, as getopt and clap read them: `-rv` is
   * `-r -v`, and a letter that takes a value takes the rest of the word or the next one
   * (`-rp app`, `-j4`). Without it such a word is one option (Go's `-race`).
   */
  clusters?: boolean;
}

export interface ToolArgs {
  sub: string[];
  /** Each option with its values in order ('' for an option without a value). */
  flags: Map<string, string[]>;
  positional: string[];
  /** Words after a bare `--`, untouched. */
  rest: string[];
}

/** Reads a tool's arguments (the words after the tool's own name) by its table. */
export function readToolArgs(args: readonly string[], t: ToolArgTable): ToolArgs {
  const out: ToolArgs = { sub: [], flags: new Map(), positional: [], rest: [] };
  const add = (k: string, v: string): void => {
    const list = out.flags.get(k);
    if (list) list.push(v);
    else out.flags.set(k, [v]);
  };
  const key = (name: string): string => {
    const long = t.short?.[name] ?? name;
    return t.dashes === 'strip' ? long.replace(/^--?/, '') : long;
  };
  let optionsOver = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      out.rest = args.slice(i + 1);
      break;
    }
    if (!optionsOver && a.startsWith('-') && a !== '-') {
      const eq = a.indexOf('=');
      if (eq > 0 && (a.startsWith('--') || t.dashes === 'strip')) {
        add(key(a.slice(0, eq)), a.slice(eq + 1));
        continue;
      }
      const k = key(a);
      if (t.valued.has(k)) {
        add(k, args[i + 1] ?? '');
        i++;
        continue;
      }
      if (t.clusters && !a.startsWith('--') && a.length > 2) {
        i = readCluster(a, args, i, t, key, add);
        continue;
      }
      const head = a.slice(0, 2);
      if (!a.startsWith('--') && a.length > 2 && t.glued?.has(head)) {
        add(key(head), a.slice(2));
        continue;
      }
      add(k, '');
      continue;
    }
    if (out.sub.length < (t.subWords ?? 0)) out.sub.push(a);
    else {
      out.positional.push(a);
      if (t.optionsFirst) optionsOver = true;
    }
  }
  return out;
}

/** Reads `-abc` letter by letter; returns the index of the last word it used. */
function readCluster(
  a: string,
  args: readonly string[],
  i: number,
  t: ToolArgTable,
  key: (name: string) => string,
  add: (k: string, v: string) => void,
): number {
  for (let j = 1; j < a.length; j++) {
    const k = key(`-${a[j]}`);
    if (!t.valued.has(k)) {
      add(k, '');
      continue;
    }
    if (j + 1 < a.length) add(k, a.slice(j + 1));
    else {
      add(k, args[i + 1] ?? '');
      return i + 1;
    }
    break;
  }
  return i;
}

/** The values an option was given under any of its names, in order. */
export function optionValues(a: ToolArgs, ...names: string[]): string[] {
  const out: string[] = [];
  for (const n of names) for (const v of a.flags.get(n) ?? []) out.push(v);
  return out;
}

/** The last value given to any of these names (the one a tool uses), or null. */
export function lastOption(a: ToolArgs, ...names: string[]): string | null {
  const all = optionValues(a, ...names);
  return all.length ? all[all.length - 1] : null;
}
