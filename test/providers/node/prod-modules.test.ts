// The production-modules stage: the prune moves out of the builder's line of descent only when
// the replayed steps give the builder's own node_modules, and a source change leaves them alone.
import { convert, MemoryContext } from '../../../src';
import { lock, pkg } from '../fixtures';

const IN_ORDER =
  'FROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nCMD ["node","server.js"]\n';
const files = (extra: Record<string, string> = {}) => ({
  'package.json': pkg(),
  'package-lock.json': lock({ typescript: { dev: true } }),
  'server.js': "require('express')",
  ...extra,
});

function run(df: string, ctxFiles: Record<string, string>, cache = false) {
  const ctx = new MemoryContext(ctxFiles);
  const r = convert(df, ctx, cache ? { cache: true } : {});
  expect(r.status).toBe('converted');
  expect(convert(r.output, ctx).status).toBe('unchanged');
  return r.output.slice(df.length);
}

describe('production modules from a stage of their own', () => {
  it('replays the steps up to the install, prunes there, and swaps the builder folder', () => {
    expect(run(IN_ORDER, files())).toContain(
      [
        'FROM node:20 AS production-modules',
        'WORKDIR /app',
        'COPY package.json package-lock.json ./',
        'RUN npm ci',
        'RUN npm prune --omit=dev',
        '',
        'FROM builder AS production-deps',
        'RUN find /app/node_modules -mindepth 1 -delete',
        'COPY --from=production-modules /app/node_modules /app/node_modules',
        '',
        'FROM gcr.io/distroless/nodejs20-debian12',
        'COPY --from=production-deps /app /app',
      ].join('\n'),
    );
  });

  it('prunes as root where the install ran as another user, in a stage that keeps its flags', () => {
    const df =
      'FROM --platform=linux/amd64 node:20\nWORKDIR /home/node/app\nUSER node\nCOPY --chown=node package*.json ./\nRUN npm ci\nCOPY --chown=node . .\nCMD ["node","server.js"]\n';
    const out = run(df, files());
    expect(out).toContain(
      'FROM --platform=linux/amd64 node:20 AS production-modules\nWORKDIR /home/node/app\nUSER node\nCOPY --chown=node package*.json ./\nRUN npm ci\nUSER root\nRUN npm prune --omit=dev',
    );
    expect(out).toContain('FROM builder AS production-deps\nUSER root\nRUN find');
  });

  it('repeats the cache mount of --cache and stays one install for BuildKit', () => {
    const out = run(IN_ORDER, files(), true);
    expect(out).toContain(
      'FROM node:20 AS production-modules\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN --mount=type=cache,target=/root/.npm npm ci\nRUN npm prune --omit=dev',
    );
  });

  it('follows a local dependency folder copied before the install', () => {
    const df =
      'FROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\nCOPY lib ./lib\nRUN npm ci\nCOPY . .\nCMD ["node","server.js"]\n';
    const out = run(
      df,
      files({
        'package.json': pkg({ dependencies: { express: '^4', mylib: 'file:./lib' } }),
        'lib/package.json': '{"name":"mylib"}',
        'lib/index.js': '',
      }),
    );
    expect(out).toContain('AS production-modules');
  });

  it.each([
    [
      'a RUN after the install may write into node_modules (a build cache, a generated client)',
      IN_ORDER.replace('CMD', 'RUN npx prisma generate\nCMD'),
      files(),
    ],
    [
      'the install sees a source folder',
      'FROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\nCOPY src ./src\nRUN npm ci\nCOPY . .\nCMD ["node","server.js"]\n',
      files({ 'src/a.js': '' }),
    ],
    [
      'the install sees the whole context',
      'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["node","server.js"]\n',
      files(),
    ],
    [
      'the context holds a node_modules that COPY . . brings over the installed one',
      IN_ORDER,
      files({ 'node_modules/left/index.js': '' }),
    ],
    [
      'a later COPY puts another package.json where the prune reads it',
      'FROM node:20\nWORKDIR /app\nCOPY deploy/package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nCMD ["node","server.js"]\n',
      files({ 'deploy/package.json': pkg({ devDependencies: {} }) }),
    ],
    [
      'a later ENV changes how npm prunes',
      IN_ORDER.replace('COPY . .', 'ENV npm_config_production=false\nCOPY . .'),
      files(),
    ],
    [
      'npm install may rewrite the lock and COPY . . puts the context one back',
      IN_ORDER.replace('npm ci', 'npm install'),
      files(),
    ],
    [
      'a later COPY writes into node_modules',
      IN_ORDER.replace('COPY . .', 'COPY . .\nCOPY patch.js node_modules/express/patch.js'),
      files({ 'patch.js': '' }),
    ],
  ])('keeps the prune in the builder when %s', (_name, df, ctxFiles) => {
    const out = run(df, ctxFiles);
    expect(out).not.toContain('production-modules');
    expect(out).toContain(
      'FROM builder AS production-deps\nWORKDIR /app\nRUN npm prune --omit=dev',
    );
  });

  it('npm install is followed when no later COPY brings the lock back', () => {
    const df = IN_ORDER.replace('npm ci', 'npm install').replace('COPY . .', 'COPY server.js ./');
    expect(run(df, files())).toContain('RUN npm install\nRUN npm prune --omit=dev');
  });

  it('an ignored context node_modules is no obstacle', () => {
    const out = run(
      IN_ORDER,
      files({ 'node_modules/left/index.js': '', '.dockerignore': 'node_modules\n' }),
    );
    expect(out).toContain('AS production-modules');
  });
});
