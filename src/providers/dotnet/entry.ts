// The app: the entry assembly the container starts, the framework its project targets, and
// whether it uses ASP.NET Core.
import * as path from 'path';
import type { StartNeeds } from '../../analysis/needs';
import { expandSome } from '../../analysis/runtime-paths';
import { resolvePath } from '../../analysis/stage';
import { commandName } from '../../shell';
import { decline, type Decline, type ProviderInput } from '../contract';
import { tfmVersion } from './project';
import type { Entry, Output, Project } from './types';

export const HOST_OPTIONS = new Set([
  '--roll-forward',
  '--additionalprobingpath',
  '--additional-deps',
  '--depsfile',
  '--runtimeconfig',
  '--fx-version',
]);

/** The entry assembly: `dotnet <App>.dll` or the app host `./<App>`, matched to its project. */
export function findEntry(
  input: ProviderInput,
  needs: StartNeeds,
  outputs: Output[],
  unknown: string[],
): Decline | Entry {
  const { model } = input;
  const env = model.env;
  let entry: Entry | null = null;
  for (const c of needs.commands) {
    let target: string | null = null;
    let apphost = false;
    if (commandName(c.word) === 'dotnet') {
      const args = c.argv.slice(1);
      for (let i = 0; i < args.length && target === null; i++) {
        if (HOST_OPTIONS.has(args[i])) i++;
        else if (args[i] !== 'exec' && !args[i].startsWith('-')) target = args[i];
      }
      if (target === null || !target.endsWith('.dll')) continue;
    } else if (c.from !== 'HEALTHCHECK' && c.word.includes('/')) {
      const abs = resolvePath(model.cwd, expandSome(c.word, env));
      if (!outputs.some((o) => path.posix.dirname(abs) === o.dir)) continue;
      target = c.word;
      apphost = true;
    } else continue;
    const abs = resolvePath(model.cwd, expandSome(target, env));
    if (abs.includes('$')) {
      return decline(
        'MSC007',
        `${c.from} names its assembly through a variable msconvert cannot resolve (${target}).`,
      );
    }
    const dir = path.posix.dirname(abs);
    const base = path.posix.basename(abs);
    const here = outputs.filter((o) => o.dir === dir);
    if (here.length === 0) {
      const why = unknown.length ? ` (${unknown[0]})` : '';
      return decline(
        'MSC007',
        `${c.from} runs ${target}, which is not in a folder dotnet publish or dotnet build writes${why}; start the assembly from the publish output (-o).`,
      );
    }
    const fileOf = (p: Project) => (apphost ? p.assembly : `${p.assembly}.dll`);
    const candidates = here.flatMap((o) =>
      o.projects.filter((p) => p.assembly !== null).map((p) => ({ output: o, project: p })),
    );
    const found = candidates.find((x) => fileOf(x.project) === base);
    if (!found) {
      const names = candidates.map((x) => fileOf(x.project));
      return decline(
        'MSC007',
        `${c.from} runs ${base}, but the projects built into ${dir} produce ${names.length ? names.join(', ') : 'no assembly msconvert can name'} (AssemblyName or the project file name).`,
      );
    }
    if (entry && entry.output.dir !== found.output.dir) {
      return decline(
        'MSC007',
        'the container starts assemblies from two different build outputs; msconvert converts one app per image.',
      );
    }
    entry = { ...found, apphost, word: c.word };
  }
  if (!entry) {
    return decline(
      'MSC008',
      `the container does not start a published assembly (dotnet <App>.dll or its app host)${unknown.length ? ` and ${unknown[0]}` : ''}, so msconvert cannot tell what to copy.`,
    );
  }
  return entry;
}

/** The framework the entry project targets, as a runtime version; declines what Linux cannot run. */
export function targetOf(
  app: Project,
  output: Output,
): Decline | { tfm: string; version: string; major: number } {
  const tfm = output.build.framework ?? (app.tfms.length === 1 ? app.tfms[0] : null);
  if (!tfm) {
    return decline(
      'MSC007',
      `cannot tell which framework ${app.name} targets (TargetFramework${app.tfms.length > 1 ? 's lists several and no -f is given' : ' is not set or not readable'}), so the runtime version is unknown.`,
    );
  }
  const v = tfmVersion(tfm);
  if (!v) {
    return decline(
      'MSC004',
      `${app.name} targets ${tfm}, which is not a .NET (Core) framework that runs on Linux.`,
    );
  }
  if (v.platform !== null) {
    return decline(
      v.platform.startsWith('windows') ? 'MSC004' : 'MSC011',
      `${app.name} targets ${tfm}, a platform-specific framework; the Linux runtime images cannot run it.`,
    );
  }
  if (/BlazorWebAssembly/.test(app.sdk)) {
    return decline(
      'MSC011',
      `${app.name} is a Blazor WebAssembly app: its output is static files for a web server, not an app for the .NET runtime.`,
    );
  }
  return { tfm, version: v.version, major: v.major };
}

/** Web or not: the app's own SDK and framework references, and its project references' (an unreadable reference counts as web: aspnet also runs console apps). */
export function usesAspNet(app: Project, project: (p: string) => Project | null): boolean {
  if (app.web !== null) return true;
  const seen = new Set<string>();
  const walk = (p: Project): boolean =>
    p.refs.some((r) => {
      if (seen.has(r)) return false;
      seen.add(r);
      const rp = project(r);
      return !rp || rp.web !== null || walk(rp);
    });
  return walk(app);
}
