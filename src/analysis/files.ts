// Where the build context's files land in the image, and the other way round. Built from
// the stage's COPY/ADD instructions that read the context (no --from).
import * as path from 'path';
import type { BuildContext } from '../context';
import type { CopyStep, StageModel } from './stage';

/** A Dockerfile source glob (* and ? within one path element) as a regular expression. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (const c of glob) {
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function cleanSource(s: string): string {
  const n = path.posix.normalize(s.replace(/^\/+/, ''));
  return n === '.' || n === './' ? '' : n.replace(/\/$/, '');
}

interface Mapping {
  /** Context-relative source: '' for the whole context. */
  source: string;
  sourceIsDir: boolean;
  /** Absolute path in the image that corresponds to the source itself. */
  target: string;
  step: CopyStep;
}

/** Expands one COPY into mappings, resolving globs against the context listing. */
function mappings(step: CopyStep, ctx: BuildContext): Mapping[] {
  const out: Mapping[] = [];
  for (const raw of step.sources) {
    if (/^https?:\/\//.test(raw) || raw.startsWith('git@')) continue;
    const src = cleanSource(raw);
    const candidates: string[] = [];
    if (/[*?[]/.test(src)) {
      const dir = path.posix.dirname(src);
      const re = globToRegExp(path.posix.basename(src));
      for (const name of ctx.list(dir === '.' ? '' : dir)) {
        const bare = name.replace(/\/$/, '');
        if (re.test(bare)) candidates.push(dir === '.' ? bare : `${dir}/${bare}`);
      }
    } else candidates.push(src);
    for (const c of candidates) {
      const isDir = c === '' || ctx.isDir(c);
      // A directory's contents go into dest; a file goes into dest/ or becomes dest.
      const target = isDir
        ? step.dest
        : step.destIsDir
          ? path.posix.join(step.dest, path.posix.basename(c))
          : step.dest;
      out.push({ source: c, sourceIsDir: isDir, target, step });
    }
  }
  return out;
}

export class ImageFiles {
  private readonly maps: Mapping[];
  constructor(
    model: StageModel,
    private readonly ctx: BuildContext,
  ) {
    this.maps = model.copies.filter((c) => c.from === null).flatMap((c) => mappings(c, ctx));
  }

  /** True when the stage copies the whole context somewhere (COPY . <dest>). */
  get copiesWholeContext(): boolean {
    return this.maps.some((m) => m.source === '');
  }

  /** Absolute image paths the stage copied context files to (each copy's target). */
  targets(): string[] {
    return this.maps.map((m) => m.target);
  }

  /** The context path whose copy ends at this image path, or null (the last COPY wins). */
  contextPathOf(imagePath: string): string | null {
    const p = path.posix.normalize(imagePath);
    for (let i = this.maps.length - 1; i >= 0; i--) {
      const m = this.maps[i];
      if (p === m.target) return m.source;
      if (m.sourceIsDir && p.startsWith(m.target === '/' ? '/' : `${m.target}/`)) {
        const rest = p.slice(m.target === '/' ? 1 : m.target.length + 1);
        const rel = m.source === '' ? rest : `${m.source}/${rest}`;
        if (this.ctx.exists(rel) || !this.ctx.known) return rel;
      }
    }
    return null;
  }

  /** Where a context path ends up in the image, or null when it is never copied. */
  imagePathOf(rel: string): string | null {
    const r = cleanSource(rel);
    for (let i = this.maps.length - 1; i >= 0; i--) {
      const m = this.maps[i];
      if (r === m.source) return m.target;
      if (m.sourceIsDir && (m.source === '' || r.startsWith(`${m.source}/`))) {
        return path.posix.join(m.target, m.source === '' ? r : r.slice(m.source.length + 1));
      }
    }
    return null;
  }

  /**
   * Where a context path's files end up, also when only some of them were copied
   * (ADD templates/* /templates/): the folder they share, or each file.
   */
  imagePathsFor(rel: string): string[] {
    const whole = this.imagePathOf(rel);
    if (whole) return [whole];
    const r = cleanSource(rel);
    const targets = [
      ...new Set(this.maps.filter((m) => m.source.startsWith(`${r}/`)).map((m) => m.target)),
    ];
    const parents = new Set(targets.map((t) => path.posix.dirname(t)));
    if (targets.length > 1 && parents.size === 1) {
      const [parent] = [...parents];
      if (path.posix.basename(parent) === path.posix.basename(r)) return [parent];
    }
    return targets;
  }

  /** Reads a context file by the image path it was copied to. */
  readByImagePath(imagePath: string): string | null {
    const rel = this.contextPathOf(imagePath);
    return rel === null ? null : this.ctx.readText(rel);
  }
}
