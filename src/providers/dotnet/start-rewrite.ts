// `dotnet run` at start builds the app with the SDK each time the container starts. Its
// production equivalent: `dotnet publish` of the same project, configuration and framework in
// the builder, then `dotnet <App>.dll` from the publish folder with the same arguments. What
// dotnet run adds beyond building is kept: the launch profile's environment becomes ENV lines,
// and the working folder (the app's content root) becomes the publish folder, which carries the
// content files (appsettings*.json, wwwroot) the app read from the project folder. Anything
// else that would change what the app sees stays declined, with the reason.
import * as path from 'path';
import type { StartNeeds } from '../../analysis/needs';
import type { Instruction } from '../../parse';
import { parseXml, type XmlNode } from '../../readers/xml';
import { commandName } from '../../shell';
import { buildRun } from '../build-mounts';
import type { ProviderInput, StartRewrite } from '../contract';
import { launchProfileEnv } from './launch-profile';
import { readProject } from './project';
import { readDotnetRun } from './run-args';
import { data, type Project } from './types';

export const PUBLISH_DIR = '/app/publish';

/** A shell-form word that means the same to the shell as written: no quotes, no substitution. */
const PLAIN_WORD = /^[\w./:=,@%+{}$-]+$/;

function wordsOf(ins: Instruction): string[] | null {
  if (ins.exec) return ins.exec;
  return ins.words.every((w) => PLAIN_WORD.test(w)) && !ins.args.includes('$(') ? ins.words : null;
}

function restart(ins: Instruction, words: string[]): string {
  if (ins.exec) return `${ins.keyword} ${JSON.stringify(words).replace(/","/g, '", "')}`;
  return `${ins.keyword} ${words.join(' ')}`;
}

/** The project file dotnet run builds: the one named, or the only one in the folder. */
function projectPath(input: ProviderInput, cwd: string, named: string | null): string | string[] {
  const exts = data().projectExtensions;
  const target = named ? path.posix.resolve(cwd, named) : cwd;
  if (exts.some((e) => target.endsWith(e))) return target;
  const found = input.files.list(target).filter((e) => exts.some((x) => e.endsWith(x)));
  return found.length === 1 ? path.posix.join(target, found[0]) : found;
}

/** SDKs whose publish carries appsettings*.json, web.config and wwwroot by default. */
const CONTENT_SDK = /^Microsoft\.NET\.Sdk\.(Web|Razor|Worker)\b/;
/** Razor views and pages are compiled into the assembly unless compiled at run time. */
const COMPILED_DIRS = new Set(['Views', 'Pages']);

/** True when the project file gives the item CopyToPublishDirectory or CopyToOutputDirectory. */
function publishes(root: XmlNode, name: string): boolean {
  const items = root.children.filter((c) => c.name === 'ItemGroup').flatMap((g) => g.children);
  return items.some((i) => {
    const spec = (i.attrs.Include ?? i.attrs.Update ?? '').replace(/\\/g, '/');
    if (spec !== name && !spec.startsWith(`${name}/`)) return false;
    const copy = ['CopyToPublishDirectory', 'CopyToOutputDirectory'].map(
      (k) => i.attrs[k] ?? i.children.find((c) => c.name === k)?.text.trim(),
    );
    return copy.some((v) => v !== undefined && v !== 'Never');
  });
}

/** The content-root files of the project folder publish does not carry: the first, or null. */
function notPublished(input: ProviderInput, app: Project): string | null {
  const d = data();
  const root = parseXml(input.files.readByImagePath(app.path));
  if (!root) return app.path;
  const filePattern = new RegExp(d.contentRoot.files);
  const runtimeRazor = /Razor\.RuntimeCompilation/.test(
    input.files.readByImagePath(app.path) ?? '',
  );
  for (const entry of input.files.list(app.dir)) {
    const isDir = entry.endsWith('/');
    const name = isDir ? entry.slice(0, -1) : entry;
    if (isDir ? !d.contentRoot.dirs.includes(name) : !filePattern.test(name)) continue;
    const web = CONTENT_SDK.test(app.sdk);
    const worker = /Worker\b/.test(app.sdk);
    const byDefault = web && (isDir ? name === 'wwwroot' && !worker : !/\.(pfx|db)$/.test(name));
    const compiled = web && isDir && COMPILED_DIRS.has(name) && !runtimeRazor;
    if (!byDefault && !compiled && !publishes(root, name)) return path.posix.join(app.dir, name);
  }
  return null;
}

export type DotnetRunStart = { rewrite: StartRewrite } | { reason: string };

