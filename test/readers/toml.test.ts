// The one TOML reader (smol-toml behind it): the parts of Cargo.toml, Cargo.lock and
// pyproject.toml the providers use, null for what is not TOML, and the value helpers.
import {
  parseToml,
  tomlAt,
  tomlString,
  tomlStrings,
  tomlTable,
  tomlTables,
} from '../../src/readers/toml';

describe('parseToml', () => {
  it('reads the parts of Cargo.toml and Cargo.lock msconvert uses', () => {
    const t = parseToml(
      [
        '# comment',
        '[package]',
        'name = "a-b" # trailing',
        "description = '''",
        'multi',
        "line'''",
        'edition.workspace = true',
        '',
        '[[bin]]',
        'name = "one"',
        'required-features = ["x",',
        '  "y", # why',
        ']',
        '[[bin]]',
        "name = 'two'",
        '[dependencies]',
        'serde = { version = "1", features = ["derive"], default-features = false }',
        '"quoted.key" = "v\\u00e9"',
        "[target.'cfg(unix)'.dependencies]",
        'libc = "0.2"',
      ].join('\n'),
    );
    expect(t).toMatchObject({
      package: { name: 'a-b', description: 'multi\nline', edition: { workspace: true } },
      bin: [{ name: 'one', 'required-features': ['x', 'y'] }, { name: 'two' }],
      dependencies: {
        serde: { version: '1', features: ['derive'], 'default-features': false },
        'quoted.key': 'vé',
      },
      target: { 'cfg(unix)': { dependencies: { libc: '0.2' } } },
    });
  });
  it.each([['[package\nname = "x"\n'], ['name = \n'], ['a = "unterminated\n'], ['a = 1 b = 2\n']])(
    'returns null for %j',
    (bad) => {
      expect(parseToml(bad)).toBeNull();
    },
  );
});
describe('TOML value helpers', () => {
  const doc = parseToml(
    [
      'when = 1979-05-27',
      'names = ["a", 1, "b"]',
      '[[bin]]',
      'name = "one"',
      '[[bin]]',
      'name = 2',
      '[tool.poetry]',
      'name = "p"',
    ].join('\n'),
  );
  it('reads strings, string arrays and arrays of tables, and nothing of another type', () => {
    expect(tomlStrings(doc?.names)).toEqual(['a', 'b']);
    expect(tomlStrings('a')).toEqual([]);
    expect(tomlTables(doc?.bin).map((b) => tomlString(b.name))).toEqual(['one', null]);
    expect(tomlTables(doc?.names)).toEqual([]);
    expect(tomlString(tomlAt(doc, 'tool.poetry')?.name)).toBe('p');
  });
  it('does not take a date for a table', () => {
    expect(tomlTable(doc?.when)).toBeNull();
    expect(tomlAt(doc, 'when.x')).toBeNull();
  });
});
