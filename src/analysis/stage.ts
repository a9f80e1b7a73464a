// What a single stage does, read once and shared by every provider: the working
// directories, users, environment, every command its RUN lines execute (with the folder
// each one runs in), what it copies from the context, and how the container starts.
import * as path from 'path';
import type { Instruction, ParsedDockerfile, Stage } from '../parse';
import { simpleCommands, type SimpleCommand } from '../shell';
import { KnownFolders } from './folders';
import { heredocFiles, heredocName, splitHeredocs } from './heredoc';
import { parseImage, type ImageRef } from './image';
import { isRootUser } from './users';

export interface Command extends SimpleCommand {
  /** Absolute folder the command runs in (WORKDIR plus any `cd` before it in the RUN). */
  cwd: string;
  /** Environment in force: ENV and ARG of the stage plus the command's own prefixes. */
  vars: Record<string, string>;
}

export interface RunStep {
  ins: Instruction;
  workdir: string;
  user: string | null;
  /** Shell text (continuations joined), or the exec-form words joined with spaces. */
  text: string;
  commands: Command[];
  /** Files its heredocs write (`cat > /start.sh <<EOF`), with their content. */
  written: { path: string; content: string }[];
}

export interface CopyStep {
  ins: Instruction;
  keyword: 'COPY' | 'ADD';
  /** --from value, or null for the build context. */
  from: string | null;
  sources: string[];
  /** Absolute destination with variables expanded. */
  dest: string;
  destIsDir: boolean;
  chown: string | null;
  /** Files written from heredocs (`COPY <<EOT /etc/app.conf`): name and content. */
  inline: { name: string; content: string }[];
}

export interface StageModel {
  parsed: ParsedDockerfile;
  stage: Stage;
  image: ImageRef;
  /** Variables known when the stage starts: global ARG defaults. */
  globalArgDefaults: Record<string, string>;
  /** ARG names declared before FROM. */
  globalArgNames: Set<string>;
  /** ARG instructions inside the stage, by name. */
  stageArgs: Map<string, Instruction>;
  /** ENV of the stage (final values, expanded where possible). */
  env: Record<string, string>;
  /** WORKDIR at the end of the stage; null when never set (the base image's applies). */
  workdir: string | null;
  /** The folder the container starts in: the last WORKDIR, or the base image's. */
  cwd: string;
  user: string | null;
  runs: RunStep[];
  copies: CopyStep[];
  cmd: Instruction | null;
  entrypoint: Instruction | null;
  healthcheck: Instruction | null;
  shell: Instruction | null;
  /** Instructions carried to the runtime stage as written, in order. */
  carried: Instruction[];
  onbuild: Instruction[];
  /** WORKDIRs set while a non-root USER was in force (created owned by that user). */
  userWorkdirs: string[];
}

/** Expands $VAR, ${VAR}, ${VAR:-x} and ${VAR:+x}; unknown variables become ''. */
export function expand(text: string, vars: Record<string, string>): string {
  return text.replace(
    /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g,
    (
      _m,
      braced: string | undefined,
      op: string | undefined,
      word: string | undefined,
      bare: string | undefined,
    ) => {
      const name = braced ?? bare ?? '';
      const v = vars[name];
      if (op === ':-' || op === '-')
        return v !== undefined && (op === '-' || v !== '') ? v : (word ?? '');
      if (op === ':+' || op === '+')
        return v !== undefined && (op === '+' || v !== '') ? (word ?? '') : '';
      return v ?? '';
    },
  );
}

/** Names of variables a text refers to. */
export function referencedVariables(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)|([A-Za-z_][A-Za-z0-9_]*))/g)) {
    out.add(m[1] ?? m[2]);
  }
  return out;
}

function unquote(s: string): string {
  if (s.length >= 2 && (s[0] === '"' || s[0] === "'") && s[s.length - 1] === s[0])
    return s.slice(1, -1);
  return s;
}

