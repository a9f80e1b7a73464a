// Commands the app's own source starts at run time (child_process in JavaScript, os/exec in
// Go, subprocess and os.system in Python, shell_exec and its kin in PHP), read from the context. A full builder image has
// git, curl, python3 ...; a slim or distroless runtime does not, so the ones the app runs must
// come along.
import type { BuildContext } from '../context';
import { commandName } from '../shell';

export type SourceLanguage = 'js' | 'go' | 'py' | 'rb' | 'php';

interface Language {
  /** The command name a call starts, as the first group. */
  call: RegExp;
  /** Source files. */
  file: RegExp;
  /** Test files, whose commands the app does not run. */
  test: RegExp;
  /** Text a file must contain for its calls to be looked for. */
  mentions: RegExp;
  /** Folders not read (besides hidden ones). */
  skip: ReadonlySet<string>;
}

const SKIP = new Set([
  'node_modules/',
  'vendor/',
  '.git/',
  'dist/',
  'build/',
  'coverage/',
  'test/',
  'tests/',
  '__tests__/',
  'testdata/',
]);

const LANGUAGES: Record<SourceLanguage, Language> = {
  js: {
    call: /\b(?:exec|execSync|spawn|spawnSync|execFile|execFileSync|execa|execaSync|\$)\s*\(\s*['"`]([\w./+-]+)/g,
    file: /\.(c|m)?(j|t)sx?$/,
    test: /_test\.go$|\.(test|spec)\./,
    mentions: /child_process|execa|zx|shelljs/,
    skip: SKIP,
  },
  go: {
    call: /\bexec\.Command(?:Context)?\(\s*(?:ctx\s*,\s*)?"([\w./+-]+)"/g,
    file: /\.go$/,
    test: /_test\.go$|\.(test|spec)\./,
    mentions: /os\/exec/,
    skip: SKIP,
  },
  // Ruby: backticks, %x(), Kernel#system/exec/spawn, Open3 and IO.popen (no adjacent
  // optional blanks, so the pattern stays linear).
  rb: {
    call: /(?:`|%x[({[]|\b(?:system|exec|spawn|capture2e?|capture3|popen[23]?e?|popen)\s*(?:\(\s*)?(?:\[\s*)?['"])([\w./+-]+)/g,
    file: /\.(rb|ru|rake)$/,
    test: /_(spec|test)\.rb$/,
    mentions: /`|%x|system|exec|spawn|popen|capture/,
    skip: SKIP,
  },
  // PHP: the program-execution functions and Symfony's `new Process([...])`, with a literal
  // command; not methods of the same name ($pdo->exec, Process::exec) nor curl_exec.
  // Backticks are left out: SQL in PHP strings quotes its identifiers with them.
  php: {
    call: /(?:(?<![\w>:$])(?:shell_exec|exec|system|passthru|popen|proc_open)|\bnew\s+Process)\s*\(\s*(?:\[\s*)?['"]([\w./+-]+)/g,
    file: /\.(php|phtml|inc)$/,
    test: /Test\.php$/,
    mentions: /shell_exec|exec|system|passthru|popen|proc_open|Process/,
    skip: SKIP,
  },
  // Python's own list: venvs and installed site-packages hold other projects' sources.
  py: {
    call: /\b(?:subprocess\.(?:run|call|check_call|check_output|Popen|getoutput|getstatusoutput)|os\.(?:system|popen|exec[lv]p?e?|spawn[lv]p?e?)|sh\.Command|pexpect\.spawn)\s*\(\s*(?:\[\s*)?[rbf]?["']([\w./+-]+)/g,
    file: /\.py$/,
    test: /^test_|_test\.py$/,
    mentions: /subprocess|os\.(system|popen|exec|spawn)|pexpect|\bsh\b/,
    skip: new Set([
      'tests/',
      'test/',
      'venv/',
      '.venv/',
      'node_modules/',
      'site-packages/',
      'build/',
      'dist/',
    ]),
  },
};

/** Command names the source runs, from at most `limit` files. */
export function spawnedCommands(ctx: BuildContext, lang: SourceLanguage, limit = 500): Set<string> {
  const out = new Set<string>();
  const l = LANGUAGES[lang];
  if (!ctx.known) return out;
  let seen = 0;
  const walk = (dir: string, depth: number) => {
    for (const name of ctx.list(dir)) {
      if (seen >= limit) return;
      if (name.endsWith('/')) {
        if (depth < 6 && !l.skip.has(name) && !name.startsWith('.'))
          walk(dir ? `${dir}/${name.slice(0, -1)}` : name.slice(0, -1), depth + 1);
        continue;
      }
      if (!l.file.test(name) || l.test.test(name)) continue;
      seen++;
      const text = ctx.readText(dir ? `${dir}/${name}` : name) ?? '';
      if (!l.mentions.test(text)) continue;
      for (const m of text.matchAll(l.call)) out.add(commandName(m[1]));
    }
  };
  walk('', 0);
  return out;
}

/**
 * Debian packages for the commands the source runs that the builder image itself provided
 * (a command the builder lacked would fail in the original too, so it is not added).
 */
export function sourceToolPackages(
  ctx: BuildContext,
  builderTools: string[],
  lang: SourceLanguage,
  aptNames: Record<string, string>,
): string[] {
  const out: string[] = [];
  for (const cmd of spawnedCommands(ctx, lang)) {
    if (!builderTools.includes(cmd)) continue;
    const pkg = aptNames[cmd];
    if (pkg && !out.includes(pkg)) out.push(pkg);
  }
  return out;
}
