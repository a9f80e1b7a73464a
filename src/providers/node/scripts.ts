// The start command read through package.json scripts (npm start, yarn serve, pnpm run x,
// with their pre/post scripts and the scripts they run in turn).
import type { StartNeeds } from '../../analysis/needs';
import type { StageModel } from '../../analysis/stage';
import { commandName, simpleCommands } from '../../shell';
import { decline, type Decline } from '../contract';
import { managerOf } from './managers';
import { data, type PackageJson, type Said } from './types';

export function scriptChain(
  pkg: PackageJson | null,
  name: string,
  seen = new Set<string>(),
): string[] {
  const scripts = pkg?.scripts ?? {};
  if (seen.has(name) || scripts[name] === undefined) return [];
  seen.add(name);
  const out: string[] = [];
  for (const phase of [`pre${name}`, name, `post${name}`]) {
    const text = scripts[phase];
    if (text === undefined) continue;
    out.push(text);
    for (const c of simpleCommands(text)) {
      const m = managerOf(c.argv[0]);
      if (!m) continue;
      const runIdx = c.argv[1] === 'run' || c.argv[1] === 'run-script' ? 2 : 1;
      const target = c.argv[runIdx];
      if (
        target &&
        target !== name &&
        (runIdx === 2 || ['start', 'test'].includes(target) || m === 'yarn' || m === 'pnpm')
      ) {
        for (const item of scriptChain(pkg, target, seen)) out.push(item);
      }
    }
  }
  return out;
}

/** The npm script a start command runs (npm start, yarn serve, pnpm run x), or null. */
export function scriptOf(argv: string[]): string | null {
  const m = managerOf(argv[0]);
  if (!m || m === 'bun') return null;
  const args = argv.slice(1).filter((a) => !a.startsWith('-'));
  if (args[0] === 'start' || args[0] === 'test') return args[0];
  if (args[0] === 'run' || args[0] === 'run-script') return args[1] ?? null;
  if (
    (m === 'yarn' || m === 'pnpm') &&
    args[0] &&
    !['install', 'add', 'global', 'exec', 'dlx', 'node'].includes(args[0])
  )
    return args[0];
  return null;
}

const RUNNERS = new Set(['npx', 'exec', 'dlx', 'pnpx', 'bunx']);

/** True when a command in the text is the phrase, also behind npx / yarn exec / pnpm dlx. */
export function containsPhrase(text: string, phrase: string): boolean {
  const words = simpleCommands(text).map((c) => {
    let argv = c.argv.map(commandName).filter((w) => !w.startsWith('-'));
    while (
      argv.length > 1 &&
      (RUNNERS.has(argv[0]) || (managerOf(argv[0]) && RUNNERS.has(argv[1])))
    ) {
      argv = RUNNERS.has(argv[0]) ? argv.slice(1) : argv.slice(2);
    }
    return argv.join(' ');
  });
  return words.some((w) => w === phrase || w.startsWith(`${phrase} `));
}

export interface Starts {
  /** What the container runs at start, each script's text included. */
  texts: string[];
  /** The commands it runs, scripts expanded into theirs. */
  commands: { argv: string[]; cwd: string }[];
}

/** What the container runs at start, npm scripts followed; declines an undefined script. */
export function readStarts(
  needs: StartNeeds,
  appPkg: PackageJson | null,
  workdir: string,
  said: Said,
): Starts | Decline {
  const startTexts: string[] = [];
  const starts: { argv: string[]; cwd: string }[] = [];
  for (const c of needs.commands) {
    if (c.from === 'HEALTHCHECK') continue;
    startTexts.push(c.argv.join(' '));
    const script = scriptOf(c.argv);
    if (!script) starts.push({ argv: c.argv, cwd: c.cwd });
    if (script) {
      const chain = scriptChain(appPkg, script);
      for (const t of chain)
        for (const sc of simpleCommands(t)) starts.push({ argv: sc.argv, cwd: workdir });
      if (chain.length === 0 && appPkg) {
        return decline(
          'MSC008',
          `${c.from} runs the script "${script}", which package.json does not define.`,
        );
      }
      for (const item of chain) startTexts.push(item);
      if (c.from !== 'script') {
        said.warnings.push({
          code: 'MSC101',
          message: `the container starts through \`${c.argv.slice(0, 2).join(' ')}\`; running node directly (CMD ["node", ...]) lets the app receive SIGTERM and stop cleanly.`,
        });
      }
    }
  }
  return { texts: startTexts, commands: starts };
}

/** The decline when the start runs a development server or builds (data/node.json), or null. */
export function buildsAtStart(startTexts: string[]): Decline | null {
  const d = data();
  for (const text of startTexts) {
    for (const phrase of d.devServers) {
      if (containsPhrase(text, phrase)) {
        return decline(
          'MSC005',
          `the container starts \`${phrase}\`, a development server or on-the-fly compiler; a runtime stage would lose the tools it needs (build it in a RUN step and start the output with node).`,
        );
      }
    }
    for (const phrase of d.buildAtStart) {
      if (containsPhrase(text, phrase)) {
        return decline(
          'MSC005',
          `the container runs \`${phrase}\` when it starts, so it needs the build tools at run time; move that step into a RUN instruction.`,
        );
      }
    }
  }
  return null;
}

const BUILD_TOOLS = [
  'tsc',
  'webpack',
  'esbuild',
  'vite',
  'next',
  'ng',
  'nest',
  'rollup',
  'tsup',
  'babel',
  'parcel',
  'prisma',
];

/** True when a RUN step builds: an npm script other than start/test, or a known build tool. */
export function buildsInRun(model: StageModel): boolean {
  return model.runs.some((r) =>
    r.commands.some((c) => {
      const s = scriptOf(c.argv);
      return (
        (s !== null && s !== 'start' && s !== 'test') ||
        BUILD_TOOLS.includes(commandName(c.argv[c.argv[0] === 'npx' ? 1 : 0]))
      );
    }),
  );
}
