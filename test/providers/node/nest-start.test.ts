// `nest start [--watch]` after the Dockerfile's own `nest build`: the runtime starts the file the
// Nest CLI would run (MSC186); anything the CLI would decide otherwise stays declined (MSC005).
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
) {
  const text = `${head}${build}${start}\n`;
  const r = convert(text, new MemoryContext(files(extra)), {});
  if (r.status !== 'converted') return { status: r.status, code: r.code, reason: r.reason };
  const rest = r.output.split(/\n\nFROM /);
  const runtime = rest[rest.length - 1];
  return {
    status: r.status,
    builderKept: r.output.startsWith(text.replace('FROM node:20', 'FROM node:20 AS builder')),
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
    expect(r.warning).toContain('already runs nest build');
    // The CLI and the shell it spawns node through are left out on purpose (for --verify).
    expect(r.leftOut).toEqual(expect.arrayContaining(['/app/node_modules/@nestjs/cli', '/bin/sh']));
  });
});

describe('nest starts that cannot be mapped exactly: declined with the reason (MSC005)', () => {
  it.each([
    [
      'no nest build in the Dockerfile',
      'CMD ["npm", "start"]',
      {},
      'RUN echo\n',
      'no RUN in /app runs `nest build`',
    ],
    [
      'a COPY after the build',
      'COPY extra.txt ./\nCMD ["npm", "start"]',
      { 'extra.txt': 'x' },
      '',
      'comes after',
    ],
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
      'the build script does more than nest build',
      'CMD ["npm", "start"]',
      { 'package.json': pkg({ build: 'rimraf dist && nest build' }) },
      '',
      'no RUN in /app runs `nest build`',
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
