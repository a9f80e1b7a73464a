// fast-check generators for Dockerfiles, shared by test/fuzz.test.ts and bench/fuzz.ts, and
// the robustness properties every input must satisfy. Nothing here imports msconvert's code
// at run time (only types): the caller passes the library in, so the bench can use the built
// dist/ while the tests use src/.
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import type { BuildContext } from '../src/context';
import type { ConvertResult } from '../src/convert';
import type { ParsedDockerfile } from '../src/parse';

export interface Lib {
  convert(text: string, context?: BuildContext): ConvertResult;
  parseDockerfile(text: string): ParsedDockerfile;
  MemoryContext: new (files?: Record<string, string>, known?: boolean) => BuildContext;
}

export type EolStyle = 'lf' | 'crlf' | 'mixed' | 'cr';

interface Block {
  kind: 'ins' | 'comment' | 'blank';
  /** Physical lines; for a heredoc the body and terminator follow the first line. */
  lines: string[];
  heredoc?: boolean;
}

export interface Doc {
  kind: string;
  directives: string[];
  escape: '\\' | '`';
  blocks: Block[];
  files: Record<string, string>;
  known: boolean;
}

export interface Case {
  kind: string;
  text: string;
  files: Record<string, string>;
  known: boolean;
  eol: EolStyle;
}

const ins = (line: string, heredoc = false): Block => ({ kind: 'ins', lines: [line], heredoc });

// ---------------------------------------------------------------------------------------------
// Build contexts

const GO_MOD = 'module example.com/app\n\ngo 1.19\n';
const MAIN_GO =
  'package main\n\nimport "net/http"\n\nfunc main() { _ = http.ListenAndServe(":8080", nil) }\n';
const GO_FILES = { 'go.mod': GO_MOD, 'main.go': MAIN_GO, 'cmd/server/main.go': MAIN_GO };

function nodeFiles(build: boolean): Record<string, string> {
  const pkg = {
    name: 'app',
    version: '1.0.0',
    main: build ? 'build/index.js' : 'server.js',
    scripts: {
      start: build ? 'node build/index.js' : 'node server.js',
      ...(build ? { build: 'tsc -p tsconfig.json' } : {}),
    },
    dependencies: { express: '^4.22.1' },
    devDependencies: build ? { typescript: '~5.9.3', '@types/node': '^20.0.0' } : {},
  };
  const files: Record<string, string> = {
    'package.json': JSON.stringify(pkg, null, 2),
    'package-lock.json': JSON.stringify({ name: 'app', lockfileVersion: 3, packages: {} }),
  };
  if (build) {
    files['tsconfig.json'] = JSON.stringify({
      compilerOptions: { rootDir: 'src', outDir: 'build' },
      include: ['src'],
    });
    files['src/index.ts'] = 'import express from "express";\nexpress().listen(3000);\n';
  } else files['server.js'] = 'require("express")().listen(3000);\n';
  return files;
}

const contextArb = (full: Record<string, string>) =>
  fc.constantFrom<[Record<string, string>, boolean]>(
    [full, true],
    [full, true],
    [full, true],
    [{}, false],
    [{}, true],
  );

// ---------------------------------------------------------------------------------------------
// Realistic single-stage Go and Node Dockerfiles, most of which msconvert converts.

