// The projects a Gradle settings file includes, read only where it is plain: `include` of
// quoted project paths (Groovy `include 'a', ':b:c'`, `include('a')`, Kotlin
// `include("a", "b")`). Anything that adds, moves, renames or configures projects in another
// way is a reason msconvert cannot tell which projects the build has, and the caller declines.

/** The text with comments blanked out (strings kept), so a commented line reads as nothing. */
export function stripComments(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const two = text.slice(i, i + 2);
    if (two === '//') {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? text.length : end;
      out += ' '.repeat(stop - i);
      i = stop;
    } else if (two === '/*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      out += text.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else if (c === '"' || c === "'") {
      const quote = text.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
      let j = i + quote.length;
      while (j < text.length && !text.startsWith(quote, j)) j += text[j] === '\\' ? 2 : 1;
      const stop = Math.min(text.length, j + quote.length);
      out += text.slice(i, stop);
      i = stop;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

export interface GradleSettings {
  /** rootProject.name, or null when the file does not set it as a literal. */
  rootName: string | null;
  /** Included project paths without the leading ':' ('app', 'libs:core'), parents included. */
  projects: string[];
}

/** Statements that change which projects exist, where they live or how they are configured. */
const UNREAD: [RegExp, string][] = [
  [/\bincludeBuild\b/, 'includes another build (includeBuild), whose plugins and tasks'],
  [/\bincludeFlat\b/, 'includes a project beside the root folder (includeFlat), which'],
  [/\bprojectDir\b/, "moves a project's folder (projectDir), which"],
  [/\bbuildFileName\b/, "renames a project's build file (buildFileName), which"],
  [/\bproject\s*\([^)]*\)\s*\.\s*name\b|\.children\b/, 'renames projects, which'],
  [
    /\b(allprojects|subprojects|beforeProject|afterProject|projectsLoaded|projectsEvaluated)\b/,
    'configures the projects ($1), which',
  ],
  [/\bapply\s*\(?\s*(from|plugin)\b/, 'applies a script or plugin ($1), which'],
];

/** The argument text of `include` at `at` (after the word): a parenthesised list or a line. */
function includeArgs(code: string, at: number): string {
  const rest = code.slice(at);
  const open = /^\s*\(/.exec(rest);
  if (open) {
    let depth = 0;
    for (let i = open[0].length - 1; i < rest.length; i++) {
      if (rest[i] === '(') depth++;
      else if (rest[i] === ')' && --depth === 0) return rest.slice(open[0].length, i);
    }
    return rest;
  }
  // Groovy without parentheses: the statement goes on while a line ends with a comma.
  const m = /^(?:[^\n]*,[ \t]*\n)*[^\n]*/.exec(rest);
  return m ? m[0] : '';
}

/**
 * The projects a settings file includes, or the reason it cannot be read exactly. `file` is
 * the settings file's name, for the reason.
 */
export function readSettings(text: string, file: string): GradleSettings | string {
  const code = stripComments(text);
  for (const [re, what] of UNREAD) {
    const m = re.exec(code);
    if (m) return `${file} ${what.replace('$1', m[1] ?? '')} msconvert does not read`;
  }
  const rootName = /rootProject\.name\s*=\s*["']([^"'$]+)["']/.exec(code)?.[1] ?? null;
  const projects = new Set<string>();
  for (const m of code.matchAll(/\binclude\b/g)) {
    const args = includeArgs(code, (m.index ?? 0) + m[0].length);
    const list = args.trim().replace(/^\[([\s\S]*)\]$/, '$1');
    // (Kotlin allows a comma after the last argument.)
    const items = list
      .split(',')
      .map((s) => s.trim())
      .filter((s, i, all) => s !== '' || i < all.length - 1);
    const paths = items.map((s) => /^(["'])(:?[\w.-]+(?::[\w.-]+)*)\1$/.exec(s)?.[2]);
    if (items.length === 0 || paths.some((p) => p === undefined))
      return `${file} includes projects msconvert cannot read (\`include${args.replace(/\s+/g, ' ').slice(0, 60)}\` is not a list of quoted project paths)`;
    for (const p of paths as string[]) {
      // include ':a:b' also makes ':a' a project, with its own folder and build file.
      const parts = p.replace(/^:/, '').split(':');
      for (let n = 1; n <= parts.length; n++) projects.add(parts.slice(0, n).join(':'));
    }
  }
  return { rootName, projects: [...projects] };
}