export function resolvePath(cwd: string, p: string): string {
  return path.posix.resolve(cwd, p);
}

const CARRIED = new Set([
  'ENV',
  'LABEL',
  'EXPOSE',
  'VOLUME',
  'STOPSIGNAL',
  'HEALTHCHECK',
  'USER',
  'ENTRYPOINT',
  'CMD',
  'SHELL',
  'ARG',
]);

/** One RUN: its script, and each simple command with its folder (`cd` followed) and variables. */
function runStep(
  ins: Instruction,
  workdir: string,
  user: string | null,
  history: VarHistory,
  step: number,
): RunStep {
  const text = runScript(ins);
  const commands: Command[] = [];
  let dir = workdir;
  for (const c of ins.exec ? [{ env: {}, argv: ins.exec, dynamic: false }] : simpleCommands(text)) {
    // A view of the variables as they are at this step: no copy per command, so a
    // file with thousands of ENV and RUN lines stays linear.
    const cvars = history.view(step, c.env);
    const argv = c.argv.map((w) => expandKnown(w, cvars));
    commands.push({ ...c, argv, cwd: dir, vars: cvars });
    if (argv[0] === 'cd' && argv[1] && !argv[1].startsWith('-')) dir = resolvePath(dir, argv[1]);
  }
  return { ins, workdir, user, text, commands, written: heredocWrites(ins, workdir) };
}

/** One COPY or ADD: its sources, destination and heredoc files; null when it names too little. */
function copyStep(
  ins: Instruction,
  keyword: CopyStep['keyword'],
  vars: Record<string, string>,
  cwd: string,
): CopyStep | null {
  const from = ins.flags.find((f) => f.name.toLowerCase() === 'from')?.value ?? null;
  const chown = ins.flags.find((f) => f.name.toLowerCase() === 'chown')?.value ?? null;
  // A heredoc's body is file content: only the instruction's own line holds words.
  const written = ins.heredoc && !ins.exec ? ins.args.split(/\r?\n/)[0].trim().split(/\s+/) : null;
  const bodies = written ? splitHeredocs(ins.args).bodies : [];
  const inline: CopyStep['inline'] = [];
  const words: string[] = [];
  for (const w of written ?? ins.exec ?? ins.words) {
    const name = written ? heredocName(w) : null;
    if (name === null) words.push(expand(unquote(w), vars));
    else inline.push({ name, content: bodies.find((b) => b.name === name)?.body ?? '' });
  }
  if (!(words.length >= 1 && (words.length >= 2 || inline.length > 0))) return null;
  const rawDest = words[words.length - 1];
  return {
    ins,
    keyword,
    from,
    sources: words.slice(0, -1),
    dest: resolvePath(cwd, rawDest),
    destIsDir: rawDest.endsWith('/') || rawDest === '.' || words.length + inline.length > 2,
    chown,
    inline,
  };
}