/** The rewrite of a `dotnet run` start, the reason it cannot be made, or null for no dotnet run. */
export function dotnetRunStart(input: ProviderInput, needs: StartNeeds): DotnetRunStart | null {
  const { model } = input;
  const dotnet = needs.commands.filter((c) => commandName(c.word) === 'dotnet');
  const need = dotnet.find((c) => c.argv[1] === 'run');
  if (!need) return null;
  const no = (reason: string) => ({ reason });
  if (need.from !== 'CMD' && need.from !== 'ENTRYPOINT')
    return no(`it runs from ${need.from === 'script' ? 'a script' : need.from}`);
  if (dotnet.length > 1) return no('the start runs dotnet more than once');
  const ins = need.from === 'CMD' ? model.cmd : model.entrypoint;
  const words = ins && wordsOf(ins);
  if (!ins || !words || commandName(words[0]) !== 'dotnet' || words[1] !== 'run')
    return no('the start does more than `dotnet run` (a shell command line)');
  if (need.from === 'CMD' ? model.entrypoint : model.cmd)
    return no('ENTRYPOINT and CMD together give dotnet run its words');
  const run = readDotnetRun(words.slice(2));
  if (typeof run === 'string') return no(run);

  const found = projectPath(input, need.cwd, run.project);
  if (typeof found !== 'string')
    return no(
      `dotnet run finds ${found.length ? 'several project files' : 'no project file msconvert can see'} in ${run.project ?? need.cwd}`,
    );
  const app = readProject(input, found);
  if (!app) return no(`${found} is not in the build context`);
  if (app.assembly === null) return no(`${app.name} sets its AssemblyName conditionally`);
  const tfm = run.framework ?? (app.tfms.length === 1 ? app.tfms[0] : null);
  if (!tfm)
    return no(
      `${app.name} targets ${app.tfms.length ? `several frameworks (${app.tfms.join(';')}) and no -f names one` : 'no framework msconvert can read'}`,
    );
  // The Web and Worker SDKs make an app; a plain project without OutputType Exe is a library.
  if (!CONTENT_SDK.test(app.sdk) && !/^(Exe|WinExe)$/i.test(app.props.OutputType ?? ''))
    return no(`${app.name} is not an app (OutputType is not Exe)`);
  const moved = ['RunWorkingDirectory', 'StartWorkingDirectory', 'RunCommand', 'RunArguments'];
  const sets = moved.find((k) => app.props[k] !== undefined);
  if (sets) return no(`${app.name} sets ${sets}, which changes what dotnet run starts or where`);
  // dotnet run keeps the terminal's folder; the Web SDK moves it to the project folder.
  if (need.cwd !== app.dir && !/^Microsoft\.NET\.Sdk\.Web\b/.test(app.sdk))
    return no(
      `the app runs in ${need.cwd}, not in its project folder ${app.dir}, so its content root is not the publish folder`,
    );
  const missing = notPublished(input, app);
  if (missing)
    return no(
      `${missing} is in the content root dotnet run gives the app, but dotnet publish does not carry it into the publish folder`,
    );
  if (
    app.dir === PUBLISH_DIR ||
    app.dir.startsWith(`${PUBLISH_DIR}/`) ||
    input.files.existsInImage(PUBLISH_DIR)
  )
    return no(`${PUBLISH_DIR} is already used in the image`);
  const profile = run.noProfile
    ? { name: null, env: [] }
    : launchProfileEnv(input, app.dir, run.profile, run.args.length > 0);
  if (typeof profile === 'string') return no(profile);

  const rel = path.posix.relative(model.cwd, app.path);
  const proj = rel.startsWith('..') ? app.path : rel;
  if (!/^[\w./+-]+$/.test(proj)) return no(`the project path ${proj} needs quoting in a RUN line`);
  const publish = ['dotnet', 'publish', proj, '-c', run.config];
  if (run.framework) publish.push('-f', run.framework);
  const line = [...publish, ...run.buildArgs, '-o', PUBLISH_DIR].join(' ');
  const dll = `${app.assembly}.dll`;
  const start = [
    ...profile.env.map(([k, v]) => `ENV ${k}=${v}`),
    `WORKDIR ${PUBLISH_DIR}`,
    restart(ins, ['dotnet', dll, ...run.args]),
  ];
  const envNote = profile.name
    ? `; the launch profile ${profile.name} dotnet run applied is kept as ENV (${profile.env.map(([k]) => k).join(', ')})`
    : '';
  return {
    rewrite: {
      build: [buildRun(input.model, (c) => commandName(c.argv[0] ?? '') === 'dotnet', line)],
      start,
      warning: {
        code: 'MSC188',
        message: `${ins.keyword} ran \`${words.join(' ')}\`, which builds the app (${run.config}) each time the container starts; the builder now publishes it (\`${line}\`) and the runtime starts dotnet ${dll} in ${PUBLISH_DIR} with the same arguments${envNote}.`,
      },
    },
  };
}

export function dotnetStartRewrite(input: ProviderInput, needs: StartNeeds): StartRewrite | null {
  const r = dotnetRunStart(input, needs);
  return r && 'rewrite' in r ? r.rewrite : null;
}
