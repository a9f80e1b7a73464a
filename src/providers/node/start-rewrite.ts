// A Node start that compiles or watches at start, rewritten to what production runs:
// `ts-node src/x.ts` / `tsx src/x.ts` (also `node -r ts-node/register`, and nodemon of a .ts
// file) become `tsc -p tsconfig.json` in the builder and `node <outDir>/x.js` at start;
// `nodemon x.js` becomes `node x.js`. Directly, through npx, or through an npm/yarn/pnpm
// script whose text is only that. Whatever cannot be mapped exactly (a watch mode, options that
// change what runs, a tsconfig whose output node would read otherwise) gives the reason, and
// the start is declined as before with that reason (MSC005).
import * as path from 'path';
import type { StartNeeds } from '../../analysis/needs';
import { userWithin } from '../../analysis/users';
import type { Instruction } from '../../parse';
import { commandName, simpleCommands } from '../../shell';
import type { ProviderInput, StartRewrite } from '../contract';
import { readsNpmEnvironment } from './distroless';
import { installsOf, managerOf } from './managers';
import { buildHook, type BuildHook } from './build-hook';
import { nestOutput, readNestStart, type NestStart } from './nest-start';
import { emittedFile, readsBesideItself } from './tsconfig';
import { packageJsonAt, type PackageJson } from './types';
import { mountedOver } from '../start-mounts';

export type NodeStart = { rewrite: StartRewrite } | { why: string; runner: string } | null;

/** A word that means the same to a shell as written (a package script's words are these). */
const PLAIN_WORD = /^[\w./:=,@%+-]+$/;
/** A shell-form start's word: variables are kept, the new start being in shell form too. */
const SHELL_WORD = /^[\w./:=,@%+{}$-]+$/;

/** nodemon options that only say what to watch or how to log: they do not change what runs. */
const NODEMON_VALUED = new Set(['-w', '--watch', '-e', '--ext', '-i', '--ignore', '--delay']);
const NODEMON_FLAGS = new Set(['-L', '--legacy-watch', '-q', '--quiet', '-V', '--verbose']);
/** nodemon.json keys of the same kind; any other key (exec, execMap, env, events...) declines. */
const NODEMON_KEYS = new Set([
  'watch',
  'ext',
  'ignore',
  'delay',
  'verbose',
  'legacyWatch',
  'ignoreRoot',
  'colours',
  'restartable',
  'signal',
]);

interface Run {
  /** The program the start runs at last, after npx and the npm script. */
  runner: string;
  /** The script file and the arguments after it, as written. */
  file: string;
  args: string[];
  ts: boolean;
  /** `nest start`: the file is what the Nest CLI runs after nest build. */
  nest?: NestStart;
}

interface Via {
  /** `npm run dev`, when the start went through a package script. */
  script: string | null;
  words: string[];
}

function json(words: string[]): string {
  return JSON.stringify(words).replace(/","/g, '", "');
}

/** The words of a start instruction as the container gets them, or null when not plain. */
function wordsOf(ins: Instruction): string[] | null {
  if (ins.exec) return ins.exec;
  return ins.words.every((w) => SHELL_WORD.test(w)) && !ins.args.includes('$(') ? ins.words : null;
}

/** The start's words with the package script it runs put in its place; why-not as a string. */
function throughScript(words: string[], pkg: PackageJson | null): Via | string | null {
  const m = managerOf(words[0]);
  if (!m || m === 'bun') return { script: null, words };
  const rest = words.slice(1);
  let name: string | null = null;
  if (rest.length === 1 && rest[0] !== 'install' && (m !== 'npm' || ['start'].includes(rest[0])))
    name = rest[0];
  else if (rest.length === 2 && (rest[0] === 'run' || rest[0] === 'run-script')) name = rest[1];
  const scripts = pkg?.scripts ?? {};
  if (!name || scripts[name] === undefined) return null;
  const shown = `${words.join(' ')}`;
  const text = scripts[name];
  if (!/(ts-node|tsx|nodemon|nest\s+start)\b/.test(text)) return null;
  if (scripts[`pre${name}`] !== undefined || scripts[`post${name}`] !== undefined)
    return `\`${shown}\` also runs the scripts pre${name}/post${name}`;
  const cmds = simpleCommands(text);
  const scriptWords = text.trim().split(/\s+/);
  if (
    cmds.length !== 1 ||
    cmds[0].dynamic ||
    Object.keys(cmds[0].env).length > 0 ||
    !scriptWords.every((w) => PLAIN_WORD.test(w))
  )
    return `the script "${name}" (\`${text}\`) is more than one plain command`;
  return { script: shown, words: scriptWords };
}

