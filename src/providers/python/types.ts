// The Python provider's data and the shapes its steps pass along.
import type { Decline } from '../contract';
import type { Command } from '../../analysis/stage';
import type { Warning } from '../../codes';
import { templateJson, type RuntimeFacts } from '../../data';

type PerRelease = string | Record<string, string>;

export interface NativeModule {
  packages: PerRelease[];
  unless?: string[];
  unlessExtras?: string[];
}

export interface PythonData {
  builderImages: string[];
  defaultCodename: string;
  /** The python3 of each OS release (Debian codename, Alpine version), and the newest of them. */
  osPython: { debian: Record<string, string>; alpine: Record<string, string>; newest: string };
  runtime: { debian: RuntimeFacts; alpine: RuntimeFacts };
  runtimeCommands: string[];
  condaImages: string[];
  devServers: string[];
  installAtStart: string[];
  scripts: Record<string, string[]>;
  nativeModules: Record<string, NativeModule>;
  localStage: string[];
  localOwn: string[];
  builderTools: string[];
}
export const data = (): PythonData => templateJson<PythonData>('python.json');

/** Where an install puts its files. */
export type Place =
  | { kind: 'system' }
  | { kind: 'venv'; dir: string }
  | { kind: 'user'; dir: string }
  | { kind: 'dir'; dir: string; what: string }
  | { kind: 'project'; dir: string };

export type Tool = 'pip' | 'poetry' | 'pipenv' | 'uv' | 'pdm' | 'setup.py' | 'easy_install';

export interface Install {
  cmd: Command;
  tool: Tool;
  place: Place;
  /** Packages named on the command line. */
  named: { name: string; extras: string[] }[];
  /** Requirement files (image paths). */
  requirements: string[];
  /** Installs the project in a folder of the image (`.`, `-e .`, poetry/pipenv/uv sync). */
  project: string | null;
}

/** What the RUN instructions installed and built, or why they cannot be followed. */
export interface Walk {
  installs: Install[];
  venvs: Map<string, string>;
  builds: string[];
  /** Projects and requirement files `pip wheel` builds wheels of. */
  wheels: string[];
  wheelRequirements: string[];
  /** Folders where commands build or install from local files. */
  projectDirs: string[];
  decline: Decline | null;
  warnings: Warning[];
}

/** A dependency as manifests name it. */
export interface Dep {
  name: string;
  extras: string[];
}

/** The runtime image chosen for the builder's python image. */
export interface Runtime {
  image: string;
  same: boolean;
  alpine: boolean;
  slimBuilder: boolean;
  warning?: string;
}
