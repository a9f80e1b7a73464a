// RUN steps whose effects msconvert cannot see. A program the build installed itself (go
// install, npm install -g ...) is unknown to msconvert: what it writes outside the copied
// paths (browsers into ~/.cache, OS packages through --with-deps, tools it downloads) is
// invisible, and a runtime stage without those effects may break the app. Such a step is
// accepted only when it cannot matter at run time: a code generator the build runs before it
// compiles (swag init, templ generate) feeds the build, not the runtime.
import { commandName } from '../shell';
import type { Command, StageModel } from './stage';

/** Sub-commands that fetch or install things for later use rather than generate sources. */
const INSTALL_VERBS = new Set([
  'install',
  'install-deps',
  'download',
  'fetch',
  'setup',
  'get',
  'pull',
]);

export interface UntracedStep {
  command: Command;
  /** The step says it installs OS packages (--with-deps, install-deps). */
  osPackages: boolean;
  why: string;
}

/** True for `playwright install ...` however playwright is reached (npx, go run, a path). */
export function isPlaywrightInstall(argv: string[]): boolean {
  const names = argv.map((a) => commandName(a).replace(/@[^/]*$/, ''));
  const at = names.findIndex((n) => n === 'playwright');
  return at >= 0 && ['install', 'install-deps'].includes(names[at + 1] ?? '');
}

/**
 * The first RUN command that runs a program the build installed (`tools`, by name) in a way
 * whose effects may be needed at run time: an install-like verb or --with-deps, or a run
 * after the last step that compiles the app (`lastBuild`, an index into model.runs; -1 when
 * unknown, then every run counts).
 */
export function untracedStep(
  model: StageModel,
  tools: string[],
  lastBuild: number,
): UntracedStep | null {
  for (let i = 0; i < model.runs.length; i++) {
    for (const c of model.runs[i].commands) {
      const name = commandName(c.argv[0] ?? '');
      const playwright = isPlaywrightInstall(c.argv);
      if (!playwright && !tools.includes(name)) continue;
      const osPackages = c.argv.includes('--with-deps') || c.argv.includes('install-deps');
      const verb = c.argv.slice(1).find((a) => !a.startsWith('-'));
      if (playwright || osPackages || INSTALL_VERBS.has(verb ?? '') || i > lastBuild) {
        return {
          command: c,
          osPackages,
          why: playwright
            ? 'playwright install puts browsers under ~/.cache/ms-playwright (and with --with-deps, OS libraries)'
            : `${name} is a program the build installed itself, so msconvert cannot tell what it writes`,
        };
      }
    }
  }
  return null;
}

/**
 * For providers that carry no browser caches: `playwright install` puts browsers under the
 * home folder's cache (and with --with-deps, OS libraries) that a fresh runtime lacks.
 */
export function playwrightInstall(model: StageModel): UntracedStep | null {
  const step = untracedStep(model, [], Number.MAX_SAFE_INTEGER);
  return step && isPlaywrightInstall(step.command.argv) ? step : null;
}

/** The decline message for an untraced step. */
export function untracedReason(step: UntracedStep): string {
  return `RUN \`${step.command.argv.join(' ')}\`: ${step.why}; what it puts outside the copied paths${step.osPackages ? ', OS packages among them,' : ''} may be needed by the program at run time and would be missing from a fresh runtime image. Install it in the runtime stage by hand, or keep the single stage.`;
}
