// Reading cargo command lines (through the shared table-driven argument reader) and the
// .cargo/config.toml settings that apply where they run.
import * as path from 'path';
import {
  optionValues,
  readToolArgs,
  type ToolArgs,
  type ToolArgTable,
} from '../../analysis/tool-args';
import type { Command, RunStep } from '../../analysis/stage';
import { parseToml, tomlTable, type Toml } from '../../readers/toml';
import { commandName } from '../../shell';
import type { FeatureChoice } from './manifest';
import { data, type Context } from './types';

const CARGO: ToolArgTable = {
  valued: new Set(
    [
      'package',
      'exclude',
      'bin',
      'example',
      'test',
      'bench',
      'features',
      'target',
      'target-dir',
      'manifest-path',
      'profile',
      'jobs',
      'color',
      'config',
      'message-format',
      'path',
      'root',
      'git',
      'branch',
      'tag',
      'rev',
      'registry',
      'index',
      'version',
      'vers',
      'out-dir',
      'artifact-dir',
      'lockfile-path',
    ]
      .map((f) => `--${f}`)
      .concat('-Z'),
  ),
  short: {
    '-p': '--package',
    '-F': '--features',
    '-j': '--jobs',
    '-r': '--release',
    '-v': '--verbose',
    '-q': '--quiet',
  },
  // clap reads `-rp app` as `-r -p app`, and `-j4` as `-j 4`.
  clusters: true,
};

export interface Cargo {
  cmd: Command;
  run: RunStep;
  sub: string;
  args: ToolArgs;
  positional: string[];
}

/** The values of a long option (`values(c, 'features')`), in order. */
export const values = (c: Cargo, name: string): string[] => optionValues(c.args, `--${name}`);

export const first = (c: Cargo, name: string): string | undefined => values(c, name)[0];

/** A flag given without a value (`--release`, `-r`). */
export const has = (c: Cargo, name: string): boolean => values(c, name).includes('');

/** Each option given a value, by its name without dashes (for messages). */
export function valuedOptions(c: Cargo): [string, string[]][] {
  return [...c.args.flags]
    .filter(([, vals]) => vals.some((v) => v !== ''))
    .map(([k, vals]) => [k.replace(/^-+/, ''), vals]);
}

export function features(c: Cargo): FeatureChoice {
  return {
    all: has(c, 'all-features'),
    noDefault: has(c, 'no-default-features'),
    specs: values(c, 'features'),
  };
}

export function isCargo(word: string | undefined): boolean {
  return word !== undefined && commandName(word) === 'cargo';
}

export function readCargo(cmd: Command, run: RunStep): Cargo | null {
  if (!isCargo(cmd.argv[0])) return null;
  const args = readToolArgs(cmd.argv.slice(1), CARGO);
  const words = [...args.positional];
  while (words[0]?.startsWith('+')) words.shift(); // +toolchain
  let sub = words.shift();
  if (sub === undefined) return null;
  // cargo auditable build, cargo zigbuild: the same outputs as cargo build.
  if (sub === 'auditable' && words[0]) sub = words.shift() as string;
  if (sub === 'b' || sub === 'zigbuild' || sub === 'rustc') sub = 'build';
  return { cmd, run, sub, args, positional: words };
}

export function hasVariable(v: string): boolean {
  return v.includes('$') || v.includes('`');
}

/** The cargo profile's folder under the target folder. */
export function profileDir(cargo: Cargo, install: boolean): string {
  const p = first(cargo, 'profile');
  if (p) return p === 'dev' || p === 'test' ? 'debug' : p === 'bench' ? 'release' : p;
  if (install) return has(cargo, 'debug') ? 'debug' : 'release';
  return has(cargo, 'release') ? 'release' : 'debug';
}

/** The variables cargo sees: the rust image's own environment under the command's. */
export function varsOf(ctx: Context, cargo: Cargo): Record<string, string> {
  return { ...(ctx.rustImage ? data().builderEnv : {}), ...cargo.cmd.vars };
}

export type CargoConfigs = { dir: string; toml: Toml }[];

/** .cargo/config.toml settings that apply in a folder (the nearest file wins, as a rule). */
export function cargoConfig(ctx: Context, dir: string): CargoConfigs {
  const out: CargoConfigs = [];
  for (let d = dir; ; d = path.posix.dirname(d)) {
    for (const name of ['.cargo/config.toml', '.cargo/config']) {
      const text = ctx.input.files.readByImagePath(path.posix.join(d, name));
      const toml = text === null ? null : parseToml(text);
      if (toml) {
        out.push({ dir: d, toml });
        break;
      }
    }
    if (d === '/') return out;
  }
}

export function configValue(configs: CargoConfigs, table: string, key: string) {
  for (const c of configs) {
    const v = tomlTable(c.toml[table])?.[key];
    if (v !== undefined) return { value: v, dir: c.dir };
  }
  return null;
}