export const goDoc: fc.Arbitrary<Doc> = fc
  .record({
    tag: fc.constantFrom(
      '1.19',
      '1.21',
      '1.22',
      '1.22-bookworm',
      '1.21-bullseye',
      '1.22-alpine',
      '1.21-alpine3.19',
    ),
    platform: fc.boolean(),
    stageName: fc.option(fc.constantFrom('build', 'builder', 'compile'), { freq: 4 }),
    workdir: fc.constantFrom('/src', '/app', '/go/src/app', '/build'),
    modFirst: fc.boolean(),
    artifact: fc.constantFrom(
      ['/usr/local/bin/server', 'server'],
      ['/app/server', '/app/server'],
      ['/out/app', '/out/app'],
      ['bin/server', './bin/server'],
    ),
    pkg: fc.constantFrom('.', './cmd/server', '', './cmd/server/'),
    buildFlags: fc.constantFrom('', '-ldflags="-s -w" ', '-trimpath ', '-ldflags "-X main.v=1" '),
    prefix: fc.constantFrom('', 'CGO_ENABLED=0 ', 'CGO_ENABLED=0 GOOS=linux '),
    cache: fc.boolean(),
    heredoc: fc.boolean(),
    expose: fc.option(fc.constantFrom('8080', '8080/tcp', '80 443')),
    env: fc.option(fc.constantFrom('APP_ENV=production', 'PORT=8080', 'TZ=UTC')),
    user: fc.option(fc.constantFrom('nobody', '65532:65532', '1000')),
    pkgs: fc.option(fc.constantFrom('ca-certificates', 'ca-certificates tzdata', 'git make')),
    start: fc.constantFrom('exec', 'shell', 'entrypoint', 'entrypoint+cmd'),
    ctx: contextArb(GO_FILES),
  })
  .map((g) => {
    const blocks: Block[] = [];
    const from = `FROM ${g.platform ? '--platform=$BUILDPLATFORM ' : ''}golang:${g.tag}`;
    blocks.push(ins(g.stageName ? `${from} AS ${g.stageName}` : from));
    if (g.pkgs) {
      blocks.push(
        ins(
          g.tag.includes('alpine')
            ? `RUN apk add --no-cache ${g.pkgs}`
            : `RUN apt-get update && apt-get install -y --no-install-recommends ${g.pkgs} && rm -rf /var/lib/apt/lists/*`,
        ),
      );
    }
    if (g.env) blocks.push(ins(`ENV ${g.env}`));
    blocks.push(ins(`WORKDIR ${g.workdir}`));
    if (g.modFirst) {
      blocks.push(ins('COPY go.mod ./'));
      blocks.push(ins('RUN go mod download'));
    }
    blocks.push(ins('COPY . .'));
    const mount = g.cache ? '--mount=type=cache,target=/root/.cache/go-build ' : '';
    const build = `${g.prefix}go build ${g.buildFlags}-o ${g.artifact[0]} ${g.pkg}`.trimEnd();
    if (g.heredoc) {
      blocks.push({
        kind: 'ins',
        lines: [`RUN ${mount}<<EOF`, 'set -e', build, 'EOF'],
        heredoc: true,
      });
    } else blocks.push(ins(`RUN ${mount}${build}`));
    if (g.expose) blocks.push(ins(`EXPOSE ${g.expose}`));
    if (g.user) blocks.push(ins(`USER ${g.user}`));
    const bin = g.artifact[1];
    if (g.start === 'exec') blocks.push(ins(`CMD ["${bin}"]`));
    else if (g.start === 'shell') blocks.push(ins(`CMD ${bin} --port 8080`));
    else if (g.start === 'entrypoint') blocks.push(ins(`ENTRYPOINT ["${bin}"]`));
    else {
      blocks.push(ins(`ENTRYPOINT ["${bin}"]`));
      blocks.push(ins('CMD ["--port", "8080"]'));
    }
    return {
      kind: 'go',
      directives: [],
      escape: '\\' as const,
      blocks,
      files: g.ctx[0],
      known: g.ctx[1],
    };
  });

export const nodeDoc: fc.Arbitrary<Doc> = fc
  .record({
    tag: fc.constantFrom('20', '20-bookworm', '20-alpine', '18-bullseye', '22', '20-slim'),
    stageName: fc.option(fc.constantFrom('build', 'app'), { freq: 5 }),
    workdir: fc.constantFrom('/usr/src/app', '/app', '/home/node/app'),
    envFirst: fc.boolean(),
    copyManifests: fc.constantFrom(
      'COPY package*.json ./',
      'COPY package.json package-lock.json ./',
      'COPY --chown=node:node package*.json ./',
    ),
    install: fc.constantFrom(
      'npm ci',
      'npm ci --omit=dev',
      'npm install',
      'npm ci && npm cache clean --force',
    ),
    build: fc.boolean(),
    user: fc.boolean(),
    expose: fc.option(fc.constantFrom('3000', '3000/tcp')),
    start: fc.constantFrom('exec', 'shell', 'entrypoint', 'npm'),
    ctx: fc.boolean(),
    ctxKind: fc.constantFrom('full', 'full', 'full', 'unknown', 'empty'),
  })
  .map((n) => {
    const blocks: Block[] = [];
    blocks.push(ins(`FROM node:${n.tag}${n.stageName ? ` AS ${n.stageName}` : ''}`));
    if (n.envFirst) blocks.push(ins('ENV NODE_ENV=production'));
    blocks.push(ins(`WORKDIR ${n.workdir}`));
    blocks.push(ins(n.copyManifests));
    blocks.push(ins(`RUN ${n.install}`));
    blocks.push(ins('COPY . .'));
    if (n.build) blocks.push(ins('RUN npm run build'));
    if (n.user) blocks.push(ins('USER node'));
    if (n.expose) blocks.push(ins(`EXPOSE ${n.expose}`));
    const entry = n.build ? 'build/index.js' : 'server.js';
    if (n.start === 'exec') blocks.push(ins(`CMD ["node", "${entry}"]`));
    else if (n.start === 'shell') blocks.push(ins(`CMD node ${entry}`));
    else if (n.start === 'entrypoint') blocks.push(ins(`ENTRYPOINT ["node", "${entry}"]`));
    else blocks.push(ins('CMD ["npm", "start"]'));
    const full = nodeFiles(n.build);
    return {
      kind: 'node',
      directives: [],
      escape: '\\' as const,
      blocks,
      files: n.ctxKind === 'full' ? full : {},
      known: n.ctxKind !== 'unknown',
    };
  });