export function readStage(
  parsed: ParsedDockerfile,
  stage: Stage,
  baseWorkdir: (image: ImageRef) => string = () => '/',
  baseEnv: (image: ImageRef) => Record<string, string> = () => ({}),
): StageModel {
  const globalArgDefaults: Record<string, string> = {};
  const globalArgNames = new Set<string>();
  for (const a of parsed.globalArgs) {
    for (const p of a.pairs) {
      globalArgNames.add(p.name);
      if (p.value !== null) globalArgDefaults[p.name] = expand(unquote(p.value), globalArgDefaults);
    }
  }
  const image = parseImage(stage.image, expand(stage.image, globalArgDefaults));
  const env: Record<string, string> = { ...baseEnv(image) };
  const vars: Record<string, string> = { ...env };
  const history = new VarHistory(vars);
  let step = 0;
  const stageArgs = new Map<string, Instruction>();
  let workdir: string | null = null;
  let user: string | null = null;
  const runs: RunStep[] = [];
  const copies: CopyStep[] = [];
  let cmd: Instruction | null = null;
  let entrypoint: Instruction | null = null;
  let healthcheck: Instruction | null = null;
  let shell: Instruction | null = null;
  const carried: Instruction[] = [];
  const onbuild: Instruction[] = [];
  const userWorkdirs: string[] = [];
  const cwd = () => workdir ?? baseWorkdir(image);
  const folders = new KnownFolders();
  folders.add(cwd());

  for (const ins of stage.instructions) {
    step++;
    switch (ins.keyword) {
      case 'ARG':
        for (const p of ins.pairs) {
          stageArgs.set(p.name, ins);
          if (p.value !== null) history.set(p.name, expand(unquote(p.value), vars), step);
          else if (globalArgDefaults[p.name] !== undefined)
            history.set(p.name, globalArgDefaults[p.name], step);
        }
        break;
      case 'ENV':
        for (const p of ins.pairs) {
          const v = expand(p.value ?? '', vars);
          env[p.name] = v;
          history.set(p.name, v, step);
        }
        break;
      case 'WORKDIR': {
        const w = expand(unquote(ins.args.trim()), vars);
        workdir = resolvePath(cwd(), w || '/');
        folders.add(workdir);
        // BuildKit creates a missing WORKDIR as the current USER.
        if (user && !isRootUser(user)) userWorkdirs.push(workdir);
        break;
      }
      case 'USER':
        user = expand(ins.args.trim(), vars);
        break;
      case 'RUN':
        runs.push(runStep(ins, cwd(), user, history, step));
        folders.addRun(runs[runs.length - 1]);
        break;
      case 'COPY':
      case 'ADD': {
        const copy = copyStep(ins, ins.keyword, vars, cwd());
        if (copy) folders.place(copy);
        if (copy) copies.push(copy);
        break;
      }
      case 'CMD':
        cmd = ins;
        break;
      case 'ENTRYPOINT':
        entrypoint = ins;
        // An ENTRYPOINT resets a CMD set earlier in the same stage.
        if (cmd && cmd.start < ins.start) cmd = null;
        break;
      case 'HEALTHCHECK':
        healthcheck = ins;
        break;
      case 'SHELL':
        shell = ins;
        break;
      case 'ONBUILD':
        onbuild.push(ins);
        break;
    }
    if (CARRIED.has(ins.keyword)) carried.push(ins);
  }
  return {
    parsed,
    stage,
    image,
    globalArgDefaults,
    globalArgNames,
    stageArgs,
    env,
    workdir,
    cwd: cwd(),
    user,
    runs,
    copies,
    cmd,
    entrypoint,
    healthcheck,
    shell,
    carried,
    onbuild,
    userWorkdirs,
  };
}

/**
 * The shell text a RUN executes. With heredocs, their bodies are not command words: `RUN <<EOF`
 * (or `RUN bash <<EOF`) runs its body as the script, `RUN cat > f <<EOF` feeds it as data; a
 * heredoc inside the script (`cat > /etc/app.conf <<EOT`) is data too.
 */
function runScript(ins: Instruction): string {
  if (ins.exec) return ins.exec.join(' ');
  if (!ins.heredoc) return ins.args;
  const { head, bodies } = splitHeredocs(ins.args);
  const first = ins.args.split(/\r?\n/)[0];
  const openers = first.split(/\s+/).filter((w) => heredocName(w) !== null).length;
  const rest = first
    .split(/\s+/)
    .filter((w) => w && heredocName(w) === null)
    .join(' ');
  if (openers > 0 && /^((\/usr)?\/bin\/)?(ba|da|a)?sh(\s+-[a-z]+)*$|^$/.test(rest)) {
    return bodies
      .slice(0, openers)
      .map((b) => splitHeredocs(b.body).head)
      .join('\n');
  }
  return head;
}

/** Files a RUN writes from heredocs, with their content, at absolute paths. */
function heredocWrites(ins: Instruction, cwd: string): { path: string; content: string }[] {
  if (ins.exec || !ins.heredoc) return [];
  return heredocFiles(ins.args).map((f) => ({
    path: resolvePath(cwd, f.target),
    content: f.content,
  }));
}

