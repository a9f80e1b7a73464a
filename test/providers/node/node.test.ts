// Table tests of the Node provider: what it matches (and must not), and the decisions it makes.
import { convert, MemoryContext } from '../../../src';
import { nodeProvider } from '../../../src/providers/node';
import { detects } from '../../helpers';
import { lock, pkg } from '../fixtures';

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
        'FROM gcr.io/distroless/nodejs20-debian12',
        'COPY --from=production-deps /app /app',
        'CMD ["dist/index.js"]',
      ],
    },
    {
      name: 'codename tags keep their release',
      df: 'FROM node:20-bookworm\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nCMD ["node","server.js"]\n',
      files: { 'package.json': pkg() },
      has: ['FROM gcr.io/distroless/nodejs20-debian12'],
      lacks: ['production-deps'],
    },
    {
      name: 'a release with no distroless Node.js keeps its slim image',
      df: 'FROM node:20-bullseye\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nCMD ["node","server.js"]\n',
      files: { 'package.json': pkg() },
      has: ['FROM node:20-bullseye-slim', 'CMD ["node","server.js"]'],
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
      has: ['FROM gcr.io/distroless/nodejs20-debian12\nCOPY'],
    },
    {
      name: 'an unknown native addon in devDependencies only does not matter',
      df: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nCMD ["node","server.js"]\n',
      files: {
        'package.json': pkg(),
        'package-lock.json': lock({ 'node-rdkafka': { hasInstallScript: true, dev: true } }),
      },
      has: ['FROM gcr.io/distroless/nodejs20-debian12'],
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
      name: 'pm2 installed globally and run by the npm start script is installed again',
      df: 'FROM node:20-alpine\nRUN npm install pm2 -g\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nCMD ["npm","start"]\n',
      files: {
        'package.json': pkg({
          scripts: { build: 'tsc', start: 'pm2-runtime start ./dist/index.js' },
          devDependencies: { typescript: '^5' },
        }),
      },
      has: ['FROM node:20-alpine\nRUN npm install -g pm2\n'],
      warn: 'MSC106',
    },
    {
      name: 'a script bin the app depends on itself is not a global one',
      df: 'FROM node:20-alpine\nRUN npm install pm2 -g\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nCMD ["npm","start"]\n',
      files: {
        'package.json': pkg({
          scripts: { start: 'pm2-runtime start server.js' },
          dependencies: { pm2: '^5' },
        }),
      },
      lacks: ['npm install -g pm2\n'],
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
    // A plain `nodemon server.js` (also through `npm run dev`) is rewritten to node (MSC186,
    // start-rewrite.test.ts); nodemon running another program is not.
    [
      'nodemon --exec',
      'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["npx","nodemon","--exec","babel-node","server.js"]\n',
      'MSC005',
    ],
    [
      'npm run dev through a watch server',
      'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["npm","run","watch"]\n',
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
        scripts: {
          start: 'node server.js',
          dev: 'nodemon server.js',
          watch: 'webpack serve',
          build: 'tsc',
        },
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

// npm never installs a package whose `os` list leaves Linux out, so its install script cannot
// matter in an image; the static ffmpeg of @ffmpeg-installer links nothing.
describe('install scripts of packages npm skips on Linux', () => {
  const lock = (packages: Record<string, object>) =>
    JSON.stringify({ name: 'app', lockfileVersion: 3, packages: { '': {}, ...packages } });
  const run = (packages: Record<string, object>) =>
    convert(
      'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nCMD ["node","server.js"]\n',
      new MemoryContext({
        'package.json': JSON.stringify({
          name: 'app',
          dependencies: { '@ffmpeg-installer/ffmpeg': '^1.1.0' },
        }),
        'package-lock.json': lock(packages),
        'server.js': "require('@ffmpeg-installer/ffmpeg');\n",
      }),
    );
  const darwin = { hasInstallScript: true, optional: true, os: ['darwin'], cpu: ['arm64'] };
  const notLinux = { hasInstallScript: true, optional: true, os: ['!linux'] };
  const linuxX64 = { hasInstallScript: true, optional: true, os: ['linux'], cpu: ['x64'] };

  it('a darwin-only or !linux package does not decline', () => {
    const r = run({
      'node_modules/@ffmpeg-installer/darwin-arm64': darwin,
      'node_modules/@x/not-linux': notLinux,
      'node_modules/@ffmpeg-installer/linux-x64': linuxX64,
    });
    expect({ status: r.status, reason: r.reason }).toEqual({ status: 'converted', reason: null });
  });

  it('a Linux package with an unknown install script still declines (its CPU is not read)', () => {
    const r = run({
      'node_modules/@x/native-linux': { hasInstallScript: true, os: ['linux'], cpu: ['arm'] },
    });
    expect({ status: r.status, code: r.code }).toEqual({ status: 'declined', code: 'MSC018' });
    expect(r.reason).toContain('@x/native-linux');
  });
});
