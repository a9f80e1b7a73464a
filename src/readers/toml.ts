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

/** A value as a string, or null. */
export function tomlString(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

/** The strings of an array value, in order ([] when it is not an array). */
export function tomlStrings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** The tables of an array of tables (`[[bin]]`); other items and non-arrays give none. */
export function tomlTables(v: unknown): Toml[] {
  return Array.isArray(v) ? v.map(tomlTable).filter((x): x is Toml => x !== null) : [];
}

/** A value that may be one table or an array of them (a Poetry constraint): its tables. */
export function tomlTableOrTables(v: unknown): Toml[] {
  const t = tomlTable(v);
  return t ? [t] : tomlTables(v);
}
