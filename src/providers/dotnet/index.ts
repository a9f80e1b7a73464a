// .NET: the folder `dotnet publish` (or `dotnet build`) writes, on the ASP.NET Core runtime
// image for web projects and the .NET runtime image otherwise, of the version the project
// targets and the OS flavour of the SDK image; self-contained apps go to runtime-deps.
import { detection } from '../detect';
import * as path from 'path';
import type { Warning } from '../../codes';
import type { StartNeeds } from '../../analysis/needs';
import { allCommands, resolvePath, type Command } from '../../analysis/stage';
import { commandName } from '../../shell';
import { templateJson, type RuntimeFacts } from '../../data';
import {
  decline,
  type CopySpec,
  type Decline,
  type Detection,
  type Provider,
  type ProviderInput,
  type ProviderPlan,
} from '../contract';
import { expandSome, namedRuntimePaths } from '../../analysis/runtime-paths';
import { parseXml, type XmlNode } from '../../readers/xml';

interface DotnetData {
  sdkRepositories: Record<string, string>;
  runtimes: Record<'debian' | 'alpine' | 'other', RuntimeFacts>;
  aptFlavours: string[];
  appUserSince: number;
  httpPortsSince: number;
  publishReleaseSince: number;
  buildAtStart: string[];
  alpineGlobalization: string[];
  contentRoot: { files: string; dirs: string[] };
  projectExtensions: string[];
}
const data = () => templateJson<DotnetData>('dotnet.json');

// ---------------------------------------------------------------------------------------
// The SDK image.

interface SdkImage {
  /** Repository the runtime images sit next to: mcr.microsoft.com/dotnet. */
  repo: string;
  /** major.minor of the SDK, when the tag says. */
  version: string | null;
  /** OS part of the tag: '', bookworm-slim, alpine3.20, jammy ... */
  flavour: string;
  family: 'debian' | 'alpine' | 'other';
}

function isSdkRepository(repository: string): boolean {
  return /(^|\/)dotnet\/(core\/)?sdk$/.test(repository);
}

export function sdkImage(repository: string, tag: string | null): SdkImage | null {
  if (!isSdkRepository(repository)) return null;
  const repo = data().sdkRepositories[repository] ?? repository.replace(/\/sdk$/, '');
  const t = tag ?? 'latest';
  const m = /^(\d+\.\d+)(?:\.\d+)?(?:-(?:preview|rc)[\w.]*)?(?:-(.+))?$/.exec(t);
  const rest = (m ? (m[2] ?? '') : t === 'latest' ? '' : t).replace(
    /-(amd64|arm64v8|arm32v7)$/,
    '',
  );
  const family = /^alpine/.test(rest)
    ? 'alpine'
    : data().aptFlavours.includes(rest)
      ? 'debian'
      : 'other';
  return { repo, version: m ? m[1] : null, flavour: rest, family };
}

// ---------------------------------------------------------------------------------------
// Project files.

interface Project {
  /** Image path of the project file. */
  path: string;
  dir: string;
  /** File name without extension. */
  name: string;
  /** Entry assembly name (AssemblyName, else the file name); null when it cannot be resolved. */
  assembly: string | null;
  sdk: string;
  /** Uses ASP.NET Core: through the Web SDK, or a FrameworkReference to Microsoft.AspNetCore.App. */
  web: 'sdk' | 'framework-reference' | null;
  tfms: string[];
  props: Record<string, string>;
  refs: string[];
  /** Properties that move the default output folder. */
  movesOutput: boolean;
}

function projectProps(root: XmlNode, into: Record<string, string>, conditional: Set<string>): void {
  for (const group of root.children.filter((c) => c.name === 'PropertyGroup')) {
    for (const p of group.children) {
      if (group.attrs.Condition || p.attrs.Condition) conditional.add(p.name);
      else into[p.name] = p.text.trim();
    }
  }
}

function resolveMsbuild(value: string, props: Record<string, string>): string | null {
  let ok = true;
  const out = value.replace(/\$\(([\w.]+)\)/g, (_m, k: string) => {
    const v = props[k];
    if (v === undefined) ok = false;
    return v ?? '';
  });
  return ok ? out : null;
}