// ---------------------------------------------------------------------------------------------
// Random and hostile instructions.

const KEYWORDS = [
  'FROM',
  'RUN',
  'CMD',
  'LABEL',
  'MAINTAINER',
  'EXPOSE',
  'ENV',
  'ADD',
  'COPY',
  'ENTRYPOINT',
  'VOLUME',
  'USER',
  'WORKDIR',
  'ARG',
  'ONBUILD',
  'STOPSIGNAL',
  'HEALTHCHECK',
  'SHELL',
];

const keywordArb = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(...KEYWORDS) },
  { weight: 2, arbitrary: fc.constantFrom(...KEYWORDS.map((k) => k.toLowerCase())) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'FORM',
      'RUNN',
      'Cmd',
      'FOO',
      '\uFF26ROM',
      '#FROM',
      'FROM\u00a0',
      '-',
    ),
  },
  { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 8 }) },
);

const VOCAB = [
  'golang:1.19',
  'node:20',
  'node:20-alpine',
  'alpine',
  'scratch',
  'ubuntu:22.04',
  'debian:bookworm',
  'mcr.microsoft.com/windows/servercore:ltsc2022',
  '$IMAGE',
  '${BASE:-golang}:1.19',
  `golang@sha256:${'a'.repeat(64)}`,
  'AS',
  'as',
  'builder',
  'go',
  'build',
  '-o',
  '/app/server',
  'server',
  '.',
  './...',
  'npm',
  'ci',
  'run',
  'install',
  'node',
  'server.js',
  'go.mod',
  'package.json',
  '&&',
  '||',
  ';',
  '|',
  '>',
  '2>&1',
  '$HOME',
  '${X}',
  '${X:?}',
  '"quoted words"',
  "'single quoted'",
  '"unterminated',
  "'unterminated",
  '[',
  ']',
  '["a", "b"]',
  '[ "x" ]',
  '["unterminated',
  "['single']",
  '["nested", ["json"]]',
  'key=value',
  'A="b c"',
  'A=',
  '=',
  '==',
  '--',
  '-',
  '\\',
  '\\\\',
  '`',
  '$(date)',
  '`id`',
  '#',
  '#not-a-comment',
  '<<EOF',
  '<<-EOT',
  'EOF',
  'C:\\app',
  '8080',
  '8080/tcp',
  '1000:1000',
  'NONE',
  'CMD',
  'CONNECT',
  'TCP',
  'SIGTERM',
  '\u00e9t\u00e9',
  '\u6f22\u5b57',
  '\u{1F433}',
  '\u200b',
  '\u202e',
  '\uFEFF',
];

const wordArb = fc.oneof(
  { weight: 10, arbitrary: fc.constantFrom(...VOCAB) },
  { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) },
);

const FLAGS = [
  '--mount=type=cache,target=/root/.cache/go-build',
  '--mount=type=secret,id=npmrc,target=/root/.npmrc',
  '--chown=1000:1000',
  '--chmod=755',
  '--platform=$BUILDPLATFORM',
  '--platform=linux/amd64',
  '--from=builder',
  '--from=0',
  '--link',
  '--network=none',
  '--security=insecure',
  '--interval=5s',
  '--timeout=3s',
  '--retries=3',
  '--keep-git-dir=true',
  '--',
  '--=',
  '--x',
  '-x',
];

const flagArb = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...FLAGS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 10 }).map((s) => `--${s}`) },
);

const spaceArb = fc.constantFrom(' ', ' ', ' ', '  ', '\t', ' \t ');

const jsonArgs = fc.array(wordArb, { maxLength: 4 }).map((ws) => JSON.stringify(ws));

const argsArb = fc.oneof(
  { weight: 4, arbitrary: fc.array(fc.tuple(spaceArb, wordArb), { maxLength: 6 }) },
  { weight: 1, arbitrary: jsonArgs.map((j) => [[' ', j] as [string, string]]) },
);

const heredocBlock: fc.Arbitrary<Block> = fc
  .record({
    head: fc.constantFrom('RUN ', 'RUN --mount=type=cache,target=/x ', 'COPY ', 'RUN cat '),
    marker: fc.constantFrom('EOF', 'EOT', 'END_OF_SCRIPT'),
    dash: fc.boolean(),
    quote: fc.constantFrom('', '"', "'"),
    tail: fc.constantFrom('', ' /app/script.sh', ' > /tmp/out', ' && echo done'),
    body: fc.array(
      fc.array(wordArb, { maxLength: 4 }).map((w) => w.join(' ')),
      { maxLength: 4 },
    ),
    terminated: fc.oneof(
      { weight: 5, arbitrary: fc.constant(true) },
      { weight: 1, arbitrary: fc.constant(false) },
    ),
    indent: fc.constantFrom('', '\t'),
  })
  .map((h) => {
    const first = `${h.head}<<${h.dash ? '-' : ''}${h.quote}${h.marker}${h.quote}${h.tail}`;
    const body = h.body.map((l) => `${h.indent}${l}`);
    const end = h.terminated ? [`${h.dash ? h.indent : ''}${h.marker}`] : [];
    return { kind: 'ins' as const, lines: [first, ...body, ...end], heredoc: true };
  });

