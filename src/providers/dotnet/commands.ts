// dotnet publish and dotnet build: what each call builds and the folder it writes.
import * as path from 'path';
import { resolvePath, type Command } from '../../analysis/stage';
import {
  lastOption,
  optionValues,
  readToolArgs,
  type ToolArgTable,
} from '../../analysis/tool-args';
import { commandName } from '../../shell';
import type { ProviderInput } from '../contract';
import { solutionProjects, tfmVersion } from './project';
import { data, type DotnetBuild, type Output, type Project } from './types';

// The options of dotnet build/publish that take a value; the short ones are read under their
// long names so that repeated options keep their order whichever spelling was used.
const TABLE: ToolArgTable = {
  valued: new Set([
    '--configuration',
    '--output',
    '--framework',
    '--runtime',
    '-a',
    '--arch',
    '--os',
    '-v',
    '--verbosity',
    '--version-suffix',
    '-s',
    '--source',
    '--packages',
    '--configfile',
    '--manifest',
    '--artifacts-path',
    '--property',
    '-tl',
    '--tl',
  ]),
  short: {
    '-c': '--configuration',
    '-o': '--output',
    '-f': '--framework',
    '-r': '--runtime',
    '-p': '--property',
    '--sc': '--self-contained',
  },
};

// MSBuild's own spellings of a property (-p:K=V, /p:K=V, -property:K=V, any case).
const COLON_PROPERTY = /^(-p|\/p|-property|--property|\/property):(.*)$/i;

/**
 * The words in the forms the table reads: -p:K=V as --property K=V, and the optional value
 * of --self-contained (`--sc true`, `--no-self-contained`) glued on, so it is not taken for
 * the project.
 */
function normalise(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const colon = COLON_PROPERTY.exec(a);
    if (colon) out.push('--property', colon[2]);
    else if (a === '--no-self-contained') out.push('--self-contained=false');
    else if (
      (a === '--sc' || a === '--self-contained') &&
      (args[i + 1] === 'true' || args[i + 1] === 'false')
    )
      out.push(`${a}=${args[++i]}`);
    else out.push(a);
  }
  return out;
}

export function readBuild(cmd: Command): DotnetBuild | null {
  if (commandName(cmd.argv[0]) !== 'dotnet') return null;
  const verb = cmd.argv[1];
  if (verb !== 'publish' && verb !== 'build') return null;
  const a = readToolArgs(normalise(cmd.argv.slice(2)), TABLE);
  const props: Record<string, string> = {};
  for (const text of optionValues(a, '--property'))
    for (const kv of text.split(';')) {
      const eq = kv.indexOf('=');
      if (eq > 0) props[kv.slice(0, eq)] = kv.slice(eq + 1);
    }
  // A bare --self-contained means true; a value means true unless it is "false".
  const sc = lastOption(a, '--self-contained');
  const b: DotnetBuild = {
    cmd,
    verb,
    // The project or solution: the first word that is not an option (/p-style switches
    // start with a slash too, so an absolute path counts when it has an extension).
    target:
      a.positional.find((w) => !w.startsWith('-') && (!w.startsWith('/') || /\.\w+$/.test(w))) ??
      null,
    config: lastOption(a, '--configuration'),
    output: lastOption(a, '--output'),
    framework: lastOption(a, '--framework'),
    rid: lastOption(a, '--runtime'),
    selfContained: sc === null ? null : sc !== 'false',
    props,
    artifactsPath: a.flags.has('--artifacts-path'),
  };
  if (b.props.SelfContained !== undefined && b.selfContained === null)
    b.selfContained = b.props.SelfContained.toLowerCase() === 'true';
  if (b.props.PublishDir && !b.output) b.output = b.props.PublishDir;
  if (b.props.Configuration && !b.config) b.config = b.props.Configuration;
  return b;
}

/** Project files a build command builds: the one named, a solution's, or the folder's only one. */
export function buildProjects(input: ProviderInput, b: DotnetBuild): string[] | null {
  const exts = data().projectExtensions;
  const target = b.target ? resolvePath(b.cmd.cwd, b.target) : b.cmd.cwd;
  if (exts.some((e) => target.endsWith(e))) return [target];
  if (/\.slnx?$/.test(target)) return solutionProjects(input, target);
  const rel = input.files.contextPathOf(target);
  if (rel === null || !input.ctx.known) return null;
  const entries = input.ctx.list(rel);
  const projects = entries.filter((e) => exts.some((x) => e.endsWith(x)));
  if (projects.length === 1) return [path.posix.join(target, projects[0])];
  const slns = entries.filter((e) => /\.slnx?$/.test(e));
  if (projects.length === 0 && slns.length === 1)
    return solutionProjects(input, path.posix.join(target, slns[0]));
  return null;
}

/** Where each build writes, and which projects it writes there. */
export function buildOutputs(
  input: ProviderInput,
  builds: DotnetBuild[],
  project: (p: string) => Project | null,
): { outputs: Output[]; unknown: string[] } {
  const d = data();
  const outputs: Output[] = [];
  const unknown: string[] = [];
  for (const b of builds) {
    const line = `\`${b.cmd.argv.join(' ')}\``;
    const paths = buildProjects(input, b);
    if (!paths) {
      unknown.push(`cannot tell which project ${line} builds (none, or several, in ${b.cmd.cwd})`);
      continue;
    }
    const projects = paths.map(project).filter((p): p is Project => p !== null);
    if (projects.length < paths.length)
      unknown.push(`the project file of ${line} is not in the build context`);
    if (b.output) {
      outputs.push({ dir: resolvePath(b.cmd.cwd, b.output), projects, build: b });
      continue;
    }
    if (b.artifactsPath) {
      unknown.push(`${line} writes to an artifacts folder`);
      continue;
    }
    // The default: <project>/bin/<Configuration>/<tfm>/[<rid>/][publish/].
    for (const p of projects) {
      if (p.movesOutput) {
        unknown.push(`${p.name} sets its own output folder`);
        continue;
      }
      for (const tfm of b.framework ? [b.framework] : p.tfms) {
        const v = tfmVersion(tfm);
        const releaseDefault =
          b.verb === 'publish' && v !== null && v.major >= d.publishReleaseSince;
        const parts = [p.dir, 'bin', b.config ?? (releaseDefault ? 'Release' : 'Debug'), tfm];
        if (b.rid) parts.push(b.rid);
        if (b.verb === 'publish') parts.push('publish');
        outputs.push({ dir: path.posix.join(...parts), projects: [p], build: b });
      }
    }
  }
  return { outputs, unknown };
}