/** The runner and its script, after npx; why-not as a string; null when not one of ours. */
function readRun(words: string[]): Run | string | null {
  let w = words;
  if (commandName(w[0]) === 'npx') {
    if (w[1]?.startsWith('-')) return `npx ${w[1]} is not a plain npx`;
    w = w.slice(1);
  }
  const runner = commandName(w[0] ?? '');
  const nest = readNestStart(w);
  if (nest !== null)
    return typeof nest === 'string' ? nest : { runner, file: '', args: nest.args, ts: false, nest };
  const fileAt = (i: number, ts: boolean): Run | string => {
    const file = w[i];
    if (!file || file.startsWith('-')) return `\`${w.join(' ')}\` names no script file`;
    return { runner, file, args: w.slice(i + 1), ts };
  };
  if (runner === 'ts-node') {
    let i = 1;
    while (w[i] === '-T' || w[i] === '--transpile-only') i++;
    if (w[i]?.startsWith('-')) return `ts-node ${w[i]} changes how it runs`;
    return fileAt(i, true);
  }
  if (runner === 'tsx') {
    if (w[1] === 'watch') return 'tsx watch restarts the app when its sources change';
    if (w[1]?.startsWith('-')) return `tsx ${w[1]} changes how it runs`;
    return fileAt(1, true);
  }
  if (runner === 'node') {
    const reg = ['-r', '--require'].includes(w[1]) && /^ts-node\/register$/.test(w[2] ?? '');
    if (!reg) return null;
    if (w[3]?.startsWith('-')) return `node ${w[3]} changes how it runs`;
    return { ...(fileAt(3, true) as Run), runner: 'node -r ts-node/register' };
  }
  if (runner === 'nodemon') {
    let i = 1;
    for (; i < w.length && w[i].startsWith('-'); i++) {
      // `--exec node` runs the script as nodemon does by default.
      if ((w[i] === '--exec' || w[i] === '-x') && w[i + 1] === 'node') i++;
      else if (NODEMON_VALUED.has(w[i])) i++;
      else if (!NODEMON_FLAGS.has(w[i]))
        return `nodemon ${w[i]} changes what runs or how (only watch and log options map to node)`;
    }
    const run = fileAt(i, false);
    if (typeof run === 'string') return run;
    if (/\.tsx?$/.test(run.file)) return { ...run, ts: true };
    if (!/\.(c|m)?js$/.test(run.file))
      return `nodemon runs ${run.file}, which is not a .js or .ts file`;
    return run;
  }
  return null;
}

/** Why nodemon's own configuration changes what runs, or null. */
function nodemonConfig(input: ProviderInput, pkg: PackageJson | null): string | null {
  const cwd = input.model.cwd;
  const file = input.files.readByImagePath(path.posix.join(cwd, 'nodemon.json'));
  let config: unknown = (pkg as { nodemonConfig?: unknown } | null)?.nodemonConfig ?? null;
  if (file !== null) {
    try {
      config = JSON.parse(file);
    } catch {
      return 'nodemon.json cannot be read';
    }
  }
  if (config === null) return null;
  if (typeof config !== 'object') return 'the nodemon configuration cannot be read';
  const odd = Object.keys(config as object).find((k) => !NODEMON_KEYS.has(k));
  return odd ? `the nodemon configuration sets "${odd}", which changes what runs` : null;
}