const randomIns: fc.Arbitrary<Block> = fc
  .tuple(keywordArb, fc.array(flagArb, { maxLength: 2 }), argsArb)
  .map(([kw, flags, args]) => {
    let line = kw;
    for (const f of flags) line += ` ${f}`;
    for (const [sp, w] of args) line += sp + w;
    return ins(line);
  });

const commentText = fc.oneof(
  fc.constantFrom(
    '# a comment',
    '#',
    '# escape=`',
    '# syntax=docker/dockerfile:1',
    '#FROM golang:1.19',
    '   # indented comment',
    '# \u00fcnicode \u{1F4A5}',
    '# trailing backslash \\',
    '# trailing backtick `',
  ),
  fc.string({ maxLength: 20 }).map((s) => `# ${s}`),
);

const randomBlock: fc.Arbitrary<Block> = fc.oneof(
  { weight: 10, arbitrary: randomIns },
  { weight: 2, arbitrary: heredocBlock },
  { weight: 2, arbitrary: commentText.map((c) => ({ kind: 'comment' as const, lines: [c] })) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom('', ' ', '\t', '   ')
      .map((s) => ({ kind: 'blank' as const, lines: [s] })),
  },
);

const fromBlock: fc.Arbitrary<Block> = fc
  .tuple(
    fc.constantFrom('FROM', 'from', 'From'),
    fc.option(fc.constantFrom('--platform=$BUILDPLATFORM', '--platform=linux/arm64')),
    fc.oneof(fc.constantFrom(...VOCAB.slice(0, 11)), wordArb),
    fc.option(fc.constantFrom('AS builder', 'AS build', 'as x', 'AS', 'AS a b')),
  )
  .map(([kw, flag, image, name]) =>
    ins([kw, flag, image, name].filter((x) => x !== null).join(' ')),
  );

export const randomDoc: fc.Arbitrary<Doc> = fc
  .record({
    preArgs: fc.array(
      fc.constantFrom('ARG BASE=golang', 'ARG VERSION=1.19', 'ARG X', 'RUN echo early'),
      { maxLength: 2 },
    ),
    from: fc.oneof({ weight: 6, arbitrary: fc.constant(true) }, fc.constant(false)),
    fromBlock,
    body: fc.array(randomBlock, { maxLength: 14 }),
    secondFrom: fc.oneof({ weight: 6, arbitrary: fc.constant(false) }, fc.constant(true)),
    tail: fc.array(randomBlock, { maxLength: 4 }),
    ctx: fc.constantFrom<[Record<string, string>, boolean]>(
      [GO_FILES, true],
      [nodeFiles(false), true],
      [{ ...GO_FILES, ...nodeFiles(false) }, true],
      [{}, false],
    ),
  })
  .map((r) => ({
    kind: 'random',
    directives: [],
    escape: '\\' as const,
    blocks: [
      ...r.preArgs.map((a) => ins(a)),
      ...(r.from ? [r.fromBlock] : []),
      ...r.body,
      ...(r.secondFrom ? [r.fromBlock] : []),
      ...r.tail,
    ],
    files: r.ctx[0],
    known: r.ctx[1],
  }));

/** A realistic document with a few random blocks spliced in. */
export const hybridDoc: fc.Arbitrary<Doc> = fc
  .tuple(
    fc.oneof(goDoc, nodeDoc),
    fc.array(fc.tuple(fc.nat(), randomBlock), { minLength: 1, maxLength: 3 }),
  )
  .map(([doc, extra]) => {
    const blocks = [...doc.blocks];
    for (const [at, b] of extra) blocks.splice(1 + (at % blocks.length), 0, b);
    return { ...doc, kind: `${doc.kind}+random`, blocks };
  });

// ---------------------------------------------------------------------------------------------
// Decorations that keep a Dockerfile's meaning: directives, comments and blank lines in odd
// places, continuations (with either escape character), keyword case, indentation.

interface Decoration {
  directives: string[];
  backtick: boolean;
  comments: [number, string][];
  blanks: [number, string][];
  splits: [number, number, number][];
  innerComments: [number, number, string][];
  lowerKeywords: number[];
  indents: [number, string][];
  trailing: [number, string][];
}

