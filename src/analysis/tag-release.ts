// The Debian release an official image's tag is published on when the tag names none. A tag
// stops moving once its version stops being built, so php:7.4-fpm is still bullseye and
// ruby:2.7.0 buster, while php:8.2-apache follows the newest release. Run-time package names
// differ between releases (libzip4 on bullseye, libzip5 on trixie), so the release a runtime
// stage installs for must be the one the tag really is (data/tag-releases.json, read from the
// history of docker-library/official-images by scripts/tag-releases.js).
import { templateJson } from '../data';
import { tagCodename } from './image';

type TagReleases = Record<string, Record<string, string>>;

/**
 * The Debian codename of `image:tag` (image: php, ruby): the one the tag names, else the one
 * its version was last published on; null when the table does not know the version.
 */
export function tagRelease(image: string, tag: string | null): string | null {
  const named = tagCodename(tag);
  if (named) return named;
  const table = templateJson<TagReleases>('tag-releases.json')[image];
  if (!table) return null;
  const t = tag ?? 'latest';
  const m = /^(\d+(?:\.\d+)*)(?:-|$)/.exec(t);
  const version = m ? m[1] : /^\d/.test(t) ? null : '';
  if (version === null) return null;
  return table[version] ?? null;
}