/** The rewrite of a TypeScript start: the tsc build line and the emitted file; why-not. */
function compiled(input: ProviderInput, pkg: PackageJson | null, file: string) {
  const { model, files } = input;
  const deps = { ...(pkg?.dependencies ?? {}), ...(pkg?.devDependencies ?? {}) };
  if (!deps.typescript)
    return { why: 'typescript is not among the dependencies in package.json, so tsc cannot run' };
  const prod = installsOf(model).find((i) => !i.global && i.prodOnly);
  if (prod)
    return {
      why: `\`${prod.cmd.argv.join(' ')}\` leaves devDependencies out, so tsc may not be installed`,
    };
  const cwd = model.cwd;
  const entry = path.posix.resolve(cwd, file);
  if (!entry.startsWith(`${cwd === '/' ? '' : cwd}/`))
    return { why: `${file} is outside the working folder` };
  // ts-node and tsx find the tsconfig next to the entry or above it; only the working folder's.
  for (let d = path.posix.dirname(entry); d !== cwd; d = path.posix.dirname(d))
    if (files.existsInImage(path.posix.join(d, 'tsconfig.json')))
      return { why: `${d}/tsconfig.json is nearer to ${file} than the working folder's` };
  const config = path.posix.join(cwd, 'tsconfig.json');
  if (!files.existsInImage(config))
    return { why: `there is no tsconfig.json in ${cwd}, so where tsc writes ${file} is not known` };
  const type = (pkg as { type?: string } | null)?.type;
  const out = emittedFile(files, config, entry, type);
  if ('why' in out) return out;
  if (out.moved) {
    const beside = readsBesideItself(files, out.sources, out.jsonModules);
    if (beside)
      return {
        why: `${beside}, which finds files next to the source; the output lands in ${out.outDir}`,
      };
  }
  return { js: path.posix.relative(cwd, out.js), line: 'RUN npx tsc -p tsconfig.json' };
}

/** The rewritten start of a Node app, the reason it cannot be rewritten, or null. */
export function nodeStart(input: ProviderInput, needs: StartNeeds): NodeStart {
  const { model } = input;
  const ins = model.entrypoint ?? model.cmd;
  if (!ins || (model.entrypoint && model.cmd)) return null;
  if (!needs.commands.some((c) => c.from === ins.keyword)) return null;
  const words = wordsOf(ins);
  if (!words) return null;
  const pkg = packageJsonAt(input.files, model.cwd);
  const hook = buildHook(words, pkg, model.cwd, input.files);
  if (hook !== null) return builtFirst(input, ins, words, hook);
  const via = throughScript(words, pkg);
  if (via === null) return null;
  if (typeof via === 'string') return { why: via, runner: words.join(' ') };
  const run = readRun(via.words);
  if (run === null) return null;
  const runner = commandName(via.words[commandName(via.words[0]) === 'npx' ? 1 : 0]);
  if (typeof run === 'string') return { why: run, runner };
  if (/[${}]/.test(run.file) || run.args.some((a) => /[${}]/.test(a) && run.nest))
    return { why: `the script ${run.file} is named by a variable`, runner };
  if (runner === 'nodemon') {
    const odd = nodemonConfig(input, pkg);
    if (odd) return { why: odd, runner };
  }
  // Mounted sources shadow what the builder compiled into the image; a JavaScript app runs
  // from the mount as before, only without the restart on change, which the warning says.
  const mounted = mountedOver(input.ctx, input.model.cwd);
  if (mounted && (run.ts || run.nest)) return { why: mounted, runner };
  if ((via.script || npx(via.words)) && readsNpmEnvironment(input))
    return {
      why: `the app reads npm's environment (npm_*), which \`${via.script ?? 'npx'}\` sets and node alone does not`,
      runner,
    };
  let js = run.file;
  const build: string[] = [];
  if (run.nest) {
    const n = nestOutput(input, pkg, run.nest);
    if ('why' in n) return { why: n.why, runner };
    js = n.js;
    if (n.build) build.push(n.build);
  } else if (run.ts) {
    const c = compiled(input, pkg, run.file);
    if ('why' in c) return { why: c.why, runner };
    js = c.js;
    build.push(c.line);
  }
  // The Nest CLI (10 and later) runs node with --enable-source-maps (9 and earlier
  // `-r source-map-support/register`): stack traces name the .ts lines, and still do.
  const next = ['node', ...(run.nest ? ['--enable-source-maps'] : []), js, ...run.args];
  const start = `${ins.keyword} ${ins.exec ? json(next) : next.join(' ')}`;
  return {
    rewrite: {
      build,
      // nest start compiled dist/ (deleteOutDir included) as the same user at each start.
      ...(run.nest && build.length > 0 ? { writesAsStartDid: true } : {}),
      // tsc writes compiled JavaScript the app only reads: it may build as root, unless the
      // user owns part of the app's tree. The app then may write beside its own code
      // (__dirname), which moves into the output folder, and root would own that folder.
      ...(run.ts && !run.nest && !userWithin(model, model.cwd) ? { rootMayBuild: true } : {}),
      start: [start],
      warning: warning(ins, words, via, run, next, build, mounted),
      leftOut: runnerPaths(model.cwd, runner, run.ts),
    },
  };
}

