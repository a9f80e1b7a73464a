// String helpers that stay linear on hostile input. A regular expression anchored only at the
// end, such as /[ \t]+$/, is tried from every position of a run of blanks that is followed by
// something else: a line of 100,000 spaces and one letter costs 10^10 steps in V8. These walk
// from the end instead.

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

/** `s` without trailing spaces and tabs (what /[ \t]+$/ removes). */
export function trimBlanksEnd(s: string): string {
  let end = s.length;
  while (end > 0 && isBlank(s.charCodeAt(end - 1))) end--;
  return end === s.length ? s : s.slice(0, end);
}

/** `s` without one trailing line break (\r\n, \n or a lone \r). */
export function chompEol(s: string): string {
  if (s.endsWith('\r\n')) return s.slice(0, -2);
  if (s.endsWith('\n') || s.endsWith('\r')) return s.slice(0, -1);
  return s;
}
