// The shapes the CLI's modules pass between them.
import type { ComposeStart } from '../compose-start';
import type { Code } from '../codes';
import type { FoundConfig } from '../config';
import type { ConvertResult } from '../convert';
import type { VerifyReport } from '../verify';
import type { Format } from './flags';

export interface Options {
  paths: string[];
  write: boolean;
  check: boolean;
  stdout: boolean;
  /** --format json (or --json). */
  json: boolean;
  format: Format;
  /** --format (or --json) was given: --check then prints that format, not the file list. */
  formatGiven: boolean;
  /** Warning codes dropped for the run (--ignore). */
  ignore: Code[];
  /** Read .msconvertrc.json / package.json "msconvert" (--no-config: no). */
  config: boolean;
  /** Propose a .dockerignore per build context (--no-dockerignore: no). */
  dockerignore: boolean;
  /** ignorePaths apply to files named on the command line too (--no-ignore-paths: no). */
  ignorePaths: boolean;
  context?: string;
  lang?: string;
  runtime?: string;
  /** --cache: builder reordered for layer caching, with BuildKit cache mounts. */
  cache: boolean;
  /** --keep-start: a start that builds at start is declined, not rewritten. */
  keepStart: boolean;
  color: boolean;
  backup: boolean;
  verify: boolean;
  probePath?: string;
  probePort?: number;
  probeCmd?: string;
  buildTimeout?: number;
  runTimeout?: number;
  /** --verify: environment for both containers (-e KEY=VALUE, --env-file FILE). */
  env?: string[];
  envFile?: string[];
  /** --inspect: build the original and plan from its facts (--verify does too). */
  inspect: boolean;
}

export interface FileReport extends ConvertResult {
  path: string;
  /** True when --write replaced the file. */
  written?: boolean;
  /** The text read, for the diff. */
  original?: string;
  /** What --verify found. */
  verify?: VerifyReport;
  /** --inspect / --verify: the facts read from the built original, and what they changed. */
  facts?: FactsReport;
}

export interface FactsReport {
  image?: import('../facts').ImageFacts;
  /** Where the facts-refined plan differs from the text-only one. */
  differences: string[];
  error?: string;
}

export interface Io {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** One line per file for the closing summary; the full report is not kept. */
export interface Line {
  path: string;
  status: ConvertResult['status'];
  language: string | null;
  code: Code | null;
  runtime: string | null;
  savingMB: number | null;
  verdict: string | null;
  /** --verify: the original itself did not build. */
  originalFailed: boolean;
}

export interface Input {
  display: string;
  file: string | null;
  context: string;
  /** The settings that apply to this file (null: none, or --no-config). */
  config: FoundConfig | null;
  /** How Compose services that build this file start it (the runtime must serve them). */
  compose?: ComposeStart[];
}
