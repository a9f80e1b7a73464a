// `nest start [--watch]`: the runtime starts the file the Nest CLI would run (MSC186), after the
// Dockerfile's own `nest build` or, without one, after `RUN npx nest build` added to the builder;
// anything the CLI would decide otherwise stays declined (MSC005).
import { convert, MemoryContext } from '../../../src';

const pkg = (scripts: Record<string, string> = {}, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    name: 'api',
    scripts: {
      build: 'nest build',
      start: 'nest start',
      'start:dev': 'nest start --watch',
      ...scripts,
    },
    dependencies: { '@nestjs/core': '^10.0.0', '@nestjs/common': '^10.0.0' },
    devDependencies: { '@nestjs/cli': '^10.0.0', typescript: '^5.1.3' },
    ...extra,
  });
const TSCONFIG = JSON.stringify({
  compilerOptions: { module: 'commonjs', outDir: './dist', baseUrl: './', target: 'ES2021' },
});
const BUILD_TSCONFIG = JSON.stringify({
  extends: './tsconfig.json',
  exclude: ['node_modules', 'test', 'dist', '**/*spec.ts'],
});
const NEST_CLI = JSON.stringify({ collection: '@nestjs/schematics', sourceRoot: 'src' });

/** The context files; a null in `extra` leaves that file out. */
const files = (extra: Record<string, string | null> = {}) => {
  const all: Record<string, string | null> = {
    'package.json': pkg(),
    'nest-cli.json': NEST_CLI,
    'tsconfig.json': TSCONFIG,
    'tsconfig.build.json': BUILD_TSCONFIG,
    'src/main.ts': "import { NestFactory } from '@nestjs/core';\n",
    'src/app.module.ts': 'export class AppModule {}\n',
    'src/app.controller.spec.ts': 'test("x", () => {});\n',
    'test/app.e2e-spec.ts': 'test("y", () => {});\n',
    ...extra,
  };
  return Object.fromEntries(Object.entries(all).filter(([, v]) => v !== null)) as Record<
    string,
    string
  >;
};
const head = 'FROM node:20\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\n';

function run(
  start: string,
  extra: Record<string, string | null> = {},
  build = 'RUN npm run build\n',
  options: { keepStart?: boolean; head?: string } = {},
) {
  const text = `${options.head ?? head}${build}${start}\n`;
  const r = convert(text, new MemoryContext(files(extra)), { keepStart: options.keepStart });
  if (r.status !== 'converted') return { status: r.status, code: r.code, reason: r.reason };
  const rest = r.output.split(/\n\nFROM /);
  const runtime = rest[rest.length - 1];
  return {
    status: r.status,
    builderKept: r.output.startsWith(text.replace('FROM node:20', 'FROM node:20 AS builder')),
    /** The builder's lines after the original ones (the added build). */
    added: r.output
      .split(/\n\nFROM /)[0]
      .slice(text.replace('FROM node:20', 'FROM node:20 AS builder').length)
      .split('\n')
      .filter((l) => l !== ''),
    start: runtime.split('\n').filter((l) => /^(CMD|ENTRYPOINT) /.test(l)),
    warning: r.warnings.find((w) => w.code === 'MSC186')?.message,
    leftOut: r.explanation?.leftOut,
  };
}

