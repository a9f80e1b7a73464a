// What the container needs when it starts: a shell, the commands that CMD, ENTRYPOINT,
// HEALTHCHECK and the entrypoint scripts they call run, and the scripts themselves.
import * as path from 'path';
import type { Instruction } from '../parse';
import { commandName, simpleCommands, type SimpleCommand } from '../shell';
import type { ImageFiles } from './files';
import { splitHeredocs } from './heredoc';
import { wrapperThroughShell } from './tool-wrappers';
import { expand, resolvePath, type StageModel } from './stage';

export interface NeededCommand {
  /** The word as written: a name looked up in PATH, or a path. */
  word: string;
  /** Where it came from, for messages. */
  from: 'CMD' | 'ENTRYPOINT' | 'HEALTHCHECK' | 'SHELL' | 'script';
  /** A command the container cannot start without (as opposed to one inside a script). */
  strict: boolean;
  /** The full argv, for providers that look at arguments (npm start, go run). */
  argv: string[];
  /** Folder a relative word is resolved in (the WORKDIR, or where a `cd` before it went). */
  cwd: string;
  /** The shell a build tool's wrapper script was given to (`sh ./gradlew`), kept to write it again. */
  shell?: string;
}

export interface Script {
  /** Absolute path in the image. */
  imagePath: string;
  interpreter: string;
  text: string;
}

export interface StartNeeds {
  shell: boolean;
  /** The shell binaries needed by name (sh, bash, ash ...). */
  shells: Set<string>;
  commands: NeededCommand[];
  scripts: Script[];
}

const BUILTINS = new Set([
  'exec',
  'set',
  'export',
  'unset',
  'echo',
  'printf',
  'test',
  '[',
  '[[',
  'true',
  'false',
  'cd',
  'read',
  'shift',
  'trap',
  'wait',
  'exit',
  'return',
  'local',
  'source',
  '.',
  'eval',
  'if',
  'then',
  'else',
  'fi',
  'for',
  'while',
  'do',
  'done',
  'case',
  'esac',
  'until',
  'function',
  ':',
  'umask',
  'ulimit',
  'alias',
  'type',
  'command',
  'break',
  'continue',
  'declare',
  'readonly',
  'let',
  'getopts',
  'hash',
  'kill',
  'pwd',
  'printenv',
]);

/** Exec form of HEALTHCHECK CMD [..] or shell text; null for NONE. */
function healthcheckForm(ins: Instruction): { exec: string[] | null; text: string } | null {
  const args = ins.args.trim();
  const m = /^(CMD|NONE)\b\s*([\s\S]*)$/i.exec(args);
  if (!m || m[1].toUpperCase() === 'NONE') return null;
  const rest = m[2].trim();
  if (rest.startsWith('[')) {
    try {
      const arr = JSON.parse(rest) as unknown;
      if (Array.isArray(arr) && arr.every((x) => typeof x === 'string'))
        return { exec: arr as string[], text: rest };
    } catch {
      // Not JSON: Docker runs it with the shell.
    }
  }
  return { exec: null, text: rest };
}

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh']);

function addCommands(
  out: StartNeeds,
  cmds: SimpleCommand[],
  from: NeededCommand['from'],
  strict: boolean,
  cwd: string,
): void {
  let dir = cwd;
  for (const c of cmds) {
    const w = c.argv[0];
    if (w === 'cd' && c.argv[1] && !c.argv[1].includes('$') && !c.argv[1].startsWith('-')) {
      dir = resolvePath(dir, c.argv[1]);
      continue;
    }
    if (!w || BUILTINS.has(w) || w.startsWith('$')) continue;
    out.commands.push({ word: w, from, strict, argv: c.argv, cwd: dir });
  }
}

/**
 * `sh ./gradlew bootRun` runs what `./gradlew bootRun` runs: read as the wrapper itself, with
 * the shell kept in `shell`, so that every reader of the start (the build tool checks, the start
 * rewrites) sees the tool. Any other script given to a shell stays a run of the shell.
 */
function wrapperRun(c: NeededCommand, files: ImageFiles, out: StartNeeds): NeededCommand {
  const w = wrapperThroughShell(c, files);
  if (!w) return c;
  out.shell = true;
  out.shells.add(commandName(w.shell));
  return { ...w, word: w.argv[0] };
}

/** A command as the start wrote it, the shell a wrapper was given to included. */
export function writtenArgv(c: NeededCommand): string[] {
  return c.shell ? [c.shell, ...c.argv] : c.argv;
}

function execCommands(exec: string[]): { cmds: SimpleCommand[]; shell: string | null } {
  const [head, flag, ...rest] = exec;
  if (head && SHELLS.has(commandName(head)) && flag === '-c') {
    return { cmds: simpleCommands(rest.join(' ')), shell: commandName(head) };
  }
  return { cmds: exec.length ? [{ env: {}, argv: exec, dynamic: false }] : [], shell: null };
}

