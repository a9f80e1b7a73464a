// Distroless Node (gcr.io/distroless/nodejs<major>-debian<N>): node is the image's ENTRYPOINT
// and it has no shell, no npm and no OS package manager, so it only serves an app whose
// container runs nothing but node. This module decides whether the app is one, and how the
// start instructions read on it (CMD carries the script only); the planner still checks the
// candidate against every other need (OS packages, users, the commands the start runs).
import type { StartNeeds } from '../../analysis/needs';
import { spawnedCommands } from '../../analysis/spawned';
import { tagCodename, tagVersion } from '../../analysis/image';
import type { Instruction } from '../../parse';
import { commandName, simpleCommands } from '../../shell';
import { images, type RuntimeFacts } from '../../data';
import type { ProviderInput, RuntimeCandidate } from '../contract';
import type { RuntimeImage } from './runtime';
import { data, packageJsonAt } from './types';

/** Where distroless keeps node; it is not on the image's PATH. */
const NODE = '/nodejs/bin/node';

export type Distroless = { candidate: RuntimeCandidate } | { passed: string };

/** The distroless Node candidate, or why the app cannot run on it. */
export function distrolessCandidate(
  input: ProviderInput,
  needs: StartNeeds,
  rt: RuntimeImage,
  official: boolean,
  runLines: number,
): Distroless {
  const { model } = input;
  const image = distrolessImage(model.image.tag, official && !rt.alpine);
  if ('passed' in image) return image;
  const facts: RuntimeFacts = images().runtimes['distroless-nodejs'];
  if (needs.shell || needs.scripts.length > 0)
    return { passed: 'the start needs a shell, which it does not have' };
  if (runLines > 0)
    return { passed: 'the runtime stage installs global packages with a shell command' };
  const spawned = [...spawnedCommands(input.ctx, 'js')];
  if (spawned.length > 0)
    return { passed: `the app runs ${spawned.slice(0, 3).join(', ')}, which it does not have` };
  const user = runAs(model.user);
  if (user === null)
    return {
      passed: `the app runs as ${model.user}, a user it does not have (it has root and nonroot, uid 65532)`,
    };
  const starts = startRewrites(input, model.carried);
  if ('passed' in starts) return starts;
  const ref = `${image.image}${user === 'nonroot' ? ':nonroot' : ''}`;
  return {
    candidate: {
      image: ref,
      facts: {
        ...facts,
        image: ref,
        // The nonroot variant starts in its user's home.
        workdir: user === 'nonroot' ? '/home/nonroot' : facts.workdir,
      },
      why: `the container runs nothing but node, so distroless Node.js of the builder's Node major and Debian release (no shell, no npm; node is its ENTRYPOINT)${starts.how ? `; ${starts.how}` : ''}`,
      commands: ['node'],
      rewrites: starts.rewrites,
      vouched: starts.vouched,
    },
  };
}

/** The distroless image of the builder's Node major and Debian release, when one exists. */
function distrolessImage(
  tag: string | null,
  official: boolean,
): { image: string } | { passed: string } {
  if (!official) return { passed: 'the builder is not an official Debian Node image' };
  const version = tagVersion(tag);
  const codename = tagCodename(tag) ?? (version ? 'bookworm' : null);
  if (!version || !codename)
    return { passed: `the tag ${tag ?? 'latest'} does not say which Node major it is` };
  const suffix = images().debian.distrolessSuffix[codename];
  const own = images().debian.codenames[codename];
  const majors = data().distroless[suffix] ?? [];
  if (!suffix || suffix !== `debian${own}` || !majors.includes(version[0]))
    return { passed: `there is no distroless Node.js ${version[0]} on Debian ${codename}` };
  // Before these releases, a tag without a codename was Debian bullseye.
  const since = data().bookwormSince[String(version[0])];
  if (!tagCodename(tag) && since && version.length > 1 && older(version, since))
    return { passed: `node:${tag} is Debian bullseye, for which there is no distroless Node.js` };
  return { image: `gcr.io/distroless/nodejs${version[0]}-${suffix}` };
}

function older(v: number[], than: string): boolean {
  const t = than.split('.').map(Number);
  for (let i = 0; i < t.length; i++) {
    const a = v[i] ?? 0;
    if (a !== t[i]) return a < t[i];
  }
  return false;
}

/** 'root' or 'nonroot' for a user the distroless image has, null otherwise. */
function runAs(user: string | null): 'root' | 'nonroot' | null {
  if (!user || /^(root|0)(:(root|0))?$/.test(user)) return 'root';
  if (/^(nonroot|65532)(:(nonroot|65532))?$/.test(user)) return 'nonroot';
  return null;
}

