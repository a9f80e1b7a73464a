// Shared fixtures of the Rust provider's table tests: a one-binary package and its context.
import { MemoryContext } from '../../../src';

export const MAIN = 'fn main() { println!("hi"); }\n';
export const toml = (name: string, extra = '') =>
  `[package]\nname = "${name}"\nversion = "0.1.0"\nedition = "2021"\n${extra}`;
export const lock = (...names: string[]) =>
  `version = 3\n\n${names.map((n) => `[[package]]\nname = "${n}"\nversion = "1.0.0"\n`).join('\n')}`;
export const app = (extra: Record<string, string> = {}) =>
  new MemoryContext({
    'Cargo.toml': toml('my-app'),
    'Cargo.lock': lock('my-app'),
    'src/main.rs': MAIN,
    ...extra,
  });

export const build = (from: string, run: string, cmd: string, pre = '') =>
  `FROM ${from}\n${pre}WORKDIR /app\nCOPY . .\nRUN ${run}\n${cmd}\n`;