export function startNeeds(model: StageModel, files: ImageFiles, searchPath: string): StartNeeds {
  const out: StartNeeds = { shell: false, shells: new Set(), commands: [], scripts: [] };
  const shellBin = model.shell?.exec?.[0] ? commandName(model.shell.exec[0]) : 'sh';
  if (model.shell?.exec?.[0])
    out.commands.push({
      word: model.shell.exec[0],
      from: 'SHELL',
      strict: true,
      argv: model.shell.exec,
      cwd: model.cwd,
    });
  const useShell = () => {
    out.shell = true;
    out.shells.add(shellBin);
  };
  // With an exec-form ENTRYPOINT, CMD is its argument list: a command only when the
  // entrypoint runs its arguments (tini, a script that ends in exec "$@" ...). A shell-form
  // ENTRYPOINT ignores CMD altogether.
  const ep = model.entrypoint;
  let cmdIns = model.cmd;
  let epArgs: string[] = [];
  if (ep && !ep.exec) cmdIns = null;
  else if (
    ep?.exec &&
    cmdIns &&
    // An option is never a program: the entrypoint puts its own before it (set -- server "$@").
    (cmdIns.exec?.[0]?.startsWith('-') || !runsItsArguments(ep.exec, model, files, searchPath))
  ) {
    // CMD words are only ever arguments here: they are not traced as programs.
    epArgs = cmdIns.exec ?? ['/bin/sh', '-c', cmdIns.args];
    cmdIns = null;
  }
  for (const [ins, from] of [
    [ep, 'ENTRYPOINT'],
    [cmdIns, 'CMD'],
  ] as const) {
    if (!ins) continue;
    if (ins === ep && ins.exec && epArgs.length > 0 && !execCommands(ins.exec).shell) {
      // One command: the entrypoint with CMD as its arguments (npm + start).
      addCommands(
        out,
        [{ env: {}, argv: [...ins.exec, ...epArgs], dynamic: false }],
        from,
        true,
        model.cwd,
      );
      continue;
    }
    if (ins.exec) {
      const { cmds, shell } = execCommands(ins.exec);
      if (shell) {
        out.shell = true;
        out.shells.add(shell);
      }
      addCommands(out, cmds, from, true, model.cwd);
    } else {
      useShell();
      addCommands(out, simpleCommands(ins.args), from, true, model.cwd);
    }
  }
  if (model.healthcheck) {
    const hc = healthcheckForm(model.healthcheck);
    if (hc?.exec) {
      const { cmds, shell } = execCommands(hc.exec);
      if (shell) {
        out.shell = true;
        out.shells.add(shell);
      }
      addCommands(out, cmds, 'HEALTHCHECK', true, model.cwd);
    } else if (hc) {
      useShell();
      addCommands(out, simpleCommands(hc.text), 'HEALTHCHECK', true, model.cwd);
    }
  }
  out.commands = out.commands.map((c) => wrapperRun(c, files, out));
  // Scripts from the context that the start commands run: their interpreter and the tools
  // they call are needed too. One level deep is what real entrypoints use.
  const seen = new Set<string>();
  for (const c of [...out.commands]) {
    const candidates = [c.word, ...c.argv.slice(1).filter((a) => /\.(sh|bash)$/.test(a))];
    for (const word of candidates) {
      const imagePath = locate(word, c.cwd, model, files, searchPath);
      if (!imagePath || seen.has(imagePath)) continue;
      const text = files.readByImagePath(imagePath);
      if (text === null) continue;
      const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(text);
      const looksShell =
        /\.(sh|bash)$/.test(imagePath) ||
        (shebang !== null &&
          SHELLS.has(commandName(shebang[1] === '/usr/bin/env' ? shebang[2] : shebang[1])));
      if (!looksShell) {
        if (shebang) {
          const interp =
            shebang[1] === '/usr/bin/env' || shebang[1] === '/bin/env' ? shebang[2] : shebang[1];
          out.scripts.push({ imagePath, interpreter: interp ?? '', text });
          out.commands.push({
            word: interp ?? '',
            from: 'script',
            strict: true,
            argv: [interp ?? ''],
            cwd: model.cwd,
          });
        }
        continue;
      }
      seen.add(imagePath);
      const interp = shebang
        ? commandName(shebang[1] === '/usr/bin/env' ? shebang[2] : shebang[1])
        : 'sh';
      out.scripts.push({ imagePath, interpreter: interp, text });
      out.shell = true;
      out.shells.add(interp);
      // Heredoc bodies in the script (cat > /etc/app.conf <<EOF) are data, not commands.
      addCommands(out, simpleCommands(splitHeredocs(text).head), 'script', false, model.cwd);
    }
  }
  // And in the scripts the start runs (an entrypoint that ends in `sh ./mvnw spring-boot:run`).
  out.commands = out.commands.map((c) => wrapperRun(c, files, out));
  return out;
}

