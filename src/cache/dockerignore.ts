// Which context files the build cannot see. The cache edits name manifests explicitly
// (`COPY package.json package-lock.json ./`), and COPY fails on a file .dockerignore leaves
// out, so a file any pattern could exclude is treated as absent. Conservative on purpose:
// a `!` exception that may bring a file back is not trusted.
import type { BuildContext } from '../context';

function patternToRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' && pattern[i + 1] === '*') {
      re += '.*';
      i++;
      if (pattern[i + 1] === '/') i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const j = pattern.indexOf(']', i + 1);
      if (j < 0) re += '\\[';
      else {
        re += `[${pattern
          .slice(i + 1, j)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\')}]`;
        i = j;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

export class DockerIgnore {
  private readonly patterns: RegExp[];
  constructor(ctx: BuildContext) {
    const text = ctx.readText('.dockerignore') ?? '';
    this.patterns = text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#'))
      .map((l) => l.replace(/^!/, '').replace(/^\/+/, '').replace(/\/+$/, ''))
      .filter((l) => l !== '')
      .map(patternToRegExp);
  }

  /** True when some pattern matches the path or one of its parent folders. */
  mayExclude(rel: string): boolean {
    const parts = rel.replace(/^\.\/+/, '').split('/');
    for (let n = 1; n <= parts.length; n++) {
      const p = parts.slice(0, n).join('/');
      if (this.patterns.some((re) => re.test(p))) return true;
    }
    return false;
  }
}
