// The contract between providers and the shared planner.
import type { ComposeStart } from '../compose-start';
import type { Code, Warning } from '../codes';
import type { BuildContext } from '../context';
import type { ImageFiles } from '../analysis/files';
import type { StartNeeds } from '../analysis/needs';
import type { StageModel } from '../analysis/stage';
import type { ParsedDockerfile } from '../parse';
import type { RuntimeFacts } from '../data';
import type { ImageFacts } from '../facts/types';

export interface ConvertOptions {
  /** Force a provider by id (go, node). */
  lang?: string;
  /** Runtime image or alias: distroless, slim, alpine, scratch. */
  runtime?: string;
  /** Facts read from the built original image (src/facts): they refine the plan. */
  facts?: ImageFacts;
  /** Plan as if FROM named this image (set by src/facts/refine.ts for unknown images). */
  baseAs?: string;
  /** Also reorder the builder for layer caching and add BuildKit cache mounts (--cache). */
  cache?: boolean;
  /** How Compose services that build this Dockerfile start it (src/compose-start.ts). */
  compose?: readonly ComposeStart[];
  /** Keep a start command that builds at start as it is: decline instead (--keep-start). */
  keepStart?: boolean;
}

export interface ProviderInput {
  parsed: ParsedDockerfile;
  model: StageModel;
  ctx: BuildContext;
  files: ImageFiles;
  options: ConvertOptions;
  /** Name the builder stage has (or gets). */
  builderName: string;
}

export interface Detection {
  score: number;
  evidence: string[];
}

export interface Decline {
  kind: 'decline';
  code: Code;
  reason: string;
}

export function decline(code: Code, reason: string): Decline {
  return { kind: 'decline', code, reason };
}

/** A text insertion or replacement against the original file. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

export interface CopySpec {
  /** Stage to copy from. */
  from: string;
  src: string;
  dest: string;
  chown?: string;
  /** The folder's own mode (octal) when it is not 755, which a plain COPY --from would give it. */
  chmod?: string;
  /** Shown in the explanation. */
  why: string;
}

export interface RuntimeCandidate {
  image: string;
  facts: RuntimeFacts;
  why: string;
  /** Commands the image provides besides its OS basics (node, npm ...). */
  commands: string[];
  /** Carried instructions this image runs differently, by their text (distroless Node's CMD). */
  rewrites?: Record<string, string>;
  /** Start commands the rewrites replace, so the image need not have them (npm start). */
  vouched?: string[];
  /** Stages this candidate needs (a jlink runtime built from the builder), placed before it. */
  stages?: string[][];
  /** Copies this candidate needs besides the plan's (the runtime it was given), first. */
  copies?: CopySpec[];
  /** Lines for the runtime stage before the carried instructions (ENV of the runtime it brings). */
  lines?: string[];
}

export interface ProviderPlan {
  kind: 'plan';
  language: string;
  evidence: string[];
  /** Runtime images to try, smallest first; the planner takes the first that meets every need. */
  candidates: RuntimeCandidate[];
  /** Stage artifacts are copied from (the builder, or a stage derived from it). */
  copyFrom: string;
  copies: CopySpec[];
  /** Executables the copies bring, as absolute paths. */
  executables: string[];
  builderEdits: TextEdit[];
  /** Whole stages placed between the builder and the runtime stage, as lines. */
  extraStages: string[][];
  /** RUN lines for the runtime stage, after OS packages. */
  runLines: string[];
  /** Commands that runLines make available (pm2, pnpm ...). */
  providedCommands: string[];
  /** True when the artifact links no OS library, so -dev packages need no runtime twin. */
  staticArtifact: boolean;
  /** Start commands the provider already vouched for (its own checks). */
  vouched: string[];
  warnings: Warning[];
  notes: string[];
  /** The provider's own verdict on whether anything is gained (checked after packages). */
  gain: string[];
  /** OS packages the app relies on that the runtime must have (installed unless it ships them). */
  ensure: string[];
  /** Debian codename of the builder, when known. */
  codename: string | null;
  /** OS packages the original installed that only served the build (Node for PHP assets). */
  buildOnlyPackages?: string[];
}

/**
 * A start command that compiles when the container starts, rewritten to its production
 * equivalent (src/providers/start-rewrite.ts applies it): the builder gets `build` as its own
 * lines after the original instructions, and the runtime starts with `start` instead.
 */
export interface StartRewrite {
  /** Instructions added at the end of the builder stage (RUN go build ...). */
  build: string[];
  /** The CMD and ENTRYPOINT lines the runtime stage has instead of the original ones. */
  start: string[];
  /**
   * The build writes only where the original start's own build wrote (cargo run -> cargo build,
   * bootRun -> bootJar, npm start's prestart): a non-root USER that could start the original can
   * run it. Otherwise (go build -o /usr/local/bin, tsc after ts-node, dotnet publish) the hook
   * refuses the rewrite under a non-root USER.
   */
  writesAsStartDid?: boolean;
  /**
   * The build writes only new files that the started app never writes to (a binary, compiled
   * JavaScript), so under a non-root USER the hook runs it as root and restores the user after
   * it, rather than refusing. Not for builds whose output becomes a folder the app may write
   * into (dotnet publish's content root): the user could write the original's, and a root-owned
   * copy would not be writable.
   */
  rootMayBuild?: boolean;
  warning: Warning;
  /**
   * Image paths of the runner the original start ran (nodemon, ts-node), which the runtime
   * leaves out on purpose: --verify does not count files under them as missing.
   */
  leftOut?: string[];
}

export interface Provider {
  id: string;
  name: string;
  detect(input: ProviderInput): Detection | null;
  /** A start that builds at start, rewritten; null when there is none or it cannot be mapped. */
  rewriteStart?(input: ProviderInput, needs: StartNeeds): StartRewrite | null;
  plan(input: ProviderInput, needs: StartNeeds): ProviderPlan | Decline;
}
