// Reading cargo command lines: subcommands and their aliases, +toolchain, options with values
// in every spelling clap accepts, and clustered short options.
import type { Command, RunStep } from '../../../src/analysis/stage';
import { first, has, readCargo, values, valuedOptions } from '../../../src/providers/rust/cargo';

const read = (line: string) =>
  readCargo({ argv: line.split(' '), cwd: '/app', vars: {} } as unknown as Command, {} as RunStep);

describe('readCargo', () => {
  it.each([
    ['cargo build --release', 'build'],
    ['cargo +nightly build', 'build'],
    ['cargo b -r', 'build'],
    ['cargo zigbuild', 'build'],
    ['cargo rustc --release', 'build'],
    ['cargo auditable build --release', 'build'],
    ['cargo -v install --path .', 'install'],
    ['/usr/local/cargo/bin/cargo clean', 'clean'],
  ])('%s is cargo %s', (line, sub) => {
    expect(read(line)?.sub).toBe(sub);
  });

  it('is null for cargo without a subcommand and for other tools', () => {
    expect(read('cargo --version')).toBeNull();
    expect(read('rustc main.rs')).toBeNull();
  });

  it('reads values given apart, with = and glued to a short option', () => {
    const c = read('cargo build -p a --package=b -pc -F x,y -j4 --target-dir /out -Zunstable')!;
    expect(values(c, 'package')).toEqual(['a', 'b', 'c']);
    expect(values(c, 'features')).toEqual(['x,y']);
    expect(first(c, 'jobs')).toBe('4');
    expect(first(c, 'target-dir')).toBe('/out');
    expect(valuedOptions(c).map(([k]) => k)).toEqual([
      'package',
      'features',
      'jobs',
      'target-dir',
      'Z',
    ]);
  });

  it('reads clustered short options as clap does', () => {
    const c = read('cargo build -rvp app')!;
    expect(has(c, 'release')).toBe(true);
    expect(has(c, 'verbose')).toBe(true);
    expect(values(c, 'package')).toEqual(['app']);
    expect(c.positional).toEqual([]);
  });

  it('keeps the words after the subcommand and ignores those after --', () => {
    const c = read('cargo install ripgrep@14 --locked -- --ignored')!;
    expect(c.positional).toEqual(['ripgrep@14']);
    expect(has(c, 'locked')).toBe(true);
    expect(has(c, 'ignored')).toBe(false);
  });
});