function readProject(input: ProviderInput, projPath: string): Project | null {
  const text = input.files.readByImagePath(projPath);
  const root = parseXml(text);
  if (!root) return null;
  const dir = path.posix.dirname(projPath);
  const name = path.posix.basename(projPath).replace(/\.\w+proj$/, '');
  const props: Record<string, string> = {
    MSBuildProjectName: name,
    MSBuildProjectDirectory: dir,
    MSBuildThisFileDirectory: `${dir}/`,
  };
  const conditional = new Set<string>();
  // Directory.Build.props: the nearest one above the project applies first.
  for (let d = dir; ; d = path.posix.dirname(d)) {
    const shared = parseXml(
      input.files.readByImagePath(path.posix.join(d, 'Directory.Build.props')),
    );
    if (shared) {
      projectProps(shared, props, conditional);
      break;
    }
    if (d === '/') break;
  }
  projectProps(root, props, conditional);
  const sdk =
    root.attrs.Sdk ??
    root.children.find((c) => c.name === 'Sdk')?.attrs.Name ??
    root.children.find((c) => c.name === 'Import' && c.attrs.Sdk)?.attrs.Sdk ??
    '';
  const items = root.children.filter((c) => c.name === 'ItemGroup').flatMap((g) => g.children);
  const frameworkRefs = items
    .filter((i) => i.name === 'FrameworkReference')
    .map((i) => i.attrs.Include ?? '');
  const refs = items
    .filter((i) => i.name === 'ProjectReference' && i.attrs.Include)
    .map((i) => resolvePath(dir, (i.attrs.Include as string).replace(/\\/g, '/')));
  const tfmText = props.TargetFramework ?? props.TargetFrameworks ?? '';
  const tfms = (resolveMsbuild(tfmText, props) ?? '')
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
  const assemblyRaw = props.AssemblyName ?? name;
  const uncertain = ['AssemblyName', 'TargetFramework', 'TargetFrameworks'].some((k) =>
    conditional.has(k),
  );
  return {
    path: projPath,
    dir,
    name,
    assembly: uncertain ? null : resolveMsbuild(assemblyRaw, props),
    sdk,
    web: /^Microsoft\.NET\.Sdk\.(Web|Razor|BlazorWebAssembly)/.test(sdk)
      ? 'sdk'
      : frameworkRefs.includes('Microsoft.AspNetCore.App')
        ? 'framework-reference'
        : null,
    tfms: conditional.has('TargetFramework') || conditional.has('TargetFrameworks') ? [] : tfms,
    props,
    refs,
    movesOutput: [
      'OutputPath',
      'BaseOutputPath',
      'PublishDir',
      'AppendTargetFrameworkToOutputPath',
      'AppendRuntimeIdentifierToOutputPath',
      'UseArtifactsOutput',
      'ArtifactsPath',
    ].some((k) => props[k] !== undefined || conditional.has(k)),
  };
}