describe('nest start after nest build: node of what nest start runs (MSC186)', () => {
  it.each([
    [
      'npm run start:dev (nest start --watch)',
      'CMD ["npm", "run", "start:dev"]',
      {},
      '',
      'dist/main',
    ],
    ['npm start (nest start)', 'CMD ["npm", "start"]', {}, '', 'dist/main'],
    ['npx nest start', 'CMD ["npx", "nest", "start"]', {}, '', 'dist/main'],
    [
      'nest start -- args: the args go to the app',
      'CMD ["nest", "start", "--watch", "--", "--port", "3000"]',
      {},
      '',
      'dist/main", "--port", "3000',
    ],
    [
      'nest build run directly',
      'CMD ["npm", "run", "start:dev"]',
      {},
      'RUN npx nest build\n',
      'dist/main',
    ],
    [
      'a .ts file outside src is compiled too: tsc keeps the src folder, nest runs dist/src/main',
      'CMD ["npm", "run", "start:dev"]',
      { 'prisma/seed.ts': 'export {};\n' },
      '',
      'dist/src/main',
    ],
    [
      'entryFile, sourceRoot and tsConfigPath from nest-cli.json',
      'CMD ["npm", "start"]',
      {
        'nest-cli.json': JSON.stringify({
          sourceRoot: 'app',
          entryFile: 'server',
          compilerOptions: { tsConfigPath: 'tsconfig.json' },
        }),
        'tsconfig.json': JSON.stringify({
          compilerOptions: { module: 'commonjs', outDir: 'out', rootDir: '.' },
          include: ['app'],
        }),
        'app/server.ts': 'export {};\n',
      },
      '',
      'out/app/server',
    ],
    [
      "the tsc builder's configPath from nest-cli.json (the CLI's tsconfig when no tsConfigPath)",
      'CMD ["npm", "start"]',
      {
        'nest-cli.json': JSON.stringify({
          compilerOptions: {
            builder: { type: 'tsc', options: { configPath: 'tsconfig.app.json' } },
          },
        }),
        'tsconfig.app.json': JSON.stringify({
          extends: './tsconfig.json',
          compilerOptions: { outDir: './build', rootDir: './src' },
          include: ['src'],
        }),
      },
      '',
      'build/main',
    ],
    [
      '"exec": "node" in nest-cli.json is the default',
      'CMD ["npm", "start"]',
      { 'nest-cli.json': JSON.stringify({ sourceRoot: 'src', exec: 'node' }) },
      '',
      'dist/main',
    ],
    [
      'no nest-cli.json: the defaults (src, main, tsconfig.build.json)',
      'CMD ["npm", "start"]',
      { 'nest-cli.json': null },
      '',
      'dist/main',
    ],
  ])('%s', (_n, start, extra, build, js) => {
    const r = run(start, extra, build || undefined);
    expect(r.status).toBe('converted');
    // distroless Node.js: node is the image entrypoint; the CLI runs it with source maps on.
    expect(r.start).toEqual([`CMD ["--enable-source-maps", "${js}"]`]);
    expect(r.builderKept).toBe(true);
    expect(r.added).toEqual([]);
    expect(r.warning).toContain('already runs nest build');
    // The CLI and the shell it spawns node through are left out on purpose (for --verify).
    expect(r.leftOut).toEqual(expect.arrayContaining(['/app/node_modules/@nestjs/cli', '/bin/sh']));
  });
});

