// The Node provider's types and its data file (data/node.json).
import type { Warning } from '../../codes';
import type { Command } from '../../analysis/stage';
import type { ProviderInput } from '../contract';
import { templateJson } from '../../data';
import * as path from 'path';

export interface NodeData {
  builderImages: string[];
  devServers: string[];
  buildAtStart: string[];
  nativeModules: Record<string, string[]>;
  selfContained: string[];
  bins: Record<string, string[]>;
  runtimeCommands: string[];
  /** Node majors gcr.io/distroless/nodejs<major>-<suffix> is published for, by suffix. */
  distroless: Record<string, number[]>;
  /** The first release of a major whose tag without a codename was Debian bookworm. */
  bookwormSince: Record<string, string>;
}
export const data = () => templateJson<NodeData>('node.json');

export interface PackageJson {
  name?: string;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  packageManager?: string;
  workspaces?: unknown;
}

export type Manager = 'npm' | 'yarn' | 'pnpm' | 'bun';

export interface Install {
  cmd: Command;
  manager: Manager;
  global: boolean;
  prodOnly: boolean;
  /** Packages named on the command line (npm install x y). */
  named: string[];
  /** The folder the install fills (…/node_modules), or null when msconvert cannot tell. */
  modules: string | null;
}

/** What a plan step tells the user, gathered in the order the steps run. */
export interface Said {
  warnings: Warning[];
  notes: string[];
  gain: string[];
}

/** The package.json in an image folder, or null when there is none or it does not parse. */
export function packageJsonAt(files: ProviderInput['files'], dir: string): PackageJson | null {
  const text = files.readByImagePath(path.posix.join(dir, 'package.json'));
  if (text === null) return null;
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as PackageJson;
  } catch {
    return null;
  }
}