/** Project files a solution lists (.sln text or .slnx XML). */
function solutionProjects(input: ProviderInput, slnPath: string): string[] | null {
  const text = input.files.readByImagePath(slnPath);
  if (text === null) return null;
  const dir = path.posix.dirname(slnPath);
  const rels: string[] = [];
  if (slnPath.endsWith('.slnx')) {
    for (const m of text.matchAll(/<Project\s[^>]*Path="([^"]+)"/g)) rels.push(m[1]);
  } else {
    for (const m of text.matchAll(/^Project\("\{[^}]+\}"\)\s*=\s*"[^"]*",\s*"([^"]+)"/gm))
      rels.push(m[1]);
  }
  return rels
    .map((r) => r.replace(/\\/g, '/'))
    .filter((r) => data().projectExtensions.some((e) => r.endsWith(e)))
    .map((r) => resolvePath(dir, r));
}

/** TFM -> runtime version: net8.0 -> 8.0, netcoreapp3.1 -> 3.1; null for others. */
function tfmVersion(
  tfm: string,
): { version: string; major: number; platform: string | null } | null {
  const m = /^net(?:coreapp)?(\d+)\.(\d+)(?:-([\w.]+))?$/.exec(tfm);
  if (!m) return null;
  return { version: `${m[1]}.${m[2]}`, major: Number(m[1]), platform: m[3] ?? null };
}

// ---------------------------------------------------------------------------------------
// dotnet publish / build.

interface DotnetBuild {
  cmd: Command;
  verb: 'publish' | 'build';
  target: string | null;
  config: string | null;
  output: string | null;
  framework: string | null;
  rid: string | null;
  selfContained: boolean | null;
  props: Record<string, string>;
  artifactsPath: boolean;
}

const VALUE_FLAGS = new Set([
  '-c',
  '--configuration',
  '-o',
  '--output',
  '-f',
  '--framework',
  '-r',
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
  '-p',
  '--property',
  '-tl',
  '--tl',
]);

function readBuild(cmd: Command): DotnetBuild | null {
  if (commandName(cmd.argv[0]) !== 'dotnet') return null;
  const verb = cmd.argv[1];
  if (verb !== 'publish' && verb !== 'build') return null;
  const b: DotnetBuild = {
    cmd,
    verb,
    target: null,
    config: null,
    output: null,
    framework: null,
    rid: null,
    selfContained: null,
    props: {},
    artifactsPath: false,
  };
  const args = cmd.argv.slice(2);
  const prop = (text: string) => {
    for (const kv of text.split(';')) {
      const eq = kv.indexOf('=');
      if (eq > 0) b.props[kv.slice(0, eq)] = kv.slice(eq + 1);
    }
  };
  for (let i = 0; i < args.length; i++) {
    let a = args[i];
    let value: string | undefined;
    const colon = /^(-p|\/p|-property|--property|\/property):(.*)$/i.exec(a);
    if (colon) {
      prop(colon[2]);
      continue;
    }
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    if (eq > 0) {
      value = a.slice(eq + 1);
      a = a.slice(0, eq);
    }
    const take = () => value ?? args[++i] ?? '';
    switch (a) {
      case '-c':
      case '--configuration':
        b.config = take();
        break;
      case '-o':
      case '--output':
        b.output = take();
        break;
      case '-f':
      case '--framework':
        b.framework = take();
        break;
      case '-r':
      case '--runtime':
        b.rid = take();
        break;
      case '--artifacts-path':
        take();
        b.artifactsPath = true;
        break;
      case '-p':
      case '--property':
        prop(take());
        break;
      case '--sc':
      case '--self-contained':
        if (value !== undefined) b.selfContained = value !== 'false';
        else if (args[i + 1] === 'true' || args[i + 1] === 'false')
          b.selfContained = args[++i] === 'true';
        else b.selfContained = true;
        break;
      case '--no-self-contained':
        b.selfContained = false;
        break;
      default:
        if (VALUE_FLAGS.has(a)) take();
        else if (!a.startsWith('-') && !a.startsWith('/') && b.target === null) b.target = a;
        else if (!a.startsWith('-') && a.startsWith('/') && b.target === null && /\.\w+$/.test(a))
          b.target = a;
    }
  }
  if (b.props.SelfContained !== undefined && b.selfContained === null)
    b.selfContained = b.props.SelfContained.toLowerCase() === 'true';
  if (b.props.PublishDir && !b.output) b.output = b.props.PublishDir;
  if (b.props.Configuration && !b.config) b.config = b.props.Configuration;
  return b;
}

/** Project files a build command builds: the one named, a solution's, or the folder's only one. */
function buildProjects(input: ProviderInput, b: DotnetBuild): string[] | null {
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

interface Output {
  dir: string;
  projects: Project[];
  build: DotnetBuild;
}

// ---------------------------------------------------------------------------------------

/** Where each build writes, and which projects it writes there. */
function buildOutputs(
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

interface Entry {
  output: Output;
  project: Project;
  apphost: boolean;
  word: string;
}

const HOST_OPTIONS = new Set([
  '--roll-forward',
  '--additionalprobingpath',
  '--additional-deps',
  '--depsfile',
  '--runtimeconfig',
  '--fx-version',
]);

/** The entry assembly: `dotnet <App>.dll` or the app host `./<App>`, matched to its project. */
function findEntry(
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
function targetOf(
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
function usesAspNet(app: Project, project: (p: string) => Project | null): boolean {
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

/** What to copy: the output folder, content-root files, files ENV or arguments name, scripts. */
function dotnetCopies(input: ProviderInput, needs: StartNeeds, entry: Entry): CopySpec[] {
  const { model, files, ctx } = input;
  const d = data();
  const { output, project: app } = entry;
  const copies: CopySpec[] = [];
  const covered = (p: string) => copies.some((c) => p === c.src || p.startsWith(`${c.src}/`));
  const add = (p: string, why: string) => {
    if (!covered(p)) copies.push({ from: input.builderName, src: p, dest: p, why });
  };
  add(output.dir, `the ${output.build.verb} output of ${app.name}`);
  // ASP.NET Core reads appsettings.json and wwwroot from its working folder (the content root).
  const cwdInOutput = model.cwd === output.dir || model.cwd.startsWith(`${output.dir}/`);
  const cwdRel = files.contextPathOf(model.cwd);
  if (!cwdInOutput && cwdRel !== null && ctx.known) {
    const filePattern = new RegExp(d.contentRoot.files);
    for (const name of ctx.list(cwdRel)) {
      const isDir = name.endsWith('/');
      const bare = isDir ? name.slice(0, -1) : name;
      if (isDir ? !d.contentRoot.dirs.includes(bare) : !filePattern.test(bare)) continue;
      const p = path.posix.join(model.cwd, bare);
      if (files.contextPathOf(p) !== null)
        add(p, 'read from the working folder (the content root) at run time');
    }
  }
  const startWords = needs.commands.flatMap((c) => c.argv.slice(1));
  for (const p of namedRuntimePaths(model, files, startWords, covered))
    add(p, 'named by the start command or ENV and placed by the original');
  for (const script of needs.scripts) add(script.imagePath, 'script run at start');
  return copies;
}

export const dotnetProvider: Provider = {
  id: 'dotnet',
  name: '.NET',

  detect({ model, ctx }): Detection | null {
    const build = allCommands(model).find((c) => readBuild(c) !== null);
    return detection(model, {
      image: isSdkRepository(model.image.repository),
      build: build && `RUN ${build.argv.slice(0, 2).join(' ')}`,
      manifest: ctx.list('').some((e) => /\.(csproj|fsproj|vbproj|slnx?)$/.test(e))
        ? 'a .NET project file in the context'
        : null,
    });
  },

  plan(input: ProviderInput, needs: StartNeeds): ProviderPlan | Decline {
    const { model } = input;
    const d = data();
    const warnings: Warning[] = [];
    const notes: string[] = [];
    const env = model.env;

    // Builds at start: dotnet run / watch / build, EF tools.
    for (const c of needs.commands) {
      const sub = c.argv[1];
      if (commandName(c.word) === 'dotnet' && sub && d.buildAtStart.includes(sub)) {
        return decline(
          'MSC005',
          `${c.from} runs \`${c.argv.join(' ')}\`, which needs the .NET SDK when the container starts; publish in a RUN step and start the output with dotnet <App>.dll.`,
        );
      }
    }
    const sdk = sdkImage(model.image.repository, model.image.tag);
    if (!sdk) {
      return decline(
        'MSC015',
        `${model.image.resolved} is not a .NET SDK image msconvert knows (mcr.microsoft.com/dotnet/sdk), so it cannot name the matching runtime image; pass --runtime.`,
      );
    }
    const builds = allCommands(model)
      .map((c) => readBuild({ ...c, argv: c.argv.map((w) => expandSome(w, env)) }))
      .filter((b): b is DotnetBuild => b !== null);
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
    const tag = sdk.flavour ? `${target.version}-${sdk.flavour}` : target.version;
    const base = d.runtimes[sdk.family];
    const image = base.image
      .replace('{repo}', sdk.repo)
      .replace('{kind}', kind)
      .replace('{tag}', tag);
    const facts: RuntimeFacts = {
      ...base,
      image,
      users: [...base.users, ...(target.major >= d.appUserSince ? ['app'] : [])],
    };
    const reference =
      app.web === 'sdk'
        ? ', a web project'
        : app.web
          ? ', which references the ASP.NET Core framework'
          : ', whose project references use ASP.NET Core';
    const why = [
      kind === 'runtime-deps'
        ? `a self-contained app needs only the native dependencies (runtime-deps ${target.version})`
        : `${kind === 'aspnet' ? 'ASP.NET Core' : '.NET'} runtime ${target.version}, the version ${app.name} targets (${target.tfm})${kind === 'aspnet' ? reference : ', not a web project'}`,
    ];
    if (sdk.flavour) why.push(`same OS flavour as the SDK image (${sdk.flavour})`);
    if (sdk.version && sdk.version !== target.version)
      notes.push(
        `the SDK is ${sdk.version} but ${app.name} targets ${target.tfm}, so the runtime is ${target.version}`,
      );

    // Globalization: the Alpine SDK image has ICU and sets invariant mode off; the Alpine
    // runtime images have no ICU and switch it on. Debian and Ubuntu images ship ICU.
    const runLines: string[] = [];
    const ensure: string[] = [];
    const envSet = (k: string) =>
      model.carried.some((i) => i.keyword === 'ENV' && i.pairs.some((p) => p.name === k));
    const invariantEnv = envSet('DOTNET_SYSTEM_GLOBALIZATION_INVARIANT')
      ? (env.DOTNET_SYSTEM_GLOBALIZATION_INVARIANT ?? '').toLowerCase()
      : null;
    const invariant =
      truthy('InvariantGlobalization') || invariantEnv === 'true' || invariantEnv === '1';
    if (sdk.family === 'alpine') {
      for (const item of invariant ? ['tzdata'] : d.alpineGlobalization) ensure.push(item);
      if (!invariant && invariantEnv === null) {
        runLines.push('ENV DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=false');
        notes.push(
          'ICU kept: the Alpine SDK image has ICU and DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=false, the Alpine runtime image neither',
        );
      }
    }
    // Before .NET 8 the SDK images cleared ASPNETCORE_URLS, which the runtime images set to
    // http://+:80; .NET 8 apps use ASPNETCORE_HTTP_PORTS, which SDK and runtime share.
    if (web && target.major < d.httpPortsSince && !envSet('ASPNETCORE_URLS')) {
      runLines.push('ENV ASPNETCORE_URLS=');
      notes.push(
        `ASPNETCORE_URLS set empty: the original had none (the SDK image clears it), while the aspnet ${target.version} image sets http://+:80; set ASPNETCORE_URLS in the Dockerfile to choose the address`,
      );
    }

    let candidates = [
      { image, facts, why: why.join('; '), commands: kind === 'runtime-deps' ? [] : ['dotnet'] },
    ];
    const override = input.options.runtime;
    if (override === 'scratch' || override === 'distroless') {
      return decline(
        'MSC011',
        `--runtime ${override} has no shell and no ICU; use slim, alpine or a dotnet runtime image.`,
      );
    }
    if (override === 'alpine' && sdk.family !== 'alpine') {
      return decline(
        'MSC011',
        '--runtime alpine would move an app built on glibc to musl (and drop ICU); build on an -alpine SDK image instead.',
      );
    }
    if (override && override !== 'slim' && override !== 'alpine') {
      candidates = [
        { ...candidates[0], image: override, why: `chosen with --runtime ${override}` },
      ];
      warnings.push({
        code: 'MSC109',
        message: `the runtime image ${override} was given with --runtime; msconvert assumes it has the ${kind === 'aspnet' ? 'ASP.NET Core' : '.NET'} ${target.version} runtime, a shell and the same package manager as ${image}.`,
      });
    }

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
      runLines,
      providedCommands: [],
      staticArtifact: false,
      vouched: entry.apphost ? [entry.word] : [],
      warnings,
      notes,
      gain: ['the .NET SDK, the sources and the NuGet package cache stay in the builder'],
      ensure,
      // The Debian release, for the package maps (.NET 8 and 9 default to bookworm-slim).
      codename: /^(bookworm|bullseye|buster|trixie)/.test(sdk.flavour)
        ? sdk.flavour.replace(/-slim$/, '')
        : sdk.flavour === '' && sdk.version !== null && /^(8|9)\./.test(sdk.version)
          ? 'bookworm'
          : null,
    };
  },
};
