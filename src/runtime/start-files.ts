// Files the start reaches that the provider's plan does not copy: a path it runs that the
// stage put there itself, and files it names that the stage copied or wrote.
import * as path from 'path';
import { madePaths } from '../analysis/made';
import type { StartNeeds } from '../analysis/needs';
import { namedPaths, startWords } from '../analysis/reach';
import { expand } from '../analysis/stage';
import {
  decline,
  type CopySpec,
  type Decline,
  type ProviderInput,
  type ProviderPlan,
} from '../providers/contract';
import { WHOLE_SYSTEM } from './system-paths';

/** Absolute paths the start commands run that the stage itself put there (ADD of a URL, COPY). */
export function placedByStage(
  input: ProviderInput,
  needs: StartNeeds,
  plan: ProviderPlan,
): CopySpec[] {
  const out: CopySpec[] = [];
  for (const need of needs.commands) {
    if (!need.word.startsWith('/')) continue;
    if (plan.copies.some((c) => need.word === c.dest || need.word.startsWith(`${c.dest}/`)))
      continue;
    const placed = input.model.copies.some((cp) => {
      if (!cp.destIsDir) return cp.dest === need.word;
      return cp.sources.some(
        (src) => path.posix.join(cp.dest, path.posix.basename(src)) === need.word,
      );
    });
    if (placed && !out.some((c) => c.src === need.word)) {
      out.push({
        from: input.builderName,
        src: need.word,
        dest: need.word,
        why: `run by ${need.from}; the original added it there`,
      });
    }
  }
  return out;
}

/**
 * Files the start names (a script's `source $GOPATH/src/app/config.sh`, `--config
 * /etc/app.yaml`, ENV CONFIG=/app/config.json) that the stage copied from the context or
 * wrote from a heredoc: the program reads them, so they are carried.
 */
export function namedByStart(
  input: ProviderInput,
  needs: StartNeeds,
  plan: ProviderPlan,
): CopySpec[] {
  const { model, files, ctx } = input;
  const out: CopySpec[] = [];
  const words = startWords(model, needs).map((w) => expand(w, model.env));
  for (const p of namedPaths(words, model.cwd)) {
    if (plan.copies.some((c) => p === c.dest || p.startsWith(`${c.dest}/`))) continue;
    if (out.some((c) => c.dest === p) || WHOLE_SYSTEM.test(p)) continue;
    const rel = files.contextPathOf(p);
    const file =
      rel !== null
        ? ctx.exists(rel) && !ctx.isDir(rel)
        : files.inlineFiles().some((f) => f.path === p);
    if (!file) continue;
    out.push({
      from: input.builderName,
      src: p,
      dest: p,
      why: 'named by the start command, its script or ENV',
    });
  }
  return out;
}

/**
 * A start command that runs a file the build wrote with echo or printf (not a heredoc,
 * whose text is read like a copied script) cannot be traced: its interpreter and the tools
 * it calls are unknown.
 */
export function unreadableStart(input: ProviderInput, needs: StartNeeds): Decline | null {
  const opaque = madePaths(input.model, input.files).filter(
    (m) => /redirect|tee/.test(m.how) && input.files.readByImagePath(m.path) === null,
  );
  for (const need of needs.commands) {
    if (!need.strict || !need.word.includes('/') || need.word.includes('$')) continue;
    const abs = path.posix.resolve(need.cwd, need.word);
    if (opaque.some((m) => m.path === abs)) {
      return decline(
        'MSC008',
        `${need.from} runs ${abs}, which the build writes with a shell command msconvert cannot read (echo, printf); write it with a heredoc or COPY it from the build context so that what it runs can be traced.`,
      );
    }
  }
  return null;
}
