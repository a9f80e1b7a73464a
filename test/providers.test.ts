// Table tests per provider: what each one matches (and must not), and the decisions it makes.
import { convert, MemoryContext } from '../src';
import { detects } from './helpers';
import { goProvider } from '../src/providers/go';
import { nodeProvider } from '../src/providers/node';
import type { Provider } from '../src/providers/contract';

const GO_MAIN =
  'package main\n\nimport "net/http"\n\nfunc main() { http.ListenAndServe(":8080", nil) }\n';
const GO_MOD = 'module example.com/shop/api\n\ngo 1.19\n';

describe('go provider detection', () => {
  it.each([
    ['FROM golang:1.22\nRUN go build -o /app .\nCMD ["/app"]\n', true],
    ['FROM golang:1.22-alpine\nCMD ["go","version"]\n', true],
    ['FROM debian:12\nRUN go build -o /x .\nCMD ["/x"]\n', true],
    ['FROM node:20\nRUN npm ci\nCMD ["node","x.js"]\n', false],
    ['FROM python:3.12\nRUN pip install -r r.txt\nCMD ["python","app.py"]\n', false],
    ['FROM debian:12\nRUN echo golang > /x\nCMD ["cat","/x"]\n', false],
  ])('%j -> %s', (df, expected) => {
    expect(detects(goProvider, df)).toBe(expected);
  });
});

describe('node provider detection', () => {
  it.each([
    ['FROM node:20\nCMD ["node","x.js"]\n', true],
    ['FROM debian:12\nRUN npm ci\nCMD ["node","x.js"]\n', true],
    ['FROM golang:1.22\nRUN go build -o /a .\nCMD ["/a"]\n', false],
    ['FROM ruby:3\nRUN bundle install\nCMD ["ruby","a.rb"]\n', false],
    ['FROM nginx:1.27\nCOPY site /usr/share/nginx/html\n', false],
  ])('%j -> %s', (df, expected) => {
    expect(detects(nodeProvider, df)).toBe(expected);
  });
});

const goCtx = (extra: Record<string, string> = {}) =>
  new MemoryContext({ 'go.mod': GO_MOD, 'main.go': GO_MAIN, ...extra });

