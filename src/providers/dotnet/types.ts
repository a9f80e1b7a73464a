// The .NET provider's types and its data file (data/dotnet.json).
import type { Command } from '../../analysis/stage';
import { templateJson, type RuntimeFacts } from '../../data';

export interface DotnetData {
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
export const data = () => templateJson<DotnetData>('dotnet.json');

export interface SdkImage {
  /** Repository the runtime images sit next to: mcr.microsoft.com/dotnet. */
  repo: string;
  /** major.minor of the SDK, when the tag says. */
  version: string | null;
  /** OS part of the tag: '', bookworm-slim, alpine3.20, jammy ... */
  flavour: string;
  family: 'debian' | 'alpine' | 'other';
}

export interface Project {
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

export interface DotnetBuild {
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

export interface Output {
  dir: string;
  projects: Project[];
  build: DotnetBuild;
}

export interface Entry {
  output: Output;
  project: Project;
  apphost: boolean;
  word: string;
}