describe('nest start with no nest build of its sources: the builder runs npx nest build once', () => {
  it.each([
    ['no nest build in the Dockerfile', 'CMD ["npm", "start"]', {}, 'RUN echo\n', [], 'dist/main'],
    [
      'a COPY after the nest build: the build after it compiles what nest start would',
      'COPY extra.txt ./\nCMD ["npm", "start"]',
      { 'extra.txt': 'x' },
      '',
      [],
      'dist/main',
    ],
    [
      'the build script does more than nest build, so it is not the same build',
      'CMD ["npm", "start"]',
      { 'package.json': pkg({ build: 'rimraf dist && nest build' }) },
      '',
      [],
      'dist/main',
    ],
    [
      'nest start --watch: the same compile, once',
      'CMD ["npx", "nest", "start", "--watch", "--preserveWatchOutput"]',
      {},
      'RUN echo\n',
      [],
      'dist/main',
    ],
    [
      'nest start -p: nest build gets the same tsconfig, even after a plain nest build',
      'CMD ["npx", "nest", "start", "-p", "tsconfig.app.json", "--watch"]',
      {
        'tsconfig.app.json': JSON.stringify({
          extends: './tsconfig.json',
          compilerOptions: { outDir: './build', rootDir: './src' },
          include: ['src'],
        }),
      },
      '',
      ['-p', 'tsconfig.app.json'],
      'build/main',
    ],
    [
      'nest start --config=: nest build reads the same Nest CLI configuration',
      'CMD ["npx", "nest", "start", "--config=nest-cli.prod.json"]',
      {
        'nest-cli.prod.json': JSON.stringify({ sourceRoot: 'src', entryFile: 'server' }),
        'src/server.ts': 'export {};\n',
      },
      'RUN echo\n',
      ['--config=nest-cli.prod.json'],
      'dist/server',
    ],
  ])('%s', (_n, start, extra, build, options, js) => {
    const r = run(start, extra, build || undefined);
    expect(r.status).toBe('converted');
    expect(r.start).toEqual([`CMD ["--enable-source-maps", "${js}"]`]);
    expect(r.builderKept).toBe(true);
    const line = ['RUN npx nest build', ...options].join(' ');
    expect(r.added).toEqual([line]);
    expect(r.warning).toContain(`compiles it once as nest start did (\`${line.slice(4)}\``);
    expect(r.leftOut).toEqual(expect.arrayContaining(['/app/node_modules/@nestjs/cli', '/bin/sh']));
  });

  it('under a non-root USER: nest start wrote dist/ as that user at each start, so the build can', () => {
    const r = run('USER node\nCMD ["npm", "start"]', {}, 'RUN chown -R node /app\n');
    expect(r.status).toBe('converted');
    expect(r.added).toEqual(['RUN npx nest build']);
  });

  it('Yarn 4 with nodeLinker: node-modules has node_modules/.bin/nest, as npx needs', () => {
    const r = run(
      'CMD ["yarn", "start"]',
      {
        'package.json': pkg({}, { packageManager: 'yarn@4.1.0' }),
        'yarn.lock': '',
        '.yarnrc.yml': 'nodeLinker: node-modules\n',
      },
      'RUN echo\n',
      {
        head: 'FROM node:20\nWORKDIR /app\nCOPY package.json yarn.lock .yarnrc.yml ./\nRUN corepack enable && yarn install\nCOPY . .\n',
      },
    );
    expect(r.status).toBe('converted');
    expect(r.added).toEqual(['RUN npx nest build']);
  });

  it('--keep-start keeps nest start, declined as before', () => {
    const r = run('CMD ["npm", "start"]', {}, 'RUN echo\n', { keepStart: true });
    expect(r.status).toBe('declined');
    expect(r.reason).toContain('nest');
  });

  it.each([
    [
      '@nestjs/cli only installed globally: npx nest build might fetch another CLI',
      {
        'package.json': pkg({}, { devDependencies: { typescript: '^5.1.3' } }),
      },
      'FROM node:20\nWORKDIR /app\nRUN npm i -g @nestjs/cli\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\n',
      '@nestjs/cli is not among the dependencies',
    ],
    [
      'devDependencies left out: the project CLI may not be there',
      {},
      'FROM node:20\nWORKDIR /app\nRUN npm i -g @nestjs/cli\nCOPY package*.json ./\nRUN npm ci --omit=dev\nCOPY . .\n',
      'leaves devDependencies out',
    ],
    [
      "Yarn Plug'n'Play: no node_modules/.bin for npx to find the project's CLI in",
      { 'package.json': pkg({}, { packageManager: 'yarn@4.1.0' }), 'yarn.lock': '' },
      'FROM node:20\nWORKDIR /app\nCOPY package.json yarn.lock ./\nRUN corepack enable && yarn install\nCOPY . .\n',
      "Yarn Plug'n'Play leaves no node_modules/.bin",
    ],
    [
      'webpack, with no build of its own either',
      { 'nest-cli.json': JSON.stringify({ compilerOptions: { webpack: true } }) },
      head,
      'webpack',
    ],
  ])('%s: declined', (_n, extra, h, why) => {
    const r = run('CMD ["npm", "start"]', extra, 'RUN echo\n', { head: h });
    expect(r.status).toBe('declined');
    expect(r.code).toBe('MSC005');
    expect(r.reason).toContain(why);
  });
});

