// The one TOML reader (Cargo.toml, pyproject.toml, poetry.toml, Pipfile). smol-toml is a
// complete TOML 1.0 parser with no dependencies; it is loaded on first use, so runs that read
// no TOML file do not pay for it.
export type Toml = Record<string, unknown>;

let parser: typeof import('smol-toml') | null = null;

/** The document as plain objects, or null when the text is not valid TOML. */
export function parseToml(text: string): Toml | null {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  parser ??= require('smol-toml') as typeof import('smol-toml');
  try {
    return parser.parse(text) as Toml;
  } catch {
    return null;
  }
}

/** A value as a table, or null. */
export function tomlTable(v: unknown): Toml | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)
    ? (v as Toml)
    : null;
}

/** The table at a dotted path ("tool.poetry.dependencies"), or null. */
export function tomlAt(doc: Toml | null, dotted: string): Toml | null {
  let cur: Toml | null = doc;
  for (const k of dotted.split('.')) cur = cur ? tomlTable(cur[k]) : null;
  return cur;
}

/** The strings of an array value, in order ([] when it is not an array). */
export function tomlStrings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** A value as tables: an array's tables, a table alone, or none. */
export function tomlTables(v: unknown): Toml[] {
  if (Array.isArray(v)) return v.map(tomlTable).filter((t): t is Toml => t !== null);
  const t = tomlTable(v);
  return t ? [t] : [];
}
