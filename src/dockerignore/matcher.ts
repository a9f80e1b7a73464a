// Docker's .dockerignore semantics: Go filepath.Match patterns, `**` for any number of
// folders, `!` exceptions where the last matching line wins, paths relative to the context
// root, and a pattern that matches a folder excludes everything in it.
//
// The matching itself is @balena/dockerignore, a line-by-line port of moby's matcher that its
// authors test against `docker build`; it is loaded on first use, so runs that propose nothing
// never pay for it. Two things moby's reader does that the library leaves to its caller are
// done here: the UTF-8 BOM of the first line is dropped, and matching is case-sensitive.
import type { Ignore } from '@balena/dockerignore';

export interface IgnoreLine {
  /** The line as written (without its line break). */
  raw: string;
  /** The pattern Docker uses, `!` kept; null for comments and blank lines. */
  pattern: string | null;
  negated: boolean;
}

/** Reads an ignore file as Docker does: `#` in column 1 is a comment, blanks are skipped. */
export function readIgnoreFile(text: string): IgnoreLine[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.map((raw) => {
    if (raw.startsWith('#')) return { raw, pattern: null, negated: false };
    let p = raw.trim();
    if (p === '') return { raw, pattern: null, negated: false };
    const negated = p.startsWith('!');
    if (negated) p = p.slice(1).trim();
    return { raw, pattern: p === '' ? null : `${negated ? '!' : ''}${p}`, negated };
  });
}

export type Matcher = (rel: string) => boolean;

/** True for a context-relative path ('a/b', no leading ./) the patterns exclude. */
export function matcher(patterns: readonly string[]): Matcher {
  if (patterns.length === 0) return () => false;
  const factory = require('@balena/dockerignore') as (o?: { ignorecase?: boolean }) => Ignore;
  const ig = factory({ ignorecase: false }).add([...patterns]);
  return (rel: string) => rel !== '' && ig.ignores(rel);
}

/** The patterns of an ignore file's text, in order. */
export function patternsOf(text: string | null): string[] {
  if (text === null) return [];
  return readIgnoreFile(text)
    .map((l) => l.pattern)
    .filter((p): p is string => p !== null);
}

/** True when some pattern is an exception (`!`): an excluded folder may then hold included files. */
export function hasExceptions(patterns: readonly string[]): boolean {
  return patterns.some((p) => p.startsWith('!'));
}