describe('nest starts that cannot be mapped exactly: declined with the reason (MSC005)', () => {
  it.each([
    ['--debug', 'CMD ["nest", "start", "--debug", "--watch"]', {}, '', 'nest start --debug'],
    ['--exec', 'CMD ["nest", "start", "--exec", "bun"]', {}, '', 'nest start --exec'],
    [
      "another program from nest-cli.json's exec",
      'CMD ["npm", "start"]',
      { 'nest-cli.json': JSON.stringify({ sourceRoot: 'src', exec: 'bun' }) },
      '',
      'runs the app with "exec": "bun", not node',
    ],
    [
      'webpack builder',
      'CMD ["npm", "start"]',
      { 'nest-cli.json': JSON.stringify({ compilerOptions: { webpack: true } }) },
      '',
      'webpack',
    ],
    [
      'swc builder',
      'CMD ["npm", "start"]',
      { 'nest-cli.json': JSON.stringify({ compilerOptions: { builder: 'swc' } }) },
      '',
      'swc',
    ],
    [
      'monorepo',
      'CMD ["npm", "start"]',
      { 'nest-cli.json': JSON.stringify({ monorepo: true, projects: { a: {} } }) },
      '',
      'monorepo',
    ],
    [
      'Compose mounts the sources over the app: the build in the image is hidden',
      'CMD ["npm", "run", "start:dev"]',
      { 'docker-compose.yml': 'services:\n  api:\n    build: .\n    volumes:\n      - .:/app\n' },
      '',
      'docker-compose.yml mounts . over /app',
    ],
    [
      'another Nest CLI configuration file',
      'CMD ["npm", "start"]',
      { 'nest-cli.json': null, '.nest-cli.json': '{}' },
      '',
      'reads .nest-cli.json',
    ],
    ['a named project', 'CMD ["nest", "start", "api"]', {}, '', 'nest start api'],
    ['--tsc', 'CMD ["nest", "start", "--tsc"]', {}, '', 'nest start --tsc'],
    ['--env-file', 'CMD ["nest", "start", "--env-file", ".env"]', {}, '', 'nest start --env-file'],
    ['-p with no file', 'CMD ["nest", "start", "-p"]', {}, '', 'nest start -p names no file'],
    [
      '-p followed by another option',
      'CMD ["nest", "start", "-p", "--watch"]',
      {},
      '',
      'not a plain path',
    ],
    [
      '-c naming a file the image lacks',
      'CMD ["nest", "start", "-c", "nest-cli.prod.json"]',
      {},
      '',
      'nest start -c names nest-cli.prod.json, which is not in the image',
    ],
    [
      'Compose mounts the sources over the app, and no build either',
      'CMD ["npm", "start"]',
      { 'docker-compose.yml': 'services:\n  api:\n    build: .\n    volumes:\n      - ./:/app\n' },
      'RUN echo\n',
      'mounts',
    ],
    [
      'an exclude tsc reads as a glob msconvert does not',
      'CMD ["npm", "start"]',
      {
        'tsconfig.build.json': JSON.stringify({
          extends: './tsconfig.json',
          exclude: ['src/**/*.mock.ts'],
        }),
      },
      '',
      'is not a plain folder',
    ],
  ])('%s', (_n, start, extra, build, why) => {
    const r = run(start, extra, build || undefined);
    expect(r.status).toBe('declined');
    expect(r.code).toBe('MSC005');
    expect(r.reason).toContain(why);
  });
});