const decorationArb: fc.Arbitrary<Decoration> = fc.record({
  directives: fc.subarray(['# syntax=docker/dockerfile:1', '# check=skip=all', '#escape=\\']),
  backtick: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, fc.constant(true)),
  comments: fc.array(fc.tuple(fc.nat(), commentText), { maxLength: 3 }),
  blanks: fc.array(fc.tuple(fc.nat(), fc.constantFrom('', ' ', '\t')), { maxLength: 3 }),
  splits: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat(3)), { maxLength: 4 }),
  innerComments: fc.array(fc.tuple(fc.nat(), fc.nat(), commentText), { maxLength: 2 }),
  lowerKeywords: fc.array(fc.nat(), { maxLength: 3 }),
  indents: fc.array(fc.tuple(fc.nat(), fc.constantFrom(' ', '  ', '\t')), { maxLength: 2 }),
  trailing: fc.array(fc.tuple(fc.nat(), fc.constantFrom(' ', '\t', '  ')), { maxLength: 2 }),
});

function decorate(doc: Doc, d: Decoration): Doc {
  const escape = d.backtick ? '`' : doc.escape;
  const directives = [...d.directives.filter((x) => !x.includes('escape')), ...doc.directives];
  if (d.backtick) directives.push('# escape=`');
  else if (d.directives.includes('#escape=\\')) directives.push('#escape=\\');
  let blocks = doc.blocks.map((b) => ({ ...b, lines: [...b.lines] }));
  const insIndex = () => blocks.map((b, i) => (b.kind === 'ins' ? i : -1)).filter((i) => i >= 0);
  // Continuations: split an instruction's first line at a space.
  for (const [bi, at, indent] of d.splits) {
    const idx = insIndex();
    if (idx.length === 0) break;
    const b = blocks[idx[bi % idx.length]];
    const last = b.heredoc ? 0 : b.lines.length - 1;
    const line = b.lines[last];
    const spaces = [...line.matchAll(/ /g)].map((m) => m.index ?? 0);
    if (spaces.length === 0) continue;
    const cut = spaces[at % spaces.length];
    b.lines.splice(
      last,
      1,
      `${line.slice(0, cut)} ${escape}`,
      `${' '.repeat(indent * 2)}${line.slice(cut + 1)}`,
    );
  }
  // Comment lines inside a continuation (Docker drops them).
  for (const [bi, at, c] of d.innerComments) {
    const multi = blocks.filter((b) => b.kind === 'ins' && !b.heredoc && b.lines.length > 1);
    if (multi.length === 0) break;
    const b = multi[bi % multi.length];
    b.lines.splice(1 + (at % (b.lines.length - 1)), 0, c.trimStart());
  }
  for (const bi of d.lowerKeywords) {
    const idx = insIndex();
    if (idx.length === 0) break;
    const b = blocks[idx[bi % idx.length]];
    b.lines[0] = b.lines[0].replace(/^[A-Z]+/, (k) => k.toLowerCase());
  }
  for (const [bi, sp] of d.indents) {
    const idx = insIndex();
    if (idx.length === 0) break;
    const b = blocks[idx[bi % idx.length]];
    b.lines[0] = sp + b.lines[0];
  }
  for (const [bi, sp] of d.trailing) {
    const idx = insIndex();
    if (idx.length === 0) break;
    const b = blocks[idx[bi % idx.length]];
    const last = b.heredoc ? 0 : b.lines.length - 1;
    b.lines[last] += sp;
  }
  for (const [at, c] of d.comments)
    blocks.splice(at % (blocks.length + 1), 0, { kind: 'comment', lines: [c] });
  for (const [at, s] of d.blanks)
    blocks.splice(at % (blocks.length + 1), 0, { kind: 'blank', lines: [s] });
  blocks = blocks.filter((b) => b.lines.length > 0);
  return { ...doc, directives, escape, blocks };
}

export const decorated = (docs: fc.Arbitrary<Doc>): fc.Arbitrary<Doc> =>
  fc.tuple(docs, decorationArb).map(([doc, d]) => decorate(doc, d));

// ---------------------------------------------------------------------------------------------
// Rendering: line endings, BOM, final newline.

const eolArb = fc.oneof(
  { weight: 6, arbitrary: fc.constant<EolStyle>('lf') },
  { weight: 4, arbitrary: fc.constant<EolStyle>('crlf') },
  { weight: 2, arbitrary: fc.constant<EolStyle>('mixed') },
  { weight: 1, arbitrary: fc.constant<EolStyle>('cr') },
);

export interface RenderOptions {
  eol: EolStyle;
  /** For 'mixed': CRLF (true) or LF (false) for each line in turn. */
  mix: boolean[];
  bom: boolean;
  finalNewline: boolean;
}

const renderArb: fc.Arbitrary<RenderOptions> = fc.record({
  eol: eolArb,
  mix: fc.array(fc.boolean(), { minLength: 1, maxLength: 16 }),
  bom: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, fc.constant(true)),
  finalNewline: fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, fc.constant(false)),
});

