// What verify() is given and what it reports.
import type { BuildResult, DockerSession, RunEnv } from '../docker';

export interface VerifyOptions {
  probePath?: string;
  probePort?: number;
  probeCmd?: string[];
  /**
   * How both containers are started instead of their images' own start, as Compose lays a
   * service's `entrypoint:`/`command:` over an image (for a Dockerfile started only by Compose).
   */
  start?: { entrypoint?: string[]; command?: string[] };
  /** Environment for both containers (-e, --env-file). */
  env?: RunEnv;
  /**
   * An original already built (by the facts step) in this session: it is not built again,
   * and the session is left for its owner to clean up.
   */
  prebuilt?: { session: DockerSession; tag: string; build: BuildResult };
  /**
   * Paths the conversion leaves out on purpose (the runner of a rewritten start, from the
   * explanation's leftOut): files under them that the original used are not missing.
   */
  leftOut?: string[];
  /** Per build; default 600000 (10 min). */
  buildTimeoutMs?: number;
  /** How long a container may take to answer or to finish; default 60000. */
  runTimeoutMs?: number;
  onProgress?: (msg: string) => void;
  /** Every line of both build logs, as they arrive. */
  onBuildLine?: (which: 'original' | 'converted', line: string) => void;
}

export interface SideReport {
  built: boolean;
  /** Build time. */
  seconds: number;
  sizeBytes?: number;
  /** One line: why the build failed, or why the container gave no answer. */
  error?: string;
  /** The end of the build log when the build failed, or of the container log when it gave no answer. */
  logTail?: string;
  /** What the probe saw, in one line. */
  answer?: string;
  /** Health status when the image has a HEALTHCHECK. */
  health?: string;
  /** The container's last log line. */
  lastLog?: string;
  /** Whether the container was still running at the end of the run window. */
  running?: boolean;
}

export interface ProbeSpec {
  kind: 'http' | 'cmd';
  port?: number;
  path?: string;
  args?: string[];
}

/**
 * verdict:
 * - verified: both built, the original demonstrably worked and the converted one did the
 *   same (same answer, health, exit code and output), and it has every file the original used;
 * - different: the answers differ, the original worked and the converted one did not, or the
 *   converted image lacks a file the original's processes used;
 * - build-failed: the original or the converted Dockerfile did not build (see which side);
 * - inconclusive: the original did not demonstrably work (crashed, exited non-zero, never
 *   answered or turned healthy), so there is nothing to compare with; see hint;
 * - error: no usable Docker, or an unexpected failure.
 */
export type Verdict = 'verified' | 'different' | 'build-failed' | 'inconclusive' | 'error';

export interface VerifyReport {
  original: SideReport;
  converted: SideReport;
  probe: ProbeSpec;
  /** true when verified, false when different, null when there was nothing to compare. */
  same: boolean | null;
  /** Short: the first differing line, status or exit code. */
  difference?: string;
  sizeBefore?: number;
  sizeAfter?: number;
  /** sizeBefore - sizeAfter, in bytes. */
  saving?: number;
  /** sizeAfter / sizeBefore. */
  ratio?: number;
  verdict: Verdict;
  /** One line for people. */
  message: string;
  /** inconclusive: what to pass to make the check meaningful. */
  hint?: string;
  /** Files the original's processes used, checked in the converted image. */
  files?: { checked: number; missing: string[]; note?: string };
}
