// What the Rust provider matches, and what it must not.
import { detects as detectsWith } from '../../helpers';
import { rustProvider } from '../../../src/providers/rust';
import { toml } from './fixtures';

const detects = (dockerfile: string, files: Record<string, string> = {}): boolean =>
  detectsWith(rustProvider, dockerfile, files);

describe('rust provider detection', () => {
  it.each([
    ['FROM rust:1.80\nCMD ["./app"]\n', {}, true],
    ['FROM rust:1.80-alpine\nRUN cargo chef cook --release\nCMD ["./app"]\n', {}, true],
    ['FROM debian:12\nRUN cargo build --release\nCMD ["/app"]\n', {}, true],
    ['FROM ubuntu:24.04\nRUN cargo install --path .\nCMD ["app"]\n', {}, true],
    ['FROM debian:12\nRUN cargo b -r\nCMD ["/app"]\n', {}, true],
    // must not match
    ['FROM golang:1.22\nRUN go build -o /app .\nCMD ["/app"]\n', { 'go.mod': 'module x\n' }, false],
    ['FROM node:20\nRUN npm ci\nCMD ["node","x.js"]\n', { 'package.json': '{}' }, false],
    ['FROM debian:12\nRUN echo cargo build > /x\nCMD ["cat","/x"]\n', {}, false],
    ['FROM debian:12\nCOPY app /app\nCMD ["/app"]\n', { 'Cargo.toml': toml('x') }, false],
    ['FROM python:3.12\nRUN pip install maturin\nCMD ["python","a.py"]\n', {}, false],
    ['FROM rustic/backup:1\nCMD ["rustic"]\n', {}, false],
  ])('%j -> %s', (df, files, expected) => {
    expect(detects(df, files as Record<string, string>)).toBe(expected);
  });
});