export function render(doc: Doc, r: RenderOptions): Case {
  const lines = [...doc.directives, ...doc.blocks.flatMap((b) => b.lines)];
  let text = '';
  lines.forEach((line, i) => {
    text += line;
    if (i === lines.length - 1 && !r.finalNewline) return;
    text +=
      r.eol === 'lf'
        ? '\n'
        : r.eol === 'crlf'
          ? '\r\n'
          : r.eol === 'cr'
            ? '\r'
            : r.mix[i % r.mix.length]
              ? '\r\n'
              : '\n';
  });
  return {
    kind: doc.kind,
    text: (r.bom ? '\uFEFF' : '') + text,
    files: doc.files,
    known: doc.known,
    eol: r.eol,
  };
}

export const rendered = (docs: fc.Arbitrary<Doc>): fc.Arbitrary<Case> =>
  fc.tuple(docs, renderArb).map(([d, r]) => render(d, r));

// ---------------------------------------------------------------------------------------------
// Byte-level mutations of a rendered file.

type Mutation =
  | { op: 'insert'; at: number; s: string }
  | { op: 'delete'; at: number; n: number }
  | { op: 'duplicate'; at: number; n: number }
  | { op: 'truncate'; at: number }
  | { op: 'swapLines'; a: number; b: number };

const SPECIAL = [
  '\\',
  '`',
  '"',
  "'",
  '\r',
  '\n',
  '\r\n',
  '\\\n',
  '`\r\n',
  '#',
  '[',
  ']',
  '<<EOF\n',
  '$',
  '${',
  '{',
  '}',
  '\uFEFF',
  '\0',
  '\t',
  ' ',
  '=',
  '--',
  '\u2028',
  '\ud800',
  'FROM ',
  '\nFROM scratch\n',
  '\n# escape=`\n',
];

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    op: fc.constant('insert' as const),
    at: fc.nat(),
    s: fc.oneof(
      fc.constantFrom(...SPECIAL),
      fc.string({ unit: 'binary', maxLength: 3 }),
      fc.string({ maxLength: 6 }),
    ),
  }),
  fc.record({
    op: fc.constant('delete' as const),
    at: fc.nat(),
    n: fc.integer({ min: 1, max: 8 }),
  }),
  fc.record({
    op: fc.constant('duplicate' as const),
    at: fc.nat(),
    n: fc.integer({ min: 1, max: 40 }),
  }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('swapLines' as const), a: fc.nat(), b: fc.nat() }),
);

export function mutate(text: string, m: Mutation): string {
  const pos = (n: number) => (text.length === 0 ? 0 : n % (text.length + 1));
  switch (m.op) {
    case 'insert':
      return text.slice(0, pos(m.at)) + m.s + text.slice(pos(m.at));
    case 'delete':
      return text.slice(0, pos(m.at)) + text.slice(pos(m.at) + m.n);
    case 'duplicate': {
      const p = pos(m.at);
      return text.slice(0, p) + text.slice(p, p + m.n) + text.slice(p);
    }
    case 'truncate':
      return text.slice(0, pos(m.at));
    case 'swapLines': {
      const lines = text.split('\n');
      const a = m.a % lines.length;
      const b = m.b % lines.length;
      [lines[a], lines[b]] = [lines[b], lines[a]];
      return lines.join('\n');
    }
  }
}

export const mutated = (cases: fc.Arbitrary<Case>): fc.Arbitrary<Case> =>
  fc
    .tuple(cases, fc.array(mutationArb, { minLength: 1, maxLength: 3 }))
    .map(([c, ms]) => ({ ...c, kind: `${c.kind}~mutated`, text: ms.reduce(mutate, c.text) }));

/** Realistic Go and Node files with harmless decorations: most of them convert. */
export const realisticCase = rendered(decorated(fc.oneof(goDoc, nodeDoc)));

/** Everything: realistic, hybrid, random and byte-mutated files. */
export const anyCase: fc.Arbitrary<Case> = fc.oneof(
  { weight: 4, arbitrary: realisticCase },
  { weight: 2, arbitrary: rendered(decorated(hybridDoc)) },
  { weight: 3, arbitrary: rendered(decorated(randomDoc)) },
  { weight: 3, arbitrary: mutated(fc.oneof(realisticCase, rendered(decorated(randomDoc)))) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }).map(rawCase) },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }).map(rawCase) },
);

function rawCase(text: string): Case {
  return { kind: 'raw', text, files: {}, known: false, eol: 'mixed' };
}

// ---------------------------------------------------------------------------------------------
// The properties.

export const STATUSES = ['converted', 'unchanged', 'declined', 'error'] as const;

export interface Outcome {
  status: string;
  /** Broken properties; empty when all hold. A thrown exception is reported as 'crash: ...'. */
  problems: string[];
  /** Set when the problems are those of a known, reported bug (see KNOWN_ISSUES). */
  known?: string;
}

/**
 * Bugs found by this fuzzer and reported, not yet fixed: an input that shows one of them and
 * breaks a property is counted apart instead of failing the run. FUZZ_STRICT=1 turns this off.
 * Remove an entry once its bug is fixed.
 */
