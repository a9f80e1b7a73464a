// One command of the install walk as the tool modules (pip.ts, uv.ts, poetry.ts...) read it,
// and the home folder they install under: apart from walk.ts, which dispatches to them, so
// that the tool modules and the walk do not load each other.
import type { Command } from '../../analysis/stage';
import { commandName } from '../../shell';
import type { Decline, ProviderInput } from '../contract';
import type { Invocation } from './invocation';
import type { PoetryConfig } from './poetry';
import type { Place, Walk } from './types';

/** One command of the walk, with what a tool's module needs to read it. */
export interface Step {
  input: ProviderInput;
  /** The user the RUN runs as. */
  user: string | null;
  cmd: Command;
  inv: Invocation;
  out: Walk;
  poetry: PoetryConfig;
  /** Folders the RUN mounts (--mount=...,target=DIR): what is written there stays out of the image. */
  mounts: string[];
  fail(code: Decline['code'], reason: string): void;
  /** A path of the command, made absolute against its working folder. */
  abs(p: string): string;
  /** The virtual environment activated or named by VIRTUAL_ENV, if any. */
  virtualEnv(): string | null;
  /**
   * The environment a bare `pip`/`python` reaches: its own folder, an activated venv, or the
   * first folder on PATH that is a venv's bin (a venv made in this stage).
   */
  pathPlace(): Place;
}

/** The targets of a RUN's --mount flags. */
export function mountTargets(flags: { name: string; value: string | null }[]): string[] {
  return flags
    .filter((f) => f.name.toLowerCase() === 'mount')
    .flatMap((f) =>
      (f.value ?? '')
        .split(',')
        .map((kv) => /^(?:target|dst|destination)=(.+)$/.exec(kv)?.[1])
        .filter((t): t is string => !!t),
    );
}

/** The home folder of a user, from HOME, root, or the useradd/adduser that made it. */
export function homeOf(
  input: ProviderInput,
  user: string | null,
  vars: Record<string, string>,
): string {
  const name = (user ?? 'root').split(':')[0];
  return knownHome(input, user, vars) ?? (/^\d+$/.test(name) ? '' : `/home/${name}`);
}

/**
 * The home folder of a user when the stage tells it: HOME, root's, or the useradd/adduser
 * that made the user (its -d/--home, busybox adduser's -h, else /home/<name>); null for a
 * user the stage did not make, whose home the base image's /etc/passwd decides.
 */
export function knownHome(
  input: ProviderInput,
  user: string | null,
  vars: Record<string, string>,
): string | null {
  if (vars.HOME && vars.HOME.startsWith('/')) return vars.HOME;
  const name = (user ?? 'root').split(':')[0];
  if (name === 'root' || name === '0') return '/root';
  for (const run of input.model.runs) {
    for (const c of run.commands) {
      const tool = commandName(c.argv[0]);
      if ((tool !== 'useradd' && tool !== 'adduser') || !c.argv.includes(name)) continue;
      const i = c.argv.findIndex(
        (a) =>
          a === '-d' || a === '--home' || a === '--home-dir' || (tool === 'adduser' && a === '-h'),
      );
      return i >= 0 && c.argv[i + 1] ? c.argv[i + 1] : `/home/${name}`;
    }
  }
  return null;
}