/** Programs that run the command given as their arguments (after their own options). */
const WRAPPERS = new Set([
  'tini',
  'tini-static',
  'dumb-init',
  'docker-entrypoint.sh',
  'gosu',
  'su-exec',
  'env',
  'exec',
  'catatonit',
  'sh',
  'bash',
  'ash',
  'dash',
  'nohup',
  'chpst',
  's6-svscan',
  'runuser',
  'setpriv',
  's6-setuidgid',
  'setuidgid',
  'eval',
  'time',
  'nice',
  'ionice',
  'timeout',
  'xargs',
]);

const ALL_ARGS = /^(\$@|\$\{@\}|\$\*|\$\{\*\}|\$\{@:?[^}]*\})$/;

/**
 * True when a script runs its arguments as a command (`exec "$@"`, `exec gosu app "$@"`),
 * false when it only hands them to a program of its own (`exec /app/server "$@"`): then
 * CMD holds arguments, not a command.
 */
export function scriptRunsArguments(text: string): boolean {
  for (const c of simpleCommands(splitHeredocs(text).head)) {
    const [head, ...rest] = c.argv;
    if (head === undefined) continue;
    if (ALL_ARGS.test(head)) return true;
    // A wrapper that runs whatever follows its own options: gosu user "$@", tini -- "$@".
    if (WRAPPERS.has(commandName(head)) && rest.some((a) => ALL_ARGS.test(a))) return true;
  }
  return false;
}

/** True when an exec-form ENTRYPOINT runs its arguments as a command. */
function runsItsArguments(
  ep: string[],
  model: StageModel,
  files: ImageFiles,
  searchPath: string,
): boolean {
  // ENTRYPOINT [] clears the entrypoint: CMD is the command.
  if (ep.length === 0) return true;
  const name = commandName(ep[0]);
  // The stage's own script decides, whatever its name (a project's docker-entrypoint.sh may
  // end in `exec /app/server "$@"`); a wrapper from the base image runs its arguments.
  const script = locate(ep[0], model.cwd, model, files, searchPath);
  if (script !== null) {
    const text = files.readByImagePath(script);
    if (text !== null) return scriptRunsArguments(text);
  }
  if (WRAPPERS.has(name)) {
    // `sh -c 'exec /app/server "$@"' sh` runs the -c text with CMD as its arguments.
    if (SHELLS.has(name) && ep[1] === '-c') return scriptRunsArguments(ep.slice(2, 3).join(''));
    // A wrapper runs what follows its own options: CMD itself when nothing follows
    // (tini --), else that program, which decides (tini -- /app/entrypoint.sh).
    const rest = wrapped(name, ep.slice(1));
    return rest.length === 0 || runsItsArguments(rest, model, files, searchPath);
  }
  return false;
}

/** Wrappers that take a user (or user:group) before the command. */
const USER_FIRST = new Set(['gosu', 'su-exec', 's6-setuidgid', 'setuidgid']);

/** The command a wrapper runs, with the wrapper's own options and operands taken off. */
function wrapped(name: string, args: string[]): string[] {
  let i = 0;
  const valued: Record<string, string[]> = {
    runuser: ['-u', '-g', '-G'],
    timeout: ['-s', '-k', '--signal', '--kill-after'],
    nice: ['-n'],
    ionice: ['-c', '-n'],
    chpst: ['-u', '-U', '-e', '-n', '-l', '-L'],
    'dumb-init': ['-r', '--rewrite'],
    tini: ['-p', '-e'],
  };
  while (i < args.length) {
    const a = args[i];
    if (a === '--') {
      i++;
      break;
    }
    if (a.startsWith('-')) {
      i += (valued[name] ?? []).includes(a) ? 2 : 1;
      continue;
    }
    if (name === 'env' && /^[A-Za-z_][A-Za-z0-9_]*=/.test(a)) {
      i++;
      continue;
    }
    break;
  }
  if (USER_FIRST.has(name)) i++;
  // timeout's first operand is the duration.
  if (name === 'timeout') i++;
  return args.slice(i);
}

/** The absolute image path a command word refers to, when the stage put a file there. */
export function locate(
  word: string,
  cwd: string,
  model: StageModel,
  files: ImageFiles,
  searchPath: string,
): string | null {
  if (word.includes('/')) {
    const p = resolvePath(cwd, expand(word, model.env));
    return files.existsInImage(p) ? p : null;
  }
  for (const dir of searchPath.split(':').filter(Boolean)) {
    const p = path.posix.join(dir, word);
    if (files.existsInImage(p)) return p;
  }
  return null;
}