export const KNOWN_ISSUES: { id: string; applies: (lib: Lib, input: string) => boolean }[] = [
  {
    // A path with white space (`WORKDIR /srv/my app`, `COPY ["a b", "/app/"]`) goes unquoted
    // into the added `COPY --from=builder /srv/my app /srv/my app`: Docker reads three sources.
    id: 'copied-path-with-white-space',
    applies: (lib, input) =>
      lib
        .parseDockerfile(input)
        .instructions.some(
          (i) =>
            (i.keyword === 'WORKDIR' && /\s/.test(i.args.trim())) ||
            ((i.keyword === 'COPY' || i.keyword === 'ADD') &&
              (i.exec ?? []).some((w) => /\s/.test(w))),
        ),
  },
  {
    // A copied path that ends in the escape character (`COPY ["x", "`id`"]` under
    // `# escape=``) is written out unquoted, so the added line continues into the next one.
    id: 'copied-path-ends-in-escape',
    applies: (lib, input) => {
      const p = lib.parseDockerfile(input);
      return p.instructions.some(
        (i) =>
          ['COPY', 'ADD', 'WORKDIR'].includes(i.keyword) &&
          (i.exec ?? i.words).some((w) => w.endsWith(p.escape)),
      );
    },
  },
];

/** The line-break style of a text: 'lf', 'crlf', 'none' or 'mixed' (a lone CR counts as mixed). */
export function eolOf(text: string): 'lf' | 'crlf' | 'none' | 'mixed' {
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/\n/g) ?? []).length - crlf;
  const cr = (text.match(/\r/g) ?? []).length - crlf;
  if (cr > 0 || (crlf > 0 && lf > 0)) return 'mixed';
  if (crlf > 0) return 'crlf';
  if (lf > 0) return 'lf';
  return 'none';
}

/**
 * The builder stage of a converted file must be the original text with only ` AS builder` after
 * the image (when the stage had no name), one `ENV CGO_ENABLED=0` line inserted at a line
 * start and, after a start rewrite (src/providers/start-rewrite.ts), its `RUN go build`,
 * `RUN dotnet publish ... -o /app/publish`, `RUN mvn ... package` or `RUN gradle ... bootJar`
 * line (with the cache mounts of the stage's steps that run the same tool) after the original
 * lines; then at most a few line breaks and the appended runtime stage.
 */
