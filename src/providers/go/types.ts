// The Go provider's types and its data file (data/go.json).
import type { Warning } from '../../codes';
import type { Command } from '../../analysis/stage';
import { templateJson } from '../../data';

export interface GoData {
  builderImages: string[];
  cgoModules: string[];
  runtimeDirs: string[];
  runtimeFilePattern: string;
  conventionModules: string[];
  ignoredEntries: string[];
  watchers: string[];
}
export const data = () => templateJson<GoData>('go.json');

export interface GoBuild {
  cmd: Command;
  install: boolean;
  flags: Record<string, string>;
  packages: string[];
  /** Directory the go command works in (after -C). */
  dir: string;
}

export interface Output {
  path: string;
  /** True when the path is a folder of binaries. */
  dir: boolean;
  /** For a folder: the binaries known to be in it. */
  names?: string[];
}

export type Cgo = 'off' | 'on' | 'unknown';

/** What a plan step tells the user, gathered in the order the steps run. */
export interface Said {
  warnings: Warning[];
  notes: string[];
}
