// The contract between the --cache orchestrator (index.ts) and one module per package
// manager: which commands form its dependency step, and what that step reads and writes.
import type { Code } from '../codes';
import type { BuildContext } from '../context';

/** A command of a dependency step: the install itself, or setup that reads no build file. */
export type Role = 'install' | 'setup';

/** The image as the dependency step sees it, in the folder it runs in. */
export interface DepView {
  /** Absolute folder the step runs in. */
  cwd: string;
  ctx: BuildContext;
  /** Context path of the file the stage put at cwd/rel, when the build can see it; else null. */
  present(rel: string): string | null;
  /** Text of that file, or null. */
  read(rel: string): string | null;
  /** Environment of the step. */
  env: Record<string, string>;
  /** Names of the context files the stage put directly in cwd. */
  list(): string[];
}

export interface DepInputs {
  /** Files (relative to cwd) the step reads; those present are copied before it. */
  files: string[];
  /** Of those, the ones that must be present. */
  required: string[];
  /** Folders (relative to cwd) copied whole before the step, when present. */
  dirs: string[];
  /** Absolute image paths the step writes; a later copy must not land there. */
  outputs: string[];
}

/** Why the dependency step keeps its place (shown with MSC150, or the code given). */
export interface Keep {
  keep: string;
  code?: Code;
}

export interface DepManager {
  id: string;
  /** File names that can be manifests or their configuration (a COPY of only these is no source copy). */
  names: RegExp;
  /** How a command takes part in this manager's dependency step, or null. */
  classify(argv: string[]): Role | null;
  /** What the step made of `commands` reads and writes, or why it must stay where it is. */
  inputs(view: DepView, commands: string[][]): DepInputs | Keep;
}

/** A word that names a file or folder rather than a package: ., ./x, ../x, /x, ~/x. */
export function isLocalPath(word: string): boolean {
  return /^(\.{1,2}(\/|$)|\/|~\/)/.test(word);
}
