// A builder tag that names neither a Debian release nor a version line (`rust`, `golang:1`,
// `rust:latest`) follows the image's newest Debian release, while msconvert names the runtime's
// release (distroless cc-debian13, debian:trixie-slim) from what that tag is today. When the
// image moves to the next release, a rebuild links a newer glibc than the runtime has and the
// binary stops at start. The builder's lines stay as written, so msconvert cannot pin it: it
// says so (MSC156).
import type { Warning } from '../codes';
import { tagAlpine, tagCodename, tagVersion, type ImageRef } from './image';

/** The tag follows the image's newest Debian release. */
export function followsNewestRelease(image: ImageRef): boolean {
  if (image.digest) return false;
  if (tagCodename(image.tag) || tagAlpine(image.tag) !== null) return false;
  const tag = image.tag ?? 'latest';
  // Channel tags (rustlang/rust:nightly, stable, beta) move with the newest release too.
  if (/^(latest|slim|nightly|stable|beta)(-slim)?$/.test(tag)) return true;
  const v = tagVersion(tag);
  return v !== null && v.length === 1;
}

/** MSC156 for a binary linking glibc, built on a tag that floats, run on a named release. */
export function releaseDrift(image: ImageRef, codename: string | null): Warning | null {
  if (!codename || !followsNewestRelease(image)) return null;
  const pinned = `${image.repository.replace(/^docker\.io\/(library\/)?/, '')}:${image.tag && image.tag !== 'latest' ? `${image.tag}-` : ''}${codename}`;
  return {
    code: 'MSC156',
    message: `FROM ${image.resolved} names no Debian release, so it follows the image's newest one, while the runtime is Debian ${codename}'s (what that tag is today); the binary links glibc, and when the image moves to a newer release a rebuild would need a newer glibc than the runtime has. Pin the builder's release (FROM ${pinned}) so that both stay together.`,
  };
}