interface Starts {
  rewrites: Record<string, string>;
  vouched: string[];
  how: string;
}

const PLAIN = /^[\w./@:=,+-]+$/;

/**
 * The start instructions as distroless runs them: `CMD ["node", "x.js"]` becomes `CMD ["x.js"]`
 * (node is the ENTRYPOINT), `ENTRYPOINT ["node", ...]` names /nodejs/bin/node, and `npm start`
 * whose script is exactly `node <script>` is run as that script.
 */
function startRewrites(input: ProviderInput, carried: Instruction[]): Starts | { passed: string } {
  const out: Starts = { rewrites: {}, vouched: [], how: '' };
  const entry = carried.filter((i) => i.keyword === 'ENTRYPOINT').pop();
  const cmds = carried.filter((i) => i.keyword === 'CMD');
  const json = (a: string[]) => JSON.stringify(a).replace(/","/g, '", "');
  for (const h of carried.filter((i) => i.keyword === 'HEALTHCHECK')) {
    if (/^none$/i.test(h.args.trim())) continue;
    return { passed: 'the HEALTHCHECK runs a command it may not have' };
  }
  if (entry) {
    const argv = entry.exec;
    if (!argv || argv.length === 0 || commandName(argv[0]) !== 'node')
      return { passed: 'the ENTRYPOINT is not node itself' };
    out.rewrites[entry.raw] = `ENTRYPOINT ${json([NODE, ...argv.slice(1)])}`;
    return out;
  }
  if (cmds.length === 0) return { passed: 'the image sets no CMD' };
  for (const c of cmds) {
    const argv = c.exec;
    if (!argv) return { passed: 'the CMD is in shell form' };
    let args: string[] | null = null;
    if (argv.length > 1 && commandName(argv[0]) === 'node') args = argv.slice(1);
    else {
      const script = npmStartScript(input, argv);
      if (script) {
        args = script;
        out.vouched.push(argv[0]);
        out.how = `${argv.join(' ')} runs \`node ${script.join(' ')}\`, which the runtime runs directly`;
      }
    }
    if (!args) return { passed: `the CMD runs ${argv[0]}, not node` };
    out.rewrites[c.raw] = `CMD ${json(args)}`;
  }
  return out;
}

/** The arguments of `node` when the CMD is `npm start` whose script is only that. */
function npmStartScript(input: ProviderInput, argv: string[]): string[] | null {
  const tool = commandName(argv[0]);
  const rest = argv.slice(1);
  const start =
    (rest.length === 1 && rest[0] === 'start') ||
    (rest.length === 2 && rest[0] === 'run' && rest[1] === 'start');
  // Not yarn start: under --verify its original ran /bin/sh and more besides node (yarn 1's
  // own processes), so the two images could not be shown to behave the same.
  if (tool !== 'npm' || !start) return null;
  // npm runs the script in the folder of the package.json: the WORKDIR's own.
  const pkg = packageJsonAt(input.files, input.model.cwd);
  const scripts = pkg?.scripts ?? {};
  const text = scripts.start;
  if (text === undefined || scripts.prestart !== undefined || scripts.poststart !== undefined)
    return null;
  const commands = simpleCommands(text);
  if (commands.length !== 1) return null;
  const [c] = commands;
  const words = text.trim().split(/\s+/);
  if (Object.keys(c.env).length > 0 || c.dynamic || !words.every((w) => PLAIN.test(w))) return null;
  if (words[0] !== 'node' || words.length < 2) return null;
  // The app may read what npm puts in its environment.
  if (readsNpmEnvironment(input)) return null;
  return words.slice(1);
}

export function readsNpmEnvironment(input: ProviderInput): boolean {
  const ctx = input.ctx;
  if (!ctx.known) return true;
  let seen = 0;
  let found = false;
  const walk = (dir: string, depth: number) => {
    for (const name of ctx.list(dir)) {
      if (found || seen >= 500) return;
      if (name.endsWith('/')) {
        if (depth < 6 && name !== 'node_modules/' && !name.startsWith('.'))
          walk(dir ? `${dir}/${name.slice(0, -1)}` : name.slice(0, -1), depth + 1);
        continue;
      }
      if (!/\.(c|m)?(j|t)sx?$/.test(name)) continue;
      seen++;
      const text = ctx.readText(dir ? `${dir}/${name}` : name) ?? '';
      if (/\bnpm_(package|config|lifecycle)_|\bINIT_CWD\b/.test(text)) found = true;
    }
  };
  walk('', 0);
  return found;
}
