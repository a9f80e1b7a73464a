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

/** A file a COPY heredoc wrote (`COPY <<EOT /etc/app.conf`). */
export interface InlineFile {
  path: string;
  content: string;
  /** The instruction that wrote it: COPY <<EOT, or a RUN whose heredoc a command wrote. */
  step: { ins: CopyStep['ins']; keyword: string };
}

export class ImageFiles {
  private readonly maps: Mapping[];
  private readonly inline: InlineFile[];
  constructor(
    model: StageModel,
    private readonly ctx: BuildContext,
  ) {
    this.maps = model.copies.filter((c) => c.from === null).flatMap((c) => mappings(c, ctx));
    this.inline = [
      ...model.copies.flatMap((c) =>
        c.inline.map((f) => ({
          path: c.destIsDir ? path.posix.join(c.dest, f.name) : c.dest,
          content: f.content,
          step: c as InlineFile['step'],
        })),
      ),
      ...model.runs.flatMap((r) =>
        r.written.map((f) => ({
          path: f.path,
          content: f.content,
          step: { ins: r.ins, keyword: 'RUN' },
        })),
      ),
    ].sort((a, b) => a.step.ins.start - b.step.ins.start);
  }

  /** Files the stage wrote from heredocs, in order. */
  inlineFiles(): InlineFile[] {
    return this.inline;
  }

  /** True when the stage put a context file or a heredoc at this image path (or inside it). */
  existsInImage(imagePath: string): boolean {
    const p = path.posix.normalize(imagePath);
    if (this.inline.some((f) => f.path === p || f.path.startsWith(`${p}/`))) return true;
    if (this.contextPathOf(p) !== null) return true;
    // A folder that only holds copies (COPY a.conf /etc/app/ makes /etc/app).
    return this.maps.some((m) => m.target.startsWith(p === '/' ? '/' : `${p}/`));
  }

  /**
   * Names in an image folder that context copies and heredocs put there (folders end in
   * '/'), whichever COPY brought them: `COPY app/ .` and `COPY web/templates ./templates`
   * both fill the same folder.
   */
  list(imageDir: string): string[] {
    const dir = path.posix.normalize(imageDir);
    const prefix = dir === '/' ? '/' : `${dir}/`;
    const out = new Set<string>();
    const addChild = (target: string, isDir: boolean) => {
      if (!target.startsWith(prefix)) return;
      const rest = target.slice(prefix.length);
      const slash = rest.indexOf('/');
      if (slash >= 0) out.add(`${rest.slice(0, slash)}/`);
      else if (rest) out.add(isDir ? `${rest}/` : rest);
    };
    for (const m of this.maps) {
      if (
        m.sourceIsDir &&
        (m.target === dir || dir.startsWith(m.target === '/' ? '/' : `${m.target}/`))
      ) {
        const rest = dir === m.target ? '' : dir.slice(m.target === '/' ? 1 : m.target.length + 1);
        const rel = [m.source, rest].filter(Boolean).join('/');
        for (const n of this.ctx.list(rel)) out.add(n);
      } else addChild(m.target, m.sourceIsDir);
    }
    for (const f of this.inline) addChild(f.path, false);
    return [...out];
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

  /** Reads a file by its image path: a context file copied there, or a heredoc written there. */
  readByImagePath(imagePath: string): string | null {
    const p = path.posix.normalize(imagePath);
    const written = [...this.inline].reverse().find((f) => f.path === p);
    const rel = this.contextPathOf(p);
    // The later instruction wins when both wrote the path.
    if (written && (rel === null || written.step.ins.start > this.copiedBy(p))) {
      return written.content;
    }
    return rel === null ? null : this.ctx.readText(rel);
  }

  /** Offset of the last context COPY that reaches an image path (-1 for none). */
  private copiedBy(p: string): number {
    for (let i = this.maps.length - 1; i >= 0; i--) {
      const m = this.maps[i];
      if (p === m.target || (m.sourceIsDir && p.startsWith(`${m.target}/`)))
        return m.step.ins.start;
    }
    return -1;
  }
}
