// The runtime image: the slim variant of the builder's ruby tag (ruby:3.3 -> ruby:3.3-slim,
// ruby:3.3.4-bookworm -> ruby:3.3.4-slim-bookworm), so Ruby, its ABI and the Debian release
// stay the same; a slim or Alpine builder keeps its own image (the build packages stay behind).
import { tagAlpine, tagCodename, type ImageRef } from '../../analysis/image';
import { tagRelease } from '../../analysis/tag-release';

export interface RubyRuntime {
  image: string;
  /** The runtime is the builder's own image. */
  same: boolean;
  alpine: boolean;
  slimBuilder: boolean;
  codename: string;
  warning?: string;
}

export function rubyRuntime(image: ImageRef, raw: string, defaultCodename: string): RubyRuntime {
  let base = raw;
  let warning: string | undefined;
  if (image.digest || raw.includes('@')) {
    base = raw.slice(0, raw.indexOf('@'));
    warning =
      'the builder image is pinned by digest; the runtime image is not, pin it once the diff is accepted.';
  }
  const tag = image.tag ?? '';
  // ruby:2.7.0 is buster and ruby:3.3 trixie: the release the tag was last published on.
  const codename = tagRelease('ruby', tag) ?? defaultCodename;
  const colon = base.lastIndexOf(':');
  const repoRaw = colon > base.lastIndexOf('/') ? base.slice(0, colon) : base;
  const tagRaw = colon > base.lastIndexOf('/') ? base.slice(colon + 1) : tag;
  if (tagAlpine(tag) !== null)
    return { image: base, same: !warning, alpine: true, slimBuilder: false, codename, warning };
  if (/(^|-)slim($|-)/.test(tag))
    return { image: base, same: !warning, alpine: false, slimBuilder: true, codename, warning };
  // A tag that comes through a build argument is written with its value.
  const t = tagRaw.includes('$') ? tag : tagRaw;
  const c = tagCodename(t);
  const slim = c && t.endsWith(`-${c}`) ? `${t.slice(0, -c.length - 1)}-slim-${c}` : `${t}-slim`;
  const repo = tagRaw.includes('$') ? image.repository : repoRaw;
  return {
    image: `${repo}:${slim}`,
    same: false,
    alpine: false,
    slimBuilder: false,
    codename,
    warning,
  };
}