export function builderProblem(lib: Lib, input: string, output: string): string | null {
  const stage = lib.parseDockerfile(input).stages[0];
  let rest = output;
  let orig = input;
  if (!stage.name) {
    const head = input.slice(0, stage.imageEnd);
    if (!output.startsWith(`${head} AS builder`))
      return 'the FROM line changed beyond an inserted " AS builder"';
    rest = output.slice(head.length + ' AS builder'.length);
    orig = input.slice(stage.imageEnd);
  }
  const tailOk = (after: string) => /^(\r\n|\n|\r){0,3}FROM /i.test(after);
  if (rest.startsWith(orig) && tailOk(rest.slice(orig.length))) return null;
  // A start rewrite adds its build step as the builder's last line, after the original ones.
  const startBuild =
    /^(\r\n|\n|\r)?RUN (?:--mount=type=cache,[\w./=,-]+ )*(?:go build ([^\r\n;&|`$]* )?-o \/usr\/local\/bin\/[\w.-]+ [^\r\n;&|`$]*|(?:--mount=type=cache,[\w./=,-]+ )*(?:mvn|\.\/mvnw|(?:\/bin\/|\/usr\/bin\/)?(?:sh|bash) (?:\.\/)?mvnw)(?: [\w./:=,@%+-]+)* (?:package|verify|install)(?: [\w./:=,@%+-]+)*|(?:--mount=type=cache,[\w./=,-]+ )*(?:gradle|\.\/gradlew|(?:\/bin\/|\/usr\/bin\/)?(?:sh|bash) (?:\.\/)?gradlew)(?: [\w./:=,@%+-]+)* bootJar(?: [\w./:=,@%+-]+)*)(\r\n|\n)/;
  const dotnetPublish =
    /^(\r\n|\n|\r)?RUN (?:--mount=type=cache,[\w./=,-]+ )*dotnet publish [\w./+-]+\.[cfv]sproj -c [\w.+-]+( -f [\w.+-]+)?( --no-restore| (-p|--property):[\w.]+=[\w.;,/+-]*)* -o \/app\/publish(\r\n|\n)/;
  const cargoBuild =
    /^(\r\n|\n|\r)?RUN cargo( \+[\w.-]+)? build( |(?=\r?\n))[^\r\n;&|`$]*(\r\n|\n)/;
  const nodeTsc =
    /^(\r\n|\n|\r)?RUN (?:npx tsc -p [\w./-]+|npm run [\w:.-]+|npx nest build(?: (?:-[cp] |--(?:config|path)[ =])[\w@./-]+)*)(\r\n|\n)/;
  const built = (after: string) =>
    tailOk(after) ||
    tailOk(after.replace(nodeTsc, '')) ||
    tailOk(after.replace(cargoBuild, '')) ||
    tailOk(after.replace(startBuild, '')) ||
    tailOk(after.replace(dotnetPublish, ''));
  if (rest.startsWith(orig) && built(rest.slice(orig.length))) return null;
  const env = /ENV CGO_ENABLED=0(\r\n|\n)/g;
  for (let m = env.exec(rest); m; m = env.exec(rest)) {
    const at = m.index;
    const lineStart = at === 0 || rest[at - 1] === '\n' || rest[at - 1] === '\r';
    const without = rest.slice(0, at) + rest.slice(at + m[0].length);
    if (lineStart && without.startsWith(orig) && built(without.slice(orig.length))) return null;
  }
  return 'the builder stage differs from the original beyond " AS builder", an ENV CGO_ENABLED=0 line and a start rewrite\'s build step';
}

/** Runs convert() on one input and checks every robustness property. Never throws. */
export function checkCase(lib: Lib, c: Case): Outcome {
  const problems: string[] = [];
  let r: ConvertResult;
  const ctx = () => new lib.MemoryContext(c.files, c.known);
  try {
    r = lib.convert(c.text, ctx());
  } catch (e) {
    return { status: 'crash', problems: [`crash: ${(e as Error).stack ?? String(e)}`] };
  }
  if (!(STATUSES as readonly string[]).includes(r.status)) problems.push(`status ${r.status}`);
  if (r.status !== 'converted') {
    if (r.output !== c.text) problems.push(`${r.status} but the output differs from the input`);
    if (typeof r.reason !== 'string' || r.reason.trim() === '')
      problems.push(`${r.status} without a reason`);
    if (!r.code) problems.push(`${r.status} without a code`);
    return { status: r.status, problems };
  }
  const out = r.output;
  // The parser joined continuations as Docker does: no line break is left in the arguments of
  // an instruction without a heredoc (comment and blank lines inside a continuation dropped).
  for (const i of lib.parseDockerfile(c.text).instructions) {
    if (!i.heredoc && /[\r\n]/.test(i.args))
      problems.push(`line ${i.line + 1}: a line break left in the arguments of ${i.keyword}`);
  }
  if (out.startsWith('\uFEFF') !== c.text.startsWith('\uFEFF'))
    problems.push('BOM presence changed');
  const style = eolOf(c.text);
  if ((style === 'lf' || style === 'crlf') && eolOf(out) !== style)
    problems.push(`line endings changed from ${style} to ${eolOf(out)}`);
  const builder = builderProblem(lib, c.text, out);
  if (builder) problems.push(builder);
  try {
    const reparsed = lib.parseDockerfile(out);
    if (reparsed.stages.length < 2) problems.push('converted output has fewer than 2 stages');
    // msconvert copies one path to one destination per COPY --from: more words mean a path
    // with white space went out unquoted.
    for (const st of reparsed.stages.slice(1)) {
      for (const i of st.instructions) {
        if (i.keyword === 'COPY' && i.flags.some((f) => f.name === 'from') && !i.exec) {
          if (i.words.length !== 2)
            problems.push(`added "${i.raw}" copies ${i.words.length - 1} paths`);
        }
      }
    }
    const again = lib.convert(out, ctx());
    if (again.status !== 'unchanged')
      problems.push(`converting the output again gives ${again.status}: ${again.reason}`);
    else if (again.output !== out) problems.push('second conversion changed the text');
  } catch (e) {
    problems.push(`crash on the second pass: ${(e as Error).stack ?? String(e)}`);
  }
  if (problems.length > 0 && !process.env.FUZZ_STRICT) {
    const known = KNOWN_ISSUES.find((k) => k.applies(lib, c.text));
    if (known) return { status: r.status, problems, known: known.id };
  }
  return { status: r.status, problems };
}

// ---------------------------------------------------------------------------------------------
// Shared by the robustness suites that run the built CLI.

/**
 * Fails when dist/ is missing or older than a source file. It used to rebuild dist/ itself, but
 * suites run in parallel: a rebuild from one suite rewrote dist/ under the CLI that another
 * suite (or the same suite's other worker) was running, and those runs failed only in full,
 * loaded runs. `npm test` builds once before Jest starts.
 */
export function ensureBuilt(root: string): void {
  const newest = (dir: string, ext: string): number => {
    let t = 0;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) t = Math.max(t, newest(p, ext));
      else if (e.name.endsWith(ext)) t = Math.max(t, fs.statSync(p).mtimeMs);
    }
    return t;
  };
  const built = path.join(root, 'dist', 'cli', 'index.js');
  if (fs.existsSync(built) && fs.statSync(built).mtimeMs >= newest(path.join(root, 'src'), '.ts'))
    return;
  throw new Error(
    'dist/ is missing or older than src/: run npm run build first (npm test does it), or npm test',
  );
}
