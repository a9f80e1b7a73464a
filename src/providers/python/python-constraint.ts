// Whether a project's Python constraint allows a Python version: Poetry's syntax for
// [tool.poetry.dependencies] python (`^3.10`, `~3.11`, `>=3.9 <3.13`, `3.11.*`, `||`) and
// PEP 440's for [project] requires-python (`>=3.9,<3.13`, `~=3.10`, `!=3.12.*`). Poetry
// checks the interpreter's full X.Y.Z against it (poetry/utils/env/env_manager.py
// create_venv); msconvert mostly knows only the image's X.Y, so a constraint is read for every
// patch release of that minor, and one that holds for some but not others is reported as such.

type Triple = [number, number, number];
type Test = (v: Triple) => boolean;

const cmp = (a: Triple, b: Triple) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/** One clause (`^3.10`, `>=3.9`, `3.11.*`) as a test, or null when it cannot be read. */
function clause(text: string): Test | null {
  const m = /^(\^|~=|~|===|==|!=|>=|<=|>|<|=)?\s*v?(\d+)(?:\.(\d+|\*))?(?:\.(\d+|\*))?$/.exec(text);
  if (!m) return text === '*' ? () => true : null;
  const op = m[1] ?? '==';
  const wild = m[3] === '*' || m[4] === '*';
  const parts = [m[2], m[3], m[4]].filter((p) => p !== undefined && p !== '*').map(Number);
  const v: Triple = [parts[0], parts[1] ?? 0, parts[2] ?? 0];
  const precision = parts.length;
  // A prefix (`3.11.*`, or Poetry's bare `3.11.*`) matches on the parts it names.
  const prefix: Test = (x) => parts.every((p, i) => x[i] === p);
  const upper = (p: number): Triple =>
    p <= 1 ? [v[0] + 1, 0, 0] : p === 2 ? [v[0], v[1] + 1, 0] : [v[0], v[1], v[2] + 1];
  const range =
    (hi: Triple): Test =>
    (x) =>
      cmp(x, v) >= 0 && cmp(x, hi) < 0;
  switch (op) {
    case '^': {
      // Up to the first part that is not 0 (`^3.10` < 4.0, `^0.2` < 0.3), or the last named.
      const i = parts.findIndex((p) => p !== 0);
      return range(upper((i < 0 ? precision - 1 : i) + 1));
    }
    case '~':
      return range(upper(precision === 1 ? 1 : 2));
    case '~=':
      return precision < 2 ? null : range(upper(precision - 1));
    case '==':
    case '===':
    case '=':
      return wild ? prefix : (x) => cmp(x, v) === 0;
    case '!=':
      return wild ? (x) => !prefix(x) : (x) => cmp(x, v) !== 0;
  }
  if (wild) return null;
  if (op === '>=') return (x) => cmp(x, v) >= 0;
  if (op === '>') return (x) => cmp(x, v) > 0;
  if (op === '<=') return (x) => cmp(x, v) <= 0;
  return (x) => cmp(x, v) < 0;
}

/** The constraint as a test, or null when a part of it cannot be read. */
function parse(constraint: string): Test | null {
  const any: Test[] = [];
  for (const alternative of constraint.split(/\|\|?/)) {
    // Clauses are joined by commas (PEP 440) or, in Poetry's syntax, by spaces; an operator
    // may be followed by a space before its version.
    const clauses = alternative
      .replace(/(\^|~=|~|===|==|!=|>=|<=|>|<|=)\s+/g, '$1')
      .split(/[\s,]+/)
      .filter(Boolean);
    if (clauses.length === 0) return null;
    const tests = clauses.map(clause);
    if (tests.some((t) => t === null)) return null;
    any.push((x) => tests.every((t) => t!(x)));
  }
  return (x) => any.some((t) => t(x));
}

/**
 * 'older-patches': allowed at the newest patch releases, not at some earlier ones (`>=3.12.4`);
 * 'some-patches': allowed at some patch releases, not at the newest (`<3.12.4`).
 */
export type Allowed = 'yes' | 'no' | 'older-patches' | 'some-patches' | 'unreadable';

/** Whether `constraint` allows Python major.minor (at `patch`, or at any patch when null). */
export function allowsPython(
  constraint: string,
  minor: [number, number],
  patch: number | null,
): Allowed {
  const test = parse(constraint.trim());
  if (!test) return 'unreadable';
  const patches = patch === null ? Array.from({ length: 40 }, (_, i) => i) : [patch];
  const results = patches.map((p) => test([minor[0], minor[1], p]));
  if (results.every((r) => r)) return 'yes';
  if (results.every((r) => !r)) return 'no';
  return results[results.length - 1] ? 'older-patches' : 'some-patches';
}