/** Variable values over the stage, so any step's view can be read without copying. */
class VarHistory {
  private readonly changes = new Map<string, { step: number; value: string }[]>();
  constructor(private readonly current: Record<string, string>) {
    for (const [k, v] of Object.entries(current)) this.changes.set(k, [{ step: 0, value: v }]);
  }
  set(name: string, value: string, step: number): void {
    this.current[name] = value;
    const list = this.changes.get(name);
    if (list) list.push({ step, value });
    else this.changes.set(name, [{ step, value }]);
  }
  private at(name: string, step: number): string | undefined {
    const list = this.changes.get(name);
    if (!list) return undefined;
    for (let i = list.length - 1; i >= 0; i--) if (list[i].step <= step) return list[i].value;
    return undefined;
  }
  /** The variables in force at `step`, with `own` (a command's prefixes) on top. */
  view(step: number, own: Record<string, string>): Record<string, string> {
    const keys = (): string[] => {
      const out = new Set(Object.keys(own));
      for (const [k, list] of this.changes) if (list[0].step <= step) out.add(k);
      return [...out];
    };
    const get = (k: string): string | undefined =>
      Object.prototype.hasOwnProperty.call(own, k) ? own[k] : this.at(k, step);
    return new Proxy(
      { ...own },
      {
        get: (_t, k) => (typeof k === 'string' ? get(k) : undefined),
        has: (_t, k) => typeof k === 'string' && get(k) !== undefined,
        ownKeys: () => keys(),
        getOwnPropertyDescriptor: (_t, k) => {
          const v = typeof k === 'string' ? get(k) : undefined;
          return v === undefined
            ? undefined
            : { value: v, enumerable: true, configurable: true, writable: false };
        },
      },
    );
  }
}

/** Expands variables whose value is known; leaves the others as written. */
function expandKnown(word: string, vars: Record<string, string>): string {
  if (!word.includes('$')) return word;
  return word.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g, (m, a, b) => {
    const v = vars[(a ?? b) as string];
    return v !== undefined ? v : m;
  });
}

/** Every command the stage's RUN lines execute, in order. */
export function allCommands(model: StageModel): Command[] {
  return model.runs.flatMap((r) => r.commands);
}

/** The process the container starts, as argv, and whether a shell runs it. */
export interface StartCommand {
  argv: string[];
  shellForm: boolean;
  /** The shell text for shell-form parts. */
  text: string;
}

function formOf(ins: Instruction | null): StartCommand | null {
  if (!ins) return null;
  if (ins.exec) return { argv: ins.exec, shellForm: false, text: ins.exec.join(' ') };
  return { argv: ['/bin/sh', '-c', ins.args], shellForm: true, text: ins.args };
}

/** ENTRYPOINT + CMD as the runtime combines them (a shell-form ENTRYPOINT ignores CMD). */
export function startCommand(model: StageModel): {
  entrypoint: StartCommand | null;
  cmd: StartCommand | null;
} {
  return { entrypoint: formOf(model.entrypoint), cmd: formOf(model.cmd) };
}

/** Simple commands that run when the container starts (shell-form text is split). */
export function startCommands(model: StageModel): SimpleCommand[] {
  const out: SimpleCommand[] = [];
  for (const ins of [model.entrypoint, model.cmd]) {
    if (!ins) continue;
    if (ins.exec) {
      const [head, ...rest] = ins.exec;
      if (
        (head === 'sh' || head === '/bin/sh' || head === 'bash' || head === '/bin/bash') &&
        rest[0] === '-c'
      ) {
        for (const item of simpleCommands(rest.slice(1).join(' '))) out.push(item);
      } else out.push({ env: {}, argv: ins.exec, dynamic: false });
    } else for (const item of simpleCommands(ins.args)) out.push(item);
  }
  return out;
}
