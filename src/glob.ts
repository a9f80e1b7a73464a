// Glob matching in time linear in the name (times the pattern's length), for patterns that
// come from files msconvert did not write: .gitignore, ignorePaths, COPY sources.
//
// Every glob library on npm (picomatch, minimatch, micromatch, ignore) compiles a glob to a
// backtracking regular expression, and so does a hand-made one: `*a*a*a*a*a*a*a*b` against 80
// letters a took picomatch 111 s and minimatch 51 s. Here `*` is matched the way git's
// wildmatch and the classic wildcard algorithm do it: on a mismatch only the most recent star
// takes one more character, which is enough for `*`, `?` and classes and never revisits
// earlier stars. `**` path segments are matched the same way one level up, segments for
// characters.

type Token =
  | { kind: 'char'; c: string }
  | { kind: 'any' }
  | { kind: 'star' }
  | { kind: 'class'; negated: boolean; ranges: [string, string][] };

type Segment = Token[] | 'globstar';

function tokens(segment: string): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i];
    if (c === '\\' && i + 1 < segment.length) out.push({ kind: 'char', c: segment[++i] });
    else if (c === '?') out.push({ kind: 'any' });
    else if (c === '*') {
      if (out[out.length - 1]?.kind !== 'star') out.push({ kind: 'star' });
    } else if (c === '[') {
      const cls = readClass(segment, i);
      if (cls) {
        out.push(cls.token);
        i = cls.end;
      } else out.push({ kind: 'char', c });
    } else out.push({ kind: 'char', c });
  }
  return out;
}

/** A bracket expression at `start` ([abc], [!a-z], [^0-9]), or null when it is not closed. */
function readClass(s: string, start: number): { token: Token; end: number } | null {
  let i = start + 1;
  const negated = s[i] === '!' || s[i] === '^';
  if (negated) i++;
  const ranges: [string, string][] = [];
  let first = true;
  for (; i < s.length; i++) {
    let c = s[i];
    if (c === ']' && !first) return { token: { kind: 'class', negated, ranges }, end: i };
    first = false;
    if (c === '\\' && i + 1 < s.length) c = s[++i];
    if (s[i + 1] === '-' && i + 2 < s.length && s[i + 2] !== ']') {
      let hi = s[i + 2];
      i += 2;
      if (hi === '\\' && i + 1 < s.length) hi = s[++i];
      ranges.push([c, hi]);
    } else ranges.push([c, c]);
  }
  return null;
}

function matchesOne(t: Token, c: string): boolean {
  switch (t.kind) {
    case 'char':
      return t.c === c;
    case 'any':
      return true;
    case 'class': {
      const inside = t.ranges.some(([lo, hi]) => c >= lo && c <= hi);
      return inside !== t.negated;
    }
    default:
      return false;
  }
}

/**
 * The wildcard algorithm over any sequence: `isStar(p)` marks the items that take any run,
 * `one(p, s)` says whether pattern item p takes subject item s. O(patterns × subjects).
 */
function wildcard(
  plen: number,
  slen: number,
  isStar: (p: number) => boolean,
  one: (p: number, s: number) => boolean,
): boolean {
  let p = 0;
  let s = 0;
  let starP = -1;
  let starS = 0;
  while (s < slen) {
    if (p < plen && !isStar(p) && one(p, s)) {
      p++;
      s++;
    } else if (p < plen && isStar(p)) {
      starP = p++;
      starS = s;
    } else if (starP >= 0) {
      p = starP + 1;
      s = ++starS;
    } else return false;
  }
  while (p < plen && isStar(p)) p++;
  return p === plen;
}

function matchSegment(toks: Token[], name: string): boolean {
  return wildcard(
    toks.length,
    name.length,
    (p) => toks[p].kind === 'star',
    (p, s) => matchesOne(toks[p], name[s]),
  );
}

/**
 * A matcher for a slash-separated glob: `*`, `?`, `[...]` within a segment, `**` for any
 * number of segments, `\` escapes. The subject is a relative path with `/` separators.
 */
export function compileGlob(pattern: string): (subject: string) => boolean {
  const segments: Segment[] = [];
  for (const part of pattern.split('/')) {
    const seg: Segment = part === '**' ? 'globstar' : tokens(part);
    if (seg === 'globstar' && segments[segments.length - 1] === 'globstar') continue;
    segments.push(seg);
  }
  return (subject) => {
    const names = subject.split('/');
    return wildcard(
      segments.length,
      names.length,
      (p) => segments[p] === 'globstar',
      (p, s) => matchSegment(segments[p] as Token[], names[s]),
    );
  };
}

/** A Dockerfile COPY source glob within one path element (`*`, `?`, `[...]`), as a test. */
export function nameGlob(glob: string): { test(name: string): boolean } {
  const toks = tokens(glob);
  return { test: (name) => matchSegment(toks, name) };
}
