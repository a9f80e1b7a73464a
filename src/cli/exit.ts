// Exit codes, and the one a run ends with.
import type { Line, Options } from './types';

export const EXIT_OK = 0;
export const EXIT_CHANGES = 1;
export const EXIT_ERROR = 2;

export function exitCode(lines: Line[], opts: Options): number {
  const errors = lines.some((l) => l.status === 'error');
  const converted = lines.some((l) => l.status === 'converted');
  if (errors) return EXIT_ERROR;
  // --verify: a conversion that builds or behaves differently is a failed check (1); a
  // verification that could not run (the original does not build or does not demonstrably
  // work: inconclusive) is an error (2).
  const verdicts = lines.map((l) => l.verdict).filter((v) => v !== null);
  if (verdicts.some((v) => v === 'error' || v === 'inconclusive')) return EXIT_ERROR;
  if (lines.some((l) => l.verdict === 'build-failed' && l.status === 'converted')) {
    return verdictOriginalFailed(lines) ? EXIT_ERROR : EXIT_CHANGES;
  }
  if (verdicts.some((v) => v === 'different')) return EXIT_CHANGES;
  if (opts.check && converted) return EXIT_CHANGES;
  return EXIT_OK;
}

function verdictOriginalFailed(lines: Line[]): boolean {
  return lines.some((l) => l.verdict === 'build-failed' && l.originalFailed);
}