/** `npm start` that builds before node: the build once in the builder, node at start. */
function builtFirst(
  input: ProviderInput,
  ins: Instruction,
  words: string[],
  hook: BuildHook,
): NodeStart {
  const runner = words.join(' ');
  if ('why' in hook) return { why: hook.why, runner };
  const mounted = mountedOver(input.ctx, input.model.cwd);
  if (mounted) return { why: mounted, runner };
  if (readsNpmEnvironment(input))
    return {
      why: "the app reads npm's environment (npm_*), which `npm start` sets and node alone does not",
      runner,
    };
  const node = hook.node;
  const start = `${ins.keyword} ${ins.exec ? json(node) : node.join(' ')}`;
  return {
    rewrite: {
      build: [hook.build],
      // npm ran the same build as the same user at each start.
      writesAsStartDid: true,
      start: [start],
      warning: {
        code: 'MSC186',
        message: `${ins.keyword} ran \`${runner}\`, which builds (\`${hook.shown}\`) each time the container starts, before \`${node.join(' ')}\`; the builder now builds once (\`${hook.build.slice(4)}\`) and the runtime starts \`${node.join(' ')}\` with the same arguments, folder and environment. It no longer goes through npm: node is the container's main process (it receives SIGTERM itself) and npm's npm_* variables are not set.`,
      },
      leftOut: [],
    },
  };
}

function warning(
  ins: Instruction,
  words: string[],
  via: Via,
  run: Run,
  next: string[],
  build: string[],
  mounted: string | null,
): StartRewrite['warning'] {
  const ran = `${ins.keyword} ran \`${words.join(' ')}\`${via.script ? ` (\`${via.words.join(' ')}\`)` : ''}`;
  const nest =
    'each time the container starts (and with --watch, restarts the app when its sources change)';
  const what = run.nest
    ? build.length > 0
      ? `which compiles the TypeScript ${nest}; the builder now compiles it once as nest start did (\`${build[0].slice(4)}\`, the same nest-cli.json, tsconfig and builder) and the runtime starts what nest start runs,`
      : `which compiles the TypeScript again ${nest}, though the Dockerfile already runs nest build; the runtime now starts what nest start runs,`
    : run.ts
      ? `which compiles the TypeScript each time the container starts; the builder now compiles it (\`${build[0].slice(4)}\`) and the runtime starts`
      : `which watches the files to restart the app when they change, something a built image never needs; the runtime now starts`;
  const through = via.script ? via.script.split(' ')[0] : npx(via.words) ? 'npx' : null;
  const npm = through
    ? ` It no longer goes through ${through}: node is the container's main process (it receives SIGTERM itself) and npm's npm_* variables are not set.`
    : '';
  return {
    code: 'MSC186',
    message: `${ran}, ${what} \`${next.join(' ')}\` with the same arguments, folder and environment.${npm}${mounted ? ` Note: ${mounted.replace(/, so .*$/, '')}; run that way, the app no longer restarts when those files change.` : ''}`,
  };
}

function npx(words: string[]): boolean {
  return commandName(words[0] ?? '') === 'npx';
}

/** The runner's packages the runtime no longer has (pruned devDependencies), for --verify. */
function runnerPaths(cwd: string, runner: string, ts: boolean): string[] {
  const modules = path.posix.join(cwd, 'node_modules');
  // The Nest CLI spawns node through `/bin/sh -c` (its --shell, on by default): that shell
  // went with the CLI. (An app that runs /bin/sh itself is not told apart by --verify.)
  if (runner === 'nest')
    return [
      path.posix.join(modules, '@nestjs/cli'),
      path.posix.join(modules, '.bin', 'nest'),
      '/bin/sh',
    ];
  const packages = new Set([runner === 'node' ? 'ts-node' : runner]);
  if (ts && runner !== 'tsx') packages.add('ts-node');
  if (ts) packages.add('typescript');
  if (runner === 'tsx') for (const p of ['esbuild', '@esbuild']) packages.add(p);
  return [...packages].flatMap((p) => [
    path.posix.join(modules, p),
    ...(p.startsWith('@') ? [] : [path.posix.join(modules, '.bin', p)]),
  ]);
}

/** The StartRewrite, for the provider contract. */
export function nodeStartRewrite(input: ProviderInput, needs: StartNeeds): StartRewrite | null {
  const s = nodeStart(input, needs);
  return s && 'rewrite' in s ? s.rewrite : null;
}
