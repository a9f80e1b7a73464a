// Which context files the build cannot see. The cache edits name manifests explicitly
// (`COPY package.json package-lock.json ./`), and COPY fails on a file .dockerignore leaves
// out, so a file any pattern could exclude is treated as absent. Conservative on purpose:
// a `!` exception that may bring a file back is not trusted, so it counts as an exclusion.
import type { BuildContext } from '../context';
import { matcher, patternsOf, type Matcher } from '../dockerignore/matcher';

export class DockerIgnore {
  private readonly excludes: Matcher;
  constructor(ctx: BuildContext) {
    const patterns = patternsOf(ctx.readText('.dockerignore')).map((p) => p.replace(/^!/, ''));
    this.excludes = matcher(patterns);
  }

  /** True when some pattern matches the path or one of its parent folders. */
  mayExclude(rel: string): boolean {
    return this.excludes(rel.replace(/^\.\/+/, ''));
  }
}
