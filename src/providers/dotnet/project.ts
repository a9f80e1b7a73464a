// MSBuild project files: the properties, SDK, references and target frameworks a project
// (and the Directory.Build.props above it) sets, and the projects a solution lists.
import * as path from 'path';
import { resolvePath } from '../../analysis/stage';
import { parseXml, type XmlNode } from '../../readers/xml';
import type { ProviderInput } from '../contract';
import { data, type Project } from './types';

export function projectProps(
  root: XmlNode,
  into: Record<string, string>,
  conditional: Set<string>,
): void {
  for (const group of root.children.filter((c) => c.name === 'PropertyGroup')) {
    for (const p of group.children) {
      if (group.attrs.Condition || p.attrs.Condition) conditional.add(p.name);
      else into[p.name] = p.text.trim();
    }
  }
}

export function resolveMsbuild(value: string, props: Record<string, string>): string | null {
  let ok = true;
  const out = value.replace(/\$\(([\w.]+)\)/g, (_m, k: string) => {
    const v = props[k];
    if (v === undefined) ok = false;
    return v ?? '';
  });
  return ok ? out : null;
}

export function readProject(input: ProviderInput, projPath: string): Project | null {
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
export function solutionProjects(input: ProviderInput, slnPath: string): string[] | null {
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
export function tfmVersion(
  tfm: string,
): { version: string; major: number; platform: string | null } | null {
  const m = /^net(?:coreapp)?(\d+)\.(\d+)(?:-([\w.]+))?$/.exec(tfm);
  if (!m) return null;
  return { version: `${m[1]}.${m[2]}`, major: Number(m[1]), platform: m[3] ?? null };
}
