// What the Python provider matches, and must not (Go and Node builds, including Node images
// that install python3 for node-gyp).
import { convert, MemoryContext } from '../../../src';
import { detects as detectsWith } from '../../helpers';
import { pythonProvider } from '../../../src/providers/python';

const detects = (dockerfile: string, files: Record<string, string> = {}): boolean =>
  detectsWith(pythonProvider, dockerfile, files);

describe('python provider detection', () => {
  it.each([
    ['FROM python:3.12\nCMD ["python","app.py"]\n', {}, true],
    ['FROM python:3.12-alpine\nRUN pip install flask\nCMD ["flask","run"]\n', {}, true],
    ['FROM debian:12\nRUN pip3 install -r requirements.txt\nCMD ["python3","a.py"]\n', {}, true],
    ['FROM ubuntu:24.04\nRUN python3 -m venv /v\nCMD ["/v/bin/python","a.py"]\n', {}, true],
    ['FROM continuumio/miniconda3\nRUN conda install numpy\nCMD ["python","a.py"]\n', {}, true],
    // Must not match: Go and Node builds, including Node images that install python3 for node-gyp.
    ['FROM golang:1.22\nRUN go build -o /app .\nCMD ["/app"]\n', { 'go.mod': 'module x\n' }, false],
    ['FROM node:20\nRUN npm ci\nCMD ["node","server.js"]\n', { 'package.json': '{}' }, false],
    [
      'FROM node:20-alpine\nRUN apk add --no-cache python3 make g++\nRUN npm ci\nCMD ["node","x.js"]\n',
      { 'package.json': '{}' },
      false,
    ],
    [
      'FROM node:20\nRUN apt-get update && apt-get install -y python3 python3-pip\nCMD ["node","x.js"]\n',
      {},
      false,
    ],
    ['FROM debian:12\nRUN echo python > /x\nCMD ["cat","/x"]\n', {}, false],
  ])('%j with %j -> %s', (df, files, expected) => {
    expect(detects(df, files as Record<string, string>)).toBe(expected);
  });

  it('does not take Go or Node examples away from their providers', () => {
    const go = convert(
      'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n',
      new MemoryContext({ 'go.mod': 'module example.com/a\n', 'main.go': 'package main\n' }),
    );
    expect(go.language).toBe('go');
    const node = convert(
      'FROM node:20\nRUN apt-get update && apt-get install -y python3 make g++\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["node","server.js"]\n',
      new MemoryContext({ 'package.json': JSON.stringify({ name: 'a', dependencies: {} }) }),
    );
    expect(node.language).toBe('node');
  });
});
