// The launch profile `dotnet run` applies (Properties/launchSettings.json beside the project)
// and the environment it gives the app, which a published app started with `dotnet <App>.dll`
// does not read: the SDK sets ASPNETCORE_URLS from applicationUrl, DOTNET_LAUNCH_PROFILE to the
// profile's name and each environmentVariables entry, over the inherited environment; without
// program arguments it passes commandLineArgs. Without --launch-profile it takes the first
// profile whose commandName is "Project".
import * as path from 'path';
import type { ProviderInput } from '../contract';

/** Keys of a Project profile that only Visual Studio or the browser reads. */
const INERT = new Set([
  'commandName',
  'dotnetRunMessages',
  'launchBrowser',
  'launchUrl',
  'inspectUri',
  'hotReloadEnabled',
  'hotReloadProfile',
  'nativeDebugging',
  'sqlDebugging',
  'jsWebView2Debugging',
  'remoteDebugEnabled',
  'remoteDebugMachine',
  'authenticationMode',
  'applicationUrl',
  'environmentVariables',
  'commandLineArgs',
]);
/** A name Docker's ENV takes as it is and the app gets unchanged. */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** A value ENV writes without quotes, that neither Docker nor the SDK expands. */
const ENV_VALUE = /^[\w./:;,@+=*\[\]-]*$/;

export interface ProfileEnv {
  /** The profile applied, or null when there is none (no file, no Project profile). */
  name: string | null;
  /** ENV pairs in the order dotnet run sets them (later ones win). */
  env: [string, string][];
}

/** The environment the launch profile adds, or the reason it cannot be carried as ENV. */
export function launchProfileEnv(
  input: ProviderInput,
  projectDir: string,
  chosen: string | null,
  hasArgs: boolean,
): ProfileEnv | string {
  const file = path.posix.join(projectDir, 'Properties', 'launchSettings.json');
  if (!input.ctx.known)
    return `msconvert cannot see the build context, so it cannot tell whether ${file} gives dotnet run a launch profile`;
  const text = input.files.readByImagePath(file);
  if (text === null) {
    return chosen === null
      ? { name: null, env: [] }
      : `dotnet run names the launch profile ${chosen}, but ${file} is not in the image`;
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return `${file} is not plain JSON (comments or trailing commas), so msconvert cannot read the launch profile dotnet run applies`;
  }
  const profiles = (doc as { profiles?: unknown } | null)?.profiles;
  if (profiles === undefined && chosen === null) return { name: null, env: [] };
  if (typeof profiles !== 'object' || profiles === null || Array.isArray(profiles))
    return `${file} has no readable "profiles" object`;
  const entries = Object.entries(profiles as Record<string, unknown>);
  const isProject = (p: unknown) =>
    typeof p === 'object' && p !== null && (p as Record<string, unknown>).commandName === 'Project';
  const found =
    chosen === null ? entries.find(([, p]) => isProject(p)) : entries.find(([n]) => n === chosen);
  if (!found) {
    return chosen === null
      ? { name: null, env: [] }
      : `the launch profile ${chosen} is not in ${file}`;
  }
  const [name, profile] = found;
  if (!isProject(profile))
    return `the launch profile ${name} is not a Project profile, which dotnet run cannot apply`;
  const p = profile as Record<string, unknown>;
  const other = Object.keys(p).filter((k) => !INERT.has(k));
  if (other.length) return `the launch profile ${name} sets ${other.join(', ')}`;
  if (!hasArgs && typeof p.commandLineArgs === 'string' && p.commandLineArgs.trim() !== '')
    return `the launch profile ${name} gives the app arguments (commandLineArgs), which dotnet run splits by its own rules`;
  const env: [string, string][] = [];
  if (typeof p.applicationUrl === 'string' && p.applicationUrl !== '')
    env.push(['ASPNETCORE_URLS', p.applicationUrl]);
  env.push(['DOTNET_LAUNCH_PROFILE', name]);
  const vars = p.environmentVariables ?? {};
  if (typeof vars !== 'object' || vars === null || Array.isArray(vars))
    return `the launch profile ${name} has unreadable environmentVariables`;
  for (const [k, v] of Object.entries(vars as Record<string, unknown>)) {
    if (typeof v !== 'string') return `the launch profile ${name} sets ${k} to a non-string value`;
    env.push([k, v]);
  }
  for (const [k, v] of env) {
    // %NAME% is expanded by the SDK on some versions; $ and quotes would be read by Docker.
    if (!ENV_NAME.test(k) || !ENV_VALUE.test(v))
      return `the launch profile ${name} sets ${k}=${v}, which an ENV line cannot give the app unchanged`;
  }
  return { name, env };
}
