// .NET: the folder `dotnet publish` (or `dotnet build`) writes, on the ASP.NET Core runtime
// image for web projects and the .NET runtime image otherwise, of the version the project
// targets and the OS flavour of the SDK image; self-contained apps go to runtime-deps.
//
// plan() in steps: declines for a start that builds or an unknown SDK image; the dotnet
// build/publish calls and the folders they write (commands.ts, project.ts); the entry assembly
// the container starts and its project (entry.ts); the runtime image (runtime.ts); the copies
// (copies.ts).
import type { StartNeeds } from '../../analysis/needs';
import { expandSome } from '../../analysis/runtime-paths';
import { allCommands, resolvePath } from '../../analysis/stage';
import type { Warning } from '../../codes';
import { commandName } from '../../shell';
import {
  decline,
  type Decline,
  type Detection,
  type Provider,
  type ProviderInput,
  type ProviderPlan,
} from '../contract';
import { detection } from '../detect';
import { buildOutputs, readBuild } from './commands';
import { dotnetCopies } from './copies';
import { findEntry, targetOf, usesAspNet } from './entry';
import { readProject } from './project';
import { chooseRuntime, codenameOf, keepSdkBehaviour, runtimeCandidate } from './runtime';
import { isSdkRepository, sdkImage } from './sdk-image';
import { dotnetRunStart, dotnetStartRewrite } from './start-rewrite';
import { data, type DotnetBuild, type Project } from './types';

export { sdkImage } from './sdk-image';

function detect({ model, ctx }: ProviderInput): Detection | null {
  const build = allCommands(model).find((c) => readBuild(c) !== null);
  return detection(model, {
    image: isSdkRepository(model.image.repository),
    build: build && `RUN ${build.argv.slice(0, 2).join(' ')}`,
    manifest: ctx.list('').some((e) => /\.(csproj|fsproj|vbproj|slnx?)$/.test(e))
      ? 'a .NET project file in the context'
      : null,
  });
}

/** Builds at start: dotnet run / watch / build, EF tools (a dotnet run not rewritten says why). */
function buildsAtStart(input: ProviderInput, needs: StartNeeds): Decline | null {
  for (const c of needs.commands) {
    const sub = c.argv[1];
    if (commandName(c.word) === 'dotnet' && sub && data().buildAtStart.includes(sub)) {
      const run = sub === 'run' && !input.options.keepStart ? dotnetRunStart(input, needs) : null;
      const why =
        run && 'reason' in run ? ` It is not rewritten to dotnet publish: ${run.reason}.` : '';
      return decline(
        'MSC005',
        `${c.from} runs \`${c.argv.join(' ')}\`, which needs the .NET SDK when the container starts; publish in a RUN step and start the output with dotnet <App>.dll.${why}`,
      );
    }
  }
  return null;
}

/** Every dotnet build/publish of the stage, with the stage's variables expanded. */
function readBuilds(input: ProviderInput): DotnetBuild[] {
  const env = input.model.env;
  return allCommands(input.model)
    .map((c) => readBuild({ ...c, argv: c.argv.map((w) => expandSome(w, env)) }))
    .filter((b): b is DotnetBuild => b !== null);
}

function plan(input: ProviderInput, needs: StartNeeds): ProviderPlan | Decline {
  const { model } = input;
  const warnings: Warning[] = [];
  const notes: string[] = [];
  const atStart = buildsAtStart(input, needs);
  if (atStart) return atStart;
  const sdk = sdkImage(model.image.repository, model.image.tag);
  if (!sdk) {
    return decline(
      'MSC015',
      `${model.image.resolved} is not a .NET SDK image msconvert knows (mcr.microsoft.com/dotnet/sdk), so it cannot name the matching runtime image; pass --runtime.`,
    );
  }
  const builds = readBuilds(input);
  if (builds.length === 0) {
    return decline(
      'MSC006',
      'no dotnet publish or dotnet build runs in this Dockerfile, so there is no build to leave behind (is the app published on the host and copied in?).',
    );
  }
  const cache = new Map<string, Project | null>();
  const project = (p: string) => {
    if (!cache.has(p)) cache.set(p, readProject(input, p));
    return cache.get(p) ?? null;
  };
  const { outputs, unknown } = buildOutputs(input, builds, project);
  const entry = findEntry(input, needs, outputs, unknown);
  if ('kind' in entry) return entry;
  const { project: app, output } = entry;
  if (output.dir === '/') {
    return decline(
      'MSC012',
      "the app is published into the filesystem root, so msconvert cannot tell its files from the image's; publish with -o /app/publish.",
    );
  }
  const target = targetOf(app, output);
  if ('kind' in target) return target;

  // aspnet, runtime or runtime-deps, of the targeted version, in the SDK's flavour.
  const web = usesAspNet(app, project);
  const props = { ...app.props, ...output.build.props };
  const truthy = (k: string) => (props[k] ?? '').toLowerCase() === 'true';
  const selfContained =
    output.build.selfContained === true ||
    (output.build.selfContained === null && (truthy('SelfContained') || truthy('PublishAot')));
  const kind = selfContained && entry.apphost ? 'runtime-deps' : web ? 'aspnet' : 'runtime';
  const candidate = runtimeCandidate(sdk, target, kind, app, notes);
  const kept = keepSdkBehaviour(model, sdk, target, web, truthy('InvariantGlobalization'), notes);
  const candidates = chooseRuntime(input.options.runtime, candidate, sdk, kind, target, warnings);
  if ('kind' in candidates) return candidates;

  return {
    kind: 'plan',
    language: 'dotnet',
    evidence: [],
    candidates,
    copyFrom: input.builderName,
    copies: dotnetCopies(input, needs, entry),
    executables: entry.apphost ? [resolvePath(model.cwd, entry.word)] : [],
    builderEdits: [],
    extraStages: [],
    runLines: kept.runLines,
    providedCommands: [],
    staticArtifact: false,
    vouched: entry.apphost ? [entry.word] : [],
    warnings,
    notes,
    gain: ['the .NET SDK, the sources and the NuGet package cache stay in the builder'],
    ensure: kept.ensure,
    codename: codenameOf(sdk),
  };
}

export const dotnetProvider: Provider = {
  id: 'dotnet',
  name: '.NET',
  detect,
  rewriteStart: dotnetStartRewrite,
  plan,
};
