// The build context as Docker sends it: what the ignore file leaves out never reaches the
// builder, so `COPY . .` does not put it in the image and a runtime stage that copies it from
// the builder (`COPY --from=builder /app/.env`) fails to build. Every reading of the context
// during a conversion goes through this view, so no provider can see, trace or copy a file
// the build never had.
import * as path from 'path';
import type { BuildContext } from './context';
import { hasExceptions, matcher, patternsOf, type Matcher } from './dockerignore/matcher';

function clean(rel: string): string {
  const n = path.posix.normalize(rel.replace(/\\/g, '/')).replace(/^(\.\/)+/, '');
  return n === '.' ? '' : n.replace(/\/$/, '');
}

/** A folder walk stops here: an excluded folder with exceptions is shown when it holds one. */
const MAX_WALK = 2000;

class SentContext implements BuildContext {
  private readonly answers = new Map<string, boolean>();
  constructor(
    private readonly inner: BuildContext,
    private readonly ignored: Matcher,
    private readonly exceptions: boolean,
  ) {}
  get known(): boolean {
    return this.inner.known;
  }
  /** True when Docker sends this path (a folder: when it sends something in it). */
  private sent(rel: string): boolean {
    const c = clean(rel);
    // The ignore file itself stays readable: the analysis reads it (secrets, --cache).
    if (c === '' || c === '.dockerignore') return true;
    let ok = this.answers.get(c);
    if (ok === undefined) {
      ok = !this.ignored(c) || (this.exceptions && this.holdsSent(c, { left: MAX_WALK }));
      this.answers.set(c, ok);
    }
    return ok;
  }
  /** An excluded folder still reaches the build when an exception (`!`) brings a file in it. */
  private holdsSent(dir: string, budget: { left: number }): boolean {
    if (!this.inner.isDir(dir)) return false;
    for (const name of this.inner.list(dir)) {
      if (--budget.left < 0) return true; // too large to tell: shown, as before this view
      const rel = `${dir}/${name.replace(/\/$/, '')}`;
      if (!this.ignored(rel)) return true;
      if (name.endsWith('/') && this.holdsSent(rel, budget)) return true;
    }
    return false;
  }
  exists(rel: string): boolean {
    return this.inner.exists(rel) && this.sent(rel);
  }
  isDir(rel: string): boolean {
    return this.inner.isDir(rel) && this.sent(rel);
  }
  readText(rel: string): string | null {
    return this.sent(rel) ? this.inner.readText(rel) : null;
  }
  readJson<T = unknown>(rel: string): T | null {
    return this.sent(rel) ? this.inner.readJson<T>(rel) : null;
  }
  list(rel: string): string[] {
    if (!this.sent(rel)) return [];
    const c = clean(rel);
    return this.inner
      .list(rel)
      .filter((n) => this.sent(c === '' ? n : `${c}/${n.replace(/\/$/, '')}`));
  }
}

/**
 * The context as the build receives it, filtered by `ignoreText` (the ignore file Docker uses
 * for this Dockerfile) or, when that is not given, by the context's own .dockerignore.
 */
export function sentContext(ctx: BuildContext, ignoreText?: string | null): BuildContext {
  if (ctx instanceof SentContext) return ctx;
  const patterns = patternsOf(
    ignoreText === undefined ? ctx.readText('.dockerignore') : ignoreText,
  );
  // An ignore file named for this Dockerfile replaces the context's, even when it is empty.
  if (patterns.length === 0 && ignoreText === undefined) return ctx;
  return new SentContext(ctx, matcher(patterns), hasExceptions(patterns));
}
