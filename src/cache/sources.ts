// What the builder's COPY steps bring in from the build context.
import * as path from 'path';
import { globToRegExp, ImageFiles } from '../analysis/files';
import type { CopyStep, StageModel } from '../analysis/stage';
import type { BuildContext } from '../context';

/** ImageFiles over a chosen list of the stage's copies. */
export function filesOf(model: StageModel, copies: CopyStep[], ctx: BuildContext): ImageFiles {
  return new ImageFiles({ ...model, copies }, ctx);
}

/** Context paths a COPY's sources name, globs expanded. */
export function sourcesOf(step: CopyStep, ctx: BuildContext): string[] {
  const out: string[] = [];
  for (const raw of step.sources) {
    const src = path.posix.normalize(raw.replace(/^\/+/, '')).replace(/\/$/, '');
    const clean = src === '.' ? '' : src;
    if (/[*?[]/.test(clean)) {
      const dir = path.posix.dirname(clean);
      const re = globToRegExp(path.posix.basename(clean));
      for (const name of ctx.list(dir === '.' ? '' : dir)) {
        const bare = name.replace(/\/$/, '');
        if (re.test(bare)) out.push(dir === '.' ? bare : `${dir}/${bare}`);
      }
    } else out.push(clean);
  }
  return out;
}