describe('go conversions', () => {
  it.each([
    {
      name: 'static binary on distroless with CGO_ENABLED=0 inserted',
      df: 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /bin/app .\nCMD ["/bin/app"]\n',
      ctx: goCtx(),
      has: [
        'ENV CGO_ENABLED=0\nRUN go build',
        'FROM gcr.io/distroless/static-debian12',
        'COPY --from=builder /bin/app /bin/app',
      ],
    },
    {
      name: 'default binary name from the module path',
      df: 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build\nCMD ["./api"]\n',
      ctx: goCtx(),
      has: ['COPY --from=builder /src/api /src/api'],
    },
    {
      name: 'major-version suffix is skipped in the default name',
      df: 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build\nCMD ["./tool"]\n',
      ctx: new MemoryContext({ 'go.mod': 'module example.com/tool/v2\n', 'main.go': GO_MAIN }),
      has: ['COPY --from=builder /src/tool /src/tool'],
    },
    {
      name: 'cgo from import "C" keeps glibc',
      df: 'FROM golang:1.22-bookworm\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n',
      ctx: goCtx({ 'c.go': 'package main\n\n// int f() { return 1; }\nimport "C"\n' }),
      has: ['FROM gcr.io/distroless/base-debian12'],
      lacks: ['CGO_ENABLED=0'],
    },
    {
      name: 'go-sqlite3 in go.mod keeps cgo',
      df: 'FROM golang:1.22-bookworm\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n',
      ctx: goCtx({ 'go.mod': `${GO_MOD}\nrequire github.com/mattn/go-sqlite3 v1.14.22\n` }),
      has: ['FROM gcr.io/distroless/base-debian12'],
    },
    {
      name: 'trixie builder gets a trixie runtime for cgo',
      df: 'FROM golang:1.25\nENV CGO_ENABLED=1\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n',
      ctx: goCtx(),
      has: ['FROM gcr.io/distroless/base-debian13'],
    },
    {
      name: 'shell-form CMD needs a shell',
      df: 'FROM golang:1.22-bookworm\nWORKDIR /src\nCOPY . .\nRUN go build -o app .\nCMD ./app --port $PORT\n',
      ctx: goCtx(),
      has: ['FROM debian:bookworm-slim', 'ca-certificates'],
    },
    {
      name: 'HEALTHCHECK with curl installs curl',
      df: 'FROM golang:1.22-bookworm\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nHEALTHCHECK CMD ["curl","-f","http://localhost/"]\nCMD ["/app"]\n',
      ctx: goCtx(),
      has: [
        'FROM debian:bookworm-slim',
        'install -y --no-install-recommends ca-certificates curl',
        'HEALTHCHECK CMD ["curl"',
      ],
    },
    {
      name: 'ARG before FROM and ldflags ARG are re-declared where used',
      df: 'ARG GO=1.22\nFROM golang:${GO}\nARG VERSION=dev\nENV APP_VERSION=$VERSION\nWORKDIR /src\nCOPY . .\nRUN go build -ldflags "-X main.v=${VERSION}" -o /app .\nCMD ["/app"]\n',
      ctx: goCtx(),
      has: [
        'FROM golang:${GO} AS builder',
        'FROM gcr.io/distroless/static-debian12\nARG VERSION=dev\n',
        'ENV APP_VERSION=$VERSION',
      ],
    },
    {
      name: 'templates and config read at run time are copied',
      df: 'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nCMD ["./server"]\n',
      ctx: goCtx({
        'serve.go': 'package main\n\nvar t, c, w = "templates/*.html", "config", "./web"\n',
        'templates/index.html': '<p>',
        'config.yaml': 'a: 1',
        'web/x.css': '',
      }),
      has: [
        'COPY --from=builder /app/templates /app/templates',
        'COPY --from=builder /app/config.yaml /app/config.yaml',
        'COPY --from=builder /app/web /app/web',
      ],
    },
    {
      name: 'a nested folder the source names is copied, not its parent',
      df: 'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o server ./cmd/server\nCMD ["./server"]\n',
      ctx: goCtx({
        'cmd/server/main.go':
          'package main\n\nvar t = "internal/views/*.html"\nvar c = "/etc/app/app.toml"\n',
        'internal/views/index.html': '<p>',
        'internal/db/db.go': 'package db',
      }),
      has: [
        'COPY --from=builder /app/internal/views /app/internal/views',
        'COPY --from=builder /app/server /app/server',
      ],
      lacks: ['/app/internal/db', 'COPY --from=builder /app/internal /app/internal'],
    },
    {
      name: 'a user created in the builder brings the user database',
      df: 'FROM golang:1.22\nRUN useradd -m app\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nUSER app\nCMD ["/app"]\n',
      ctx: goCtx(),
      has: [
        'COPY --from=builder /etc/passwd /etc/passwd',
        'COPY --from=builder --chown=app /home/app /home/app',
        'USER app',
      ],
    },
    {
      name: 'runtime OS packages are installed, build ones stay behind',
      df: 'FROM golang:1.22-bookworm\nRUN apt-get update && apt-get install -y gcc make libpq-dev ffmpeg\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n',
      ctx: goCtx(),
      has: [
        'FROM debian:bookworm-slim',
        'install -y --no-install-recommends ffmpeg ca-certificates',
      ],
      lacks: ['libpq5', ' make', 'gcc'],
    },
    {
      name: 'a tool the Go source runs (git, in the golang image) comes along',
      df: 'FROM golang:1.22-bookworm\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n',
      ctx: goCtx({
        'git.go':
          'package main\n\nimport "os/exec"\n\nfunc rev() { exec.Command("git", "rev-parse", "HEAD").Run() }\n',
      }),
      has: ['FROM debian:bookworm-slim', 'install -y --no-install-recommends ca-certificates git'],
    },
    {
      name: 'a data folder made and chowned in the original comes with its owner',
      df: 'FROM golang:1.22\nRUN useradd app && mkdir -p /data && chown app /data\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nUSER app\nCMD ["/app"]\n',
      ctx: goCtx(),
      has: ['COPY --from=builder --chown=app /data /data'],
      lacks: ['COPY --from=builder /src '],
    },
    {
      name: 'CMD after an exec-form ENTRYPOINT is its arguments, not a command',
      df: 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nENTRYPOINT ["/app"]\nCMD ["--port", "8080"]\n',
      ctx: goCtx(),
      has: [
        'FROM gcr.io/distroless/static-debian12',
        'ENTRYPOINT ["/app"]\nCMD ["--port", "8080"]',
      ],
    },
    {
      name: 'go install puts the binary on PATH',
      df: 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go install .\nCMD ["api"]\n',
      ctx: goCtx(),
      has: ['COPY --from=builder /go/bin /go/bin', 'ENV PATH=/go/bin:$PATH'],
    },
    {
      name: 'alpine stays alpine',
      df: 'FROM golang:1.22-alpine3.20\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n',
      ctx: goCtx(),
      has: ['FROM alpine:3.20', 'apk add --no-cache ca-certificates tzdata'],
    },
  ])('$name', ({ df, ctx, has, lacks }) => {
    const r = convert(df, ctx);
    expect(r.status).toBe('converted');
    for (const h of has) expect(r.output).toContain(h);
    for (const l of lacks ?? []) expect(r.output.slice(df.length)).not.toContain(l);
    expect(convert(r.output, ctx).status).toBe('unchanged');
  });

  it.each([
    [
      'go run at start',
      'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nCMD ["go","run","."]\n',
      'MSC005',
    ],
    ['nothing built', 'FROM golang:1.22\nCOPY bin/app /app\nCMD ["/app"]\n', 'MSC006'],
    ['no CMD', 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\n', 'MSC006'],
    [
      'idle dev container',
      'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD tail -f /dev/null\n',
      'MSC006',
    ],
    [
      'unknown start command',
      'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD ["/opt/tool/run"]\n',
      'MSC008',
    ],
    [
      'windows',
      'FROM golang:1.22-windowsservercore-ltsc2022\nRUN go build -o app.exe .\nCMD ["app.exe"]\n',
      'MSC004',
    ],
    [
      'variable output name',
      'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o $OUT .\nCMD ["/app"]\n',
      'MSC007',
    ],
    [
      'ONBUILD',
      'FROM golang:1.22\nONBUILD COPY . /src\nRUN go build -o /app .\nCMD ["/app"]\n',
      'MSC010',
    ],
    [
      'builder image from an ARG without default',
      'ARG IMG\nFROM $IMG\nRUN go build -o /app .\nCMD ["/app"]\n',
      'MSC015',
    ],
    [
      'unknown -dev library',
      'FROM golang:1.22\nENV CGO_ENABLED=1\nRUN apt-get install -y libfoo-dev\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n',
      'MSC009',
    ],
  ])('declines: %s', (_name, df, code) => {
    const r = convert(df, goCtx());
    expect(r.status).toBe('declined');
    expect(r.code).toBe(code);
    expect(r.reason).toMatch(/\w/);
    expect(r.output).toBe(df);
  });
});

const pkg = (extra: object = {}) =>
  JSON.stringify({
    name: 'app',
    scripts: { start: 'node server.js', build: 'tsc' },
    dependencies: { express: '^4' },
    devDependencies: { typescript: '^5' },
    ...extra,
  });

/** A package-lock.json (v3) with these packages besides the app's own. */
const lock = (packages: Record<string, object>) =>
  JSON.stringify({
    lockfileVersion: 3,
    packages: Object.fromEntries([
      ['', { name: 'app' }],
      ['node_modules/express', {}],
      ...Object.entries(packages).map(([k, v]) => [`node_modules/${k}`, v]),
    ]),
  });

describe('node conversions', () => {
  it.each([
    {
      name: 'an app in /usr/src (empty in the base image) is copied whole, views included',
      df: 'FROM node:20\nWORKDIR /usr/src\nCOPY package*.json ./\nRUN npm install\nCOPY . .\nCMD ["npm","start"]\n',
      files: {
        'package.json': '{"scripts":{"start":"node index.js"},"dependencies":{"express":"4"}}',
        'index.js': "require('express')",
        'views/index.ejs': 'x',
      },
      has: ['COPY --from=builder /usr/src /usr/src'],
      lacks: ['/usr/src/package.json /usr/src/package.json'],
    },
    {
      name: 'slim runtime and a prune stage',
      df: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nCMD ["node","dist/index.js"]\n',
      files: {
        'package.json': pkg(),
        'package-lock.json': '{}',
        'tsconfig.json': '{ "compilerOptions": { "outDir": "dist", "rootDir": "src" } }',
        'src/index.ts': "import express from 'express';\nimport type { Request } from 'undici';\n",
      },
      has: [
        'FROM builder AS production-deps\nWORKDIR /app\nRUN npm prune --omit=dev',
        'FROM node:20-slim',
        'COPY --from=production-deps /app /app',
      ],
    },
    {
      name: 'codename tags keep their release',
      df: 'FROM node:20-bookworm\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nCMD ["node","server.js"]\n',
      files: { 'package.json': pkg() },
      has: ['FROM node:20-bookworm-slim'],
      lacks: ['production-deps'],
    },
    {
      name: 'alpine stays alpine and build packages stay behind',
      df: 'FROM node:20-alpine\nRUN apk add --no-cache python3 make g++\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nCMD ["node","server.js"]\n',
      files: { 'package.json': pkg({ dependencies: { bcrypt: '^5' } }) },
      has: ['FROM node:20-alpine\n'],
      lacks: ['apk add'],
    },
    {
      name: 'yarn prunes with yarn',
      df: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN yarn install --frozen-lockfile && yarn build\nCMD ["node","out/index.js"]\n',
      files: { 'package.json': pkg(), 'yarn.lock': '', 'src/index.js': "require('express')" },
      has: ['RUN yarn install --production --frozen-lockfile --ignore-scripts --prefer-offline'],
    },
    {
      name: 'pnpm prunes with pnpm',
      df: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN corepack enable && pnpm install --frozen-lockfile\nCMD ["node","server.js"]\n',
      files: { 'package.json': pkg(), 'pnpm-lock.yaml': '', 'server.js': "require('express')" },
      has: ['RUN pnpm prune --prod'],
    },
    {
      name: 'node_modules outside the app folder are copied at their path',
      df: 'FROM node:20\nWORKDIR /opt/deps\nCOPY package.json .\nRUN npm ci --omit=dev\nENV NODE_PATH=/opt/deps/node_modules\nWORKDIR /opt/app\nCOPY . .\nCMD ["node","index.js"]\n',
      files: { 'package.json': pkg(), 'index.js': '' },
      has: [
        'COPY --from=builder /opt/app /opt/app',
        'COPY --from=builder /opt/deps /opt/deps',
        'ENV NODE_PATH=/opt/deps/node_modules',
      ],
    },
    {
      name: 'modules installed in a parent folder of the app are copied (WORKDIR /opt, then /opt/app)',
      df: 'FROM node:20\nWORKDIR /opt\nCOPY package.json .\nRUN npm ci --omit=dev\nWORKDIR /opt/app\nCOPY . .\nCMD ["node","index.js"]\n',
      files: { 'package.json': pkg(), 'index.js': "require('express')" },
      has: [
        'COPY --from=builder /opt/app /opt/app',
        'COPY --from=builder /opt/node_modules /opt/node_modules',
      ],
    },
    {
      name: 'modules moved to /node_modules are copied there',
      df: 'FROM node:20\nWORKDIR /usr/local/app\nCOPY . .\nRUN npm ci && mv /usr/local/app/node_modules /node_modules\nCMD ["node","index.js"]\n',
      files: { 'package.json': pkg(), 'index.js': "require('express')" },
      has: ['COPY --from=builder /node_modules /node_modules'],
      lacks: ['production-deps'],
      warn: 'MSC108',
    },
    {
      name: 'modules copied into a parent folder with cp -r are copied there',
      df: 'FROM node:20\nWORKDIR /build\nCOPY package.json .\nRUN npm ci --omit=dev && cp -r node_modules /srv/\nWORKDIR /srv/app\nCOPY . .\nCMD ["node","index.js"]\n',
      files: { 'package.json': pkg(), 'index.js': "require('express')" },
      has: ['COPY --from=builder /srv/node_modules /srv/node_modules'],
    },
    {
      name: 'npm ci --prefix fills a folder that NODE_PATH names',
      df: 'FROM node:20\nCOPY package.json /deps/\nRUN npm ci --omit=dev --prefix /deps\nENV NODE_PATH=/deps/node_modules\nWORKDIR /app\nCOPY . .\nCMD ["node","index.js"]\n',
      files: { 'package.json': pkg(), 'index.js': "require('express')" },
      has: ['COPY --from=builder /deps /deps', 'ENV NODE_PATH=/deps/node_modules'],
    },
    {
      name: 'a link to modules outside the app brings its target',
      df: 'FROM node:20\nWORKDIR /opt/deps\nCOPY package.json .\nRUN npm ci --omit=dev\nWORKDIR /srv/app\nCOPY . .\nRUN ln -s /opt/deps/node_modules /srv/node_modules\nCMD ["node","index.js"]\n',
      files: { 'package.json': pkg(), 'index.js': "require('express')" },
      has: [
        'RUN mkdir -p /srv && ln -s /opt/deps/node_modules /srv/node_modules',
        'COPY --from=builder /opt/deps /opt/deps',
      ],
    },
    {
      name: 'global modules that NODE_PATH names are copied',
      df: 'FROM node:20\nRUN npm install -g express\nENV NODE_PATH=/usr/local/lib/node_modules\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nCMD ["node","index.js"]\n',
      files: { 'package.json': pkg(), 'index.js': "require('express')" },
      has: ['COPY --from=builder /usr/local/lib/node_modules /usr/local/lib/node_modules'],
    },
    {
      name: 'NODE_PATH given on the start command counts',
      df: 'FROM node:20\nWORKDIR /srv\nCOPY package.json .\nRUN npm ci --omit=dev\nWORKDIR /app\nCOPY . .\nCMD NODE_PATH=/srv/node_modules node index.js\n',
      files: { 'package.json': pkg(), 'index.js': "require('express')" },
      has: ['COPY --from=builder /srv/node_modules /srv/node_modules'],
    },
    {
      name: "Yarn 4 Plug'n'Play packages in the global cache come along",
      df: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN corepack enable && yarn install --immutable\nCMD ["yarn","node","server.js"]\n',
      files: {
        'package.json': pkg({ packageManager: 'yarn@4.1.0' }),
        'yarn.lock': '',
        'server.js': "require('express')",
      },
      has: ['COPY --from=builder /root/.yarn/berry/cache /root/.yarn/berry/cache'],
    },
    {
      name: "Yarn 3 Plug'n'Play keeps its cache in the project",
      df: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN corepack enable && yarn install --immutable\nCMD ["yarn","node","server.js"]\n',
      files: {
        'package.json': pkg({ packageManager: 'yarn@3.6.4' }),
        '.yarnrc.yml': 'yarnPath: .yarn/releases/yarn-3.6.4.cjs\n',
        'server.js': "require('express')",
      },
      lacks: ['.yarn/berry'],
    },
    {
      name: "pnpm's virtual store moved out of the app by .npmrc comes along",
      df: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN corepack enable && pnpm install --frozen-lockfile --prod\nCMD ["node","server.js"]\n',
      files: {
        'package.json': pkg(),
        'pnpm-lock.yaml': '',
        '.npmrc': 'virtual-store-dir=/pnpm-store/virtual\n',
        'server.js': "require('express')",
      },
      has: ['COPY --from=builder /pnpm-store/virtual /pnpm-store/virtual'],
    },
    {
      name: 'files copied out of one package with a pattern leave the modules where they are',
      df: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev && cp -r node_modules/bootstrap/dist/* public/ && ln -s /app/node_modules/.bin/knex /usr/local/bin/knex\nCMD ["node","server.js"]\n',
      files: { 'package.json': pkg(), 'server.js': "require('express')" },
      has: ['COPY --from=builder /app /app'],
    },
    {
      name: 'npm start keeps working, with a warning',
      df: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nCMD ["npm","start"]\n',
      files: { 'package.json': pkg() },
      has: ['CMD ["npm","start"]'],
      warn: 'MSC101',
    },
    {
      name: 'a devDependency used at start is kept',
      df: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["npm","start"]\n',
      files: {
        'package.json': pkg({
          scripts: { start: 'dotenv -- node server.js' },
          devDependencies: { 'dotenv-cli': '^7' },
        }),
      },
      lacks: ['production-deps'],
      warn: 'MSC102',
    },
    {
      name: 'a devDependency the app requires is kept',
      df: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["node","server.js"]\n',
      files: {
        'package.json': pkg({ devDependencies: { dotenv: '^16' } }),
        'server.js': "require('./lib/config');\nrequire('express');\n",
        'lib/config.js': "require('dotenv').config();\n",
      },
      lacks: ['production-deps'],
      warn: 'MSC102',
    },
    {
      name: 'a devDependency preloaded with node -r is kept',
      df: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["node","-r","dotenv/config","server.js"]\n',
      files: {
        'package.json': pkg({ devDependencies: { dotenv: '^16' } }),
        'server.js': "require('express');\n",
      },
      lacks: ['production-deps'],
      warn: 'MSC102',
    },
    {
      name: 'an ES module import of a devDependency, through npm start, is kept',
      df: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["npm","start"]\n',
      files: {
        'package.json': pkg({
          scripts: { start: 'node src/main.mjs' },
          devDependencies: { chalk: '^5' },
        }),
        'src/main.mjs': "import express from 'express';\nimport { log } from './log.mjs';\n",
        'src/log.mjs': "export { default as chalk } from 'chalk';\n",
      },
      lacks: ['production-deps'],
      warn: 'MSC102',
    },
    {
      name: 'a package only a devDependency brings (per package-lock.json) is kept',
      df: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["node","server.js"]\n',
      files: {
        'package.json': pkg(),
        'package-lock.json': JSON.stringify({
          lockfileVersion: 3,
          packages: {
            'node_modules/express': {},
            'node_modules/debug': { dev: true },
          },
        }),
        'server.js': "require('express');\nconst debug = require('debug')('app');\n",
      },
      lacks: ['production-deps'],
      warn: 'MSC102',
    },
    {
      name: 'a module loaded by a computed name keeps devDependencies',
      df: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["node","server.js"]\n',
      files: {
        'package.json': pkg(),
        'server.js': "require('express');\nconst driver = require(process.env.DRIVER);\n",
      },
      lacks: ['production-deps'],
      warn: 'MSC111',
    },
    {
      name: 'a built entry whose sources are not in the context keeps devDependencies',
      df: 'FROM node:20\nWORKDIR /app\nCOPY package.json .\nRUN npm ci\nCOPY dist ./dist\nCMD ["node","dist/server.js"]\n',
      files: { 'package.json': pkg() },
      lacks: ['production-deps'],
      warn: 'MSC111',
    },
    {
      name: 'files loaded by a computed path are read too (routes folder)',
      df: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["node","server.js"]\n',
      files: {
        'package.json': pkg({ devDependencies: { supertest: '^6', marked: '^12' } }),
        'server.js':
          "require('express');\nfor (const f of fs.readdirSync('routes')) require(path.join(__dirname, 'routes', f));\n",
        'routes/docs.js': "const marked = require('marked');\n",
        'test/app.test.js': "require('supertest');\n",
      },
      lacks: ['production-deps'],
      warn: 'MSC102',
    },
    {
      name: 'production imports only: pruned, tests and type imports aside',
      df: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["node","server.js"]\n',
      files: {
        'package.json': pkg({ devDependencies: { supertest: '^6', typescript: '^5' } }),
        'server.js':
          "const express = require('express');\nconst fs = require('node:fs');\nrequire('./lib');\n",
        'lib/index.js': "module.exports = require('path').join('a', 'b');\n",
        'test/app.test.js': "require('supertest');\n",
      },
      has: ['RUN npm prune --omit=dev'],
    },
    {
      name: "Prisma's engine gets OpenSSL in a slim runtime",
      df: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev && npx prisma generate\nCMD ["node","server.js"]\n',
      files: {
        'package.json': pkg({ dependencies: { '@prisma/client': '^5', prisma: '^5' } }),
        'package-lock.json': lock({ '@prisma/engines': { hasInstallScript: true } }),
      },
      has: [
        'FROM node:20-slim\nRUN apt-get update && apt-get install -y --no-install-recommends openssl',
      ],
    },
    {
      name: 'a native addon known to link only glibc converts (bcrypt)',
      df: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nCMD ["node","server.js"]\n',
      files: {
        'package.json': pkg({ dependencies: { bcrypt: '^5' } }),
        'package-lock.json': lock({ bcrypt: { hasInstallScript: true } }),
      },
      has: ['FROM node:20-slim\nCOPY'],
    },
    {
      name: 'an unknown native addon in devDependencies only does not matter',
      df: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nCMD ["node","server.js"]\n',
      files: {
        'package.json': pkg(),
        'package-lock.json': lock({ 'node-rdkafka': { hasInstallScript: true, dev: true } }),
      },
      has: ['FROM node:20-slim'],
    },
    {
      name: 'an unknown native addon on Alpine keeps the builder image and converts',
      df: 'FROM node:20-alpine\nRUN apk add --no-cache python3 make g++\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nCMD ["node","server.js"]\n',
      files: {
        'package.json': pkg({ dependencies: { 'node-rdkafka': '^3' } }),
        'package-lock.json': lock({ 'node-rdkafka': { hasInstallScript: true } }),
      },
      has: ['FROM node:20-alpine\n'],
    },
    {
      name: 'a devDependency preloaded through NODE_OPTIONS is kept',
      df: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nENV NODE_OPTIONS="--require dotenv/config"\nCMD ["node","server.js"]\n',
      files: {
        'package.json': pkg({ devDependencies: { dotenv: '^16' } }),
        'server.js': "require('express');\n",
      },
      lacks: ['production-deps'],
      warn: 'MSC102',
    },
    {
      name: 'a workspace package started from its folder: the root install is pruned and copied',
      df: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nWORKDIR /app/packages/api\nCMD ["node","index.js"]\n',
      files: {
        'package.json': pkg({ workspaces: ['packages/*'], devDependencies: { eslint: '^9' } }),
        'package-lock.json': lock({
          '@acme/shared': { link: true },
          eslint: { dev: true },
        }),
        'packages/api/package.json': JSON.stringify({
          name: '@acme/api',
          dependencies: { '@acme/shared': '*', express: '^4' },
        }),
        'packages/api/index.js': "require('@acme/shared');\nrequire('express');\n",
        'packages/shared/index.js': 'module.exports = 1;\n',
      },
      has: [
        'FROM builder AS production-deps\nWORKDIR /app\nRUN npm prune --omit=dev',
        'COPY --from=production-deps /app /app\nWORKDIR /app/packages/api',
      ],
    },
    {
      name: 'a workspace package that loads a devDependency of the root keeps it',
      df: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["node","packages/api/index.js"]\n',
      files: {
        'package.json': pkg({ workspaces: ['packages/*'], devDependencies: { dotenv: '^16' } }),
        'package-lock.json': lock({ dotenv: { dev: true } }),
        'packages/api/index.js': "require('dotenv').config();\nrequire('express');\n",
      },
      lacks: ['production-deps'],
      warn: 'MSC102',
    },
    {
      name: "a package's command that reads the app's config file: what the config loads counts",
      df: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci && npx next build\nCMD ["npx","next","start"]\n',
      files: {
        'package.json': pkg({
          dependencies: { next: '^14', react: '^18' },
          devDependencies: { '@next/bundle-analyzer': '^14' },
        }),
        'next.config.js': "module.exports = require('@next/bundle-analyzer')()({});\n",
      },
      lacks: ['production-deps'],
      warn: 'MSC102',
    },
    {
      name: 'pm2 installed globally is installed again',
      df: 'FROM node:20\nRUN npm install -g pm2\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nCMD ["pm2-runtime","server.js"]\n',
      files: { 'package.json': pkg() },
      has: ['RUN npm install -g pm2'],
      warn: 'MSC106',
    },
    {
      name: 'a tool the JavaScript source spawns (git, in node:20) comes along',
      df: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nCMD ["node","server.js"]\n',
      files: {
        'package.json': pkg(),
        'server.js': "const { execSync } = require('child_process');\nexecSync('git log -1');\n",
      },
      has: [
        'FROM node:20-slim\nRUN apt-get update && apt-get install -y --no-install-recommends git',
      ],
    },
    {
      name: 'Chrome downloaded by puppeteer into the home folder comes along',
      df: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nCMD ["node","server.js"]\n',
      files: { 'package.json': pkg({ dependencies: { puppeteer: '^22.0.0' } }) },
      has: ['COPY --from=builder /root/.cache/puppeteer /root/.cache/puppeteer'],
    },
    {
      name: 'a WORKDIR created under USER node stays owned by node',
      df: 'FROM node:20\nUSER node\nWORKDIR /home/node/app\nCOPY --chown=node . .\nRUN npm ci --omit=dev\nCMD ["node","server.js"]\n',
      files: { 'package.json': pkg() },
      has: ['COPY --from=builder --chown=node /home/node/app /home/node/app'],
    },
    {
      name: 'USER node with chown keeps the owner',
      df: 'FROM node:20\nWORKDIR /home/node/app\nCOPY . .\nRUN npm ci --omit=dev && chown -R node:node .\nUSER node\nCMD ["node","server.js"]\n',
      files: { 'package.json': pkg() },
      has: ['COPY --from=builder --chown=node:node /home/node/app /home/node/app', 'USER node'],
    },
  ])('$name', ({ df, files, has, lacks, warn }) => {
    const ctx = new MemoryContext(files as unknown as Record<string, string>);
    const r = convert(df, ctx);
    expect(r.status).toBe('converted');
    for (const h of has ?? []) expect(r.output).toContain(h);
    for (const l of lacks ?? []) expect(r.output.slice(df.length)).not.toContain(l);
    if (warn) expect(r.warnings.map((w) => w.code)).toContain(warn);
    expect(convert(r.output, ctx).status).toBe('unchanged');
  });

  it.each([
    [
      'nodemon',
      'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["npx","nodemon","server.js"]\n',
      'MSC005',
    ],
    [
      'npm run dev',
      'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["npm","run","dev"]\n',
      'MSC005',
    ],
    [
      'build at start',
      'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD npm run build && node dist/index.js\n',
      'MSC005',
    ],
    ['app in /', 'FROM node:20\nCOPY . .\nRUN npm ci\nCMD ["node","server.js"]\n', 'MSC012'],
    [
      'app copied into a folder the base image fills (/opt holds yarn in node images)',
      'FROM node:20\nWORKDIR /opt\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nCMD ["npm","start"]\n',
      'MSC012',
    ],
    [
      'modules moved to a folder named by a variable',
      'FROM node:20\nARG DEST\nWORKDIR /app\nCOPY . .\nRUN npm ci && mv node_modules $DEST\nCMD ["node","server.js"]\n',
      'MSC017',
    ],
    [
      'modules moved with a pattern',
      'FROM node:20\nWORKDIR /build\nCOPY . .\nRUN npm ci && mv node_modules/* /usr/lib/node/\nCMD ["node","server.js"]\n',
      'MSC017',
    ],
    [
      'modules packed and unpacked elsewhere',
      'FROM node:20\nWORKDIR /build\nCOPY . .\nRUN npm ci && tar cf - node_modules | tar xf - -C /\nWORKDIR /app\nCMD ["node","/build/server.js"]\n',
      'MSC017',
    ],
    [
      'modules renamed to a folder that may or may not exist',
      'FROM node:20\nWORKDIR /build\nCOPY . .\nRUN npm ci && mv node_modules /usr/lib/deps\nENV NODE_PATH=/usr/lib/deps\nCMD ["node","server.js"]\n',
      'MSC017',
    ],
    [
      "Yarn Plug'n'Play of an unknown version (cache in the project or the home folder)",
      'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN yarn install --immutable\nCMD ["node","-r","./.pnp.cjs","server.js"]\n',
      'MSC017',
    ],
    [
      'a native addon whose libraries are unknown, from a full image to slim',
      'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nCMD ["node","server.js"]\n',
      'MSC018',
    ],
    [
      'yarn global modules found through NODE_PATH',
      'FROM node:20\nRUN yarn global add express\nENV NODE_PATH=/usr/local/share/.config/yarn/global/node_modules\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["node","server.js"]\n',
      'MSC017',
    ],
    [
      'nothing installed',
      'FROM node:20\nWORKDIR /app\nCOPY . .\nCMD ["node","server.js"]\n',
      'MSC006',
    ],
    [
      'nothing gained',
      'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev && npm cache clean --force\nCMD ["node","server.js"]\n',
      'MSC006',
    ],
    [
      'alpine runtime for a glibc build',
      'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["node","server.js"]\n',
      'MSC011',
    ],
  ])('declines: %s', (name, df, code) => {
    const ctx = new MemoryContext({
      'package.json': pkg({
        scripts: { start: 'node server.js', dev: 'nodemon server.js', build: 'tsc' },
      }),
      ...(code === 'MSC018'
        ? { 'package-lock.json': lock({ 'node-rdkafka': { hasInstallScript: true } }) }
        : {}),
      ...(name.startsWith('Yarn')
        ? { '.yarnrc.yml': 'yarnPath: .yarn/releases/yarn-berry.cjs\n', 'yarn.lock': '' }
        : {}),
    });
    const r = convert(df, ctx, name.startsWith('alpine') ? { runtime: 'alpine' } : {});
    expect(r.status).toBe('declined');
    expect(r.code).toBe(code);
    expect(r.output).toBe(df);
  });
});

describe('node native addons and --runtime', () => {
  const df =
    'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nCMD ["node","server.js"]\n';
  const ctx = () =>
    new MemoryContext({
      'package.json': pkg({ dependencies: { 'node-rdkafka': '^3' } }),
      'package-lock.json': lock({ 'node-rdkafka': { hasInstallScript: true } }),
    });
  it('keeping the builder image with --runtime converts', () => {
    const r = convert(df, ctx(), { runtime: 'node:20' });
    expect(r.status).toBe('converted');
    expect(r.output.slice(df.length)).toContain('FROM node:20\n');
  });
  it('asking for slim still declines', () => {
    expect(convert(df, ctx(), { runtime: 'slim' }).code).toBe('MSC018');
  });
});

describe('language choice', () => {
  it('declines when Go and Node both build, and --lang settles it', () => {
    const df = 'FROM debian:12\nRUN npm ci && go build -o /app .\nCMD ["/app"]\n';
    const ctx = new MemoryContext({ 'package.json': pkg(), 'go.mod': GO_MOD, 'main.go': GO_MAIN });
    expect(convert(df, ctx).code).toBe('MSC003');
    expect(convert(df, ctx, { lang: 'go' }).language).toBe('go');
  });

  it('declines an unknown language with a hint', () => {
    const r = convert('FROM elixir:1.16\nRUN mix deps.get\nCMD ["mix","run"]\n');
    expect(r.status).toBe('declined');
    expect(r.code).toBe('MSC002');
    expect(r.reason).toContain('elixir:1.16');
  });
});

describe('text is preserved', () => {
  const df =
    '\uFEFF# escape=\\\r\nFROM golang:1.22\r\n# build it\r\nWORKDIR /src\r\nCOPY . .\r\nRUN go build \\\r\n  -o /app .\r\nCMD ["/app"]';
  const r = convert(df, goCtx());
  it('keeps BOM, CRLF, comments and continuations, and adds a final line break', () => {
    expect(r.status).toBe('converted');
    expect(
      r.output.startsWith('\uFEFF# escape=\\\r\nFROM golang:1.22 AS builder\r\n# build it\r\n'),
    ).toBe(true);
    expect(r.output).toContain(
      'RUN go build \\\r\n  -o /app .\r\nCMD ["/app"]\r\n\r\nFROM gcr.io/distroless/static-debian12\r\n',
    );
    expect(r.output.replace(/\r\n/g, '')).not.toContain('\n');
    expect(r.output.endsWith('\r\n')).toBe(true);
  });
  it('keeps a stage name that is already there', () => {
    const named = convert(
      'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n',
      goCtx(),
    );
    expect(named.output).toContain('FROM golang:1.22 AS build\n');
    expect(named.output).toContain('COPY --from=build /app /app');
  });
});
