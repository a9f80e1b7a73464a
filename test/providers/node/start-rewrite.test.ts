// ts-node / tsx / nodemon at start, rewritten to tsc in the builder and node of the emitted file
// (MSC186), and the starts that cannot be mapped exactly, declined with the reason (MSC005).
import { convert, MemoryContext } from '../../../src';
import { parseJsonc } from '../../../src/providers/node/tsconfig';

const DEV = { 'ts-node': '^10.9.2', typescript: '~5.9.3', nodemon: '^3.1.4', tsx: '^4.19.0' };
const pkg = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({ name: 'api', dependencies: { ms: '^2.1.3' }, devDependencies: DEV, ...extra });
const TSCONFIG = JSON.stringify({
  compilerOptions: { module: 'commonjs', rootDir: 'src', outDir: 'dist', strict: true },
  include: ['src'],
});
const SRC = "import ms from 'ms';\nconsole.log(ms('1d'));\n";
/** The context files; a null in `extra` leaves that file out. */
const files = (extra: Record<string, string | null> = {}) => {
  const all: Record<string, string | null> = {
    'package.json': pkg(),
    'tsconfig.json': TSCONFIG,
    'src/index.ts': SRC,
    'src/lib/util.ts': 'export const x = 1;\n',
    'server.js': "require('http').createServer().listen(3000);\n",
    ...extra,
  };
  return Object.fromEntries(Object.entries(all).filter(([, v]) => v !== null)) as Record<
    string,
    string
  >;
};
const head = 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\n';

function run(start: string, extra: Record<string, string | null> = {}, keepStart = false) {
  const text = `${head}${start}\n`;
  const r = convert(text, new MemoryContext(files(extra)), { keepStart });
  if (r.status !== 'converted') return { status: r.status, code: r.code, reason: r.reason };
  const [builder, ...rest] = r.output.split(/\n\nFROM /);
  const runtime = rest[rest.length - 1];
  return {
    status: r.status,
    added: builder
      .slice(text.length + ' AS builder'.length)
      .split('\n')
      .filter(Boolean),
    start: runtime.split('\n').filter((l) => /^(CMD|ENTRYPOINT) /.test(l)),
    image: runtime.split('\n')[0],
    warning: r.warnings.find((w) => w.code === 'MSC186')?.message,
    leftOut: r.explanation?.leftOut,
  };
}

describe('TypeScript runners at start: rewritten to tsc + node (MSC186)', () => {
  it.each([
    ['npx ts-node', 'CMD ["npx", "ts-node", "src/index.ts"]', {}, ['CMD ["dist/index.js"]']],
    ['ts-node -T', 'CMD ["ts-node", "-T", "src/index.ts"]', {}, ['CMD ["dist/index.js"]']],
    [
      'tsx with arguments after the script',
      'CMD ["npx", "tsx", "src/index.ts", "--port", "3000"]',
      {},
      ['CMD ["dist/index.js", "--port", "3000"]'],
    ],
    [
      'node -r ts-node/register',
      'CMD ["node", "-r", "ts-node/register", "src/index.ts"]',
      {},
      ['CMD ["dist/index.js"]'],
    ],
    [
      'npm run dev whose script is ts-node',
      'CMD ["npm", "run", "dev"]',
      { 'package.json': pkg({ scripts: { dev: 'ts-node src/index.ts' } }) },
      ['CMD ["dist/index.js"]'],
    ],
    [
      'yarn dev whose script is nodemon of a .ts file',
      'CMD ["yarn", "dev"]',
      { 'package.json': pkg({ scripts: { dev: 'nodemon --watch src src/index.ts' } }) },
      ['CMD ["dist/index.js"]'],
    ],
    [
      'no outDir: tsc writes beside the source',
      'CMD ["npx", "ts-node", "src/index.ts"]',
      { 'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'commonjs' } }) },
      ['CMD ["src/index.js"]'],
    ],
    [
      'outDir without rootDir: the common folder of the sources',
      'CMD ["npx", "ts-node", "src/index.ts"]',
      {
        'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'commonjs', outDir: 'out' } }),
      },
      ['CMD ["out/index.js"]'],
    ],
    [
      'outDir without rootDir, sources in two folders: the output keeps src/',
      'CMD ["npx", "ts-node", "src/index.ts"]',
      {
        'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'commonjs', outDir: 'out' } }),
        'scripts/seed.ts': 'export {};\n',
      },
      ['CMD ["out/src/index.js"]'],
    ],
    [
      'extends a relative base (JSON with comments) that sets outDir',
      'CMD ["npx", "tsx", "src/index.ts"]',
      {
        'tsconfig.json': '{ "extends": "./config/base", "include": ["src/**/*.ts"] }',
        'config/base.json':
          '{\n  // output beside config/\n  "compilerOptions": { "module": "commonjs", "outDir": "../build", "rootDir": "../src", },\n}\n',
      },
      ['CMD ["build/index.js"]'],
    ],
    [
      'a "ts-node" section that changes nothing tsc emits',
      'CMD ["npx", "ts-node", "src/index.ts"]',
      {
        'tsconfig.json': JSON.stringify({
          compilerOptions: { module: 'commonjs', rootDir: 'src', outDir: 'dist' },
          'ts-node': { esm: true, transpileOnly: true },
        }),
      },
      ['CMD ["dist/index.js"]'],
    ],
    [
      'module node16 follows package.json',
      'CMD ["npx", "tsx", "src/index.ts"]',
      {
        'tsconfig.json': JSON.stringify({
          compilerOptions: { module: 'node16', outDir: 'dist', rootDir: 'src' },
        }),
      },
      ['CMD ["dist/index.js"]'],
    ],
  ])('%s', (_, start, extra, runtimeStart) => {
    const r = run(start, extra);
    expect(r.status).toBe('converted');
    expect(r.added).toEqual(['RUN npx tsc -p tsconfig.json']);
    expect(r.start).toEqual(runtimeStart);
    expect(r.warning).toMatch(/the builder now compiles it/);
  });

  it('an imported JSON with resolveJsonModule: tsc writes it into the output too', () => {
    const r = run('CMD ["npx", "ts-node", "src/index.ts"]', {
      'tsconfig.json': JSON.stringify({
        compilerOptions: { module: 'commonjs', outDir: 'dist', resolveJsonModule: true },
        include: ['src'],
      }),
      'src/lib/util.ts': "import seed from './seed.json';\nexport default seed;\n",
      'src/lib/seed.json': '{}',
    });
    expect(r.start).toEqual(['CMD ["dist/index.js"]']);
  });

  it('shell form stays in shell form (on the slim image, which has a shell)', () => {
    const r = run('ENV PORT=3000\nCMD npx ts-node src/index.ts --port $PORT');
    expect(r.start).toEqual(['CMD node dist/index.js --port $PORT']);
    expect(r.image).toBe('node:20-slim');
  });

  it('runs on distroless Node.js, node being its entrypoint', () => {
    const r = run('CMD ["npx", "ts-node", "src/index.ts"]');
    expect(r.image).toBe('gcr.io/distroless/nodejs20-debian12');
  });

  it('says what changes when the start went through npm, and names the runner for --verify', () => {
    const r = run('CMD ["npm", "run", "dev"]', {
      'package.json': pkg({ scripts: { dev: 'ts-node src/index.ts' } }),
    });
    expect(r.warning).toMatch(/no longer goes through npm: node is the container's main process/);
    expect(r.leftOut).toEqual([
      '/app/node_modules/ts-node',
      '/app/node_modules/.bin/ts-node',
      '/app/node_modules/typescript',
      '/app/node_modules/.bin/typescript',
    ]);
  });

  it('--keep-start declines as before', () => {
    expect(run('CMD ["npx", "ts-node", "src/index.ts"]', {}, true)).toMatchObject({
      status: 'declined',
      code: 'MSC005',
      reason: expect.stringMatching(/^the container starts `ts-node`, a development server/),
    });
  });
});

describe('nodemon at start: rewritten to node (MSC186)', () => {
  it.each([
    ['nodemon server.js', 'CMD ["nodemon", "server.js"]', {}, ['CMD ["server.js"]']],
    [
      'watch options and arguments',
      'CMD ["npx", "nodemon", "--watch", "lib", "-e", "js,json", "-q", "--exec", "node", "server.js", "--port", "3000"]',
      {},
      ['CMD ["server.js", "--port", "3000"]'],
    ],
    [
      'npm start through a script, nodemon.json with watch keys only',
      'CMD ["npm", "start"]',
      {
        'package.json': pkg({ scripts: { start: 'nodemon server.js' } }),
        'nodemon.json': '{"watch": ["."], "ext": "js", "delay": 200}',
      },
      ['CMD ["server.js"]'],
    ],
    [
      'a Compose file with a named volume and a mount elsewhere',
      'CMD ["nodemon", "server.js"]',
      {
        'compose.yaml':
          'services:\n  api:\n    build: .\n    volumes:\n      - data:/var/lib/data\n      - ./logs:/var/log/app\nvolumes:\n  data:\n',
      },
      ['CMD ["server.js"]'],
    ],
    [
      'polling (-L), as for sources mounted into the container',
      'CMD ["nodemon", "-L", "server.js"]',
      { 'nodemon.json': '{"legacyWatch": true}' },
      ['CMD ["server.js"]'],
    ],
  ])('%s', (_, start, extra, runtimeStart) => {
    const r = run(start, extra);
    expect(r.status).toBe('converted');
    expect(r.added).toEqual([]);
    expect(r.start).toEqual(runtimeStart);
    expect(r.warning).toMatch(/watches the files/);
  });
});

it('nodemon of JavaScript with the sources mounted by Compose: converted, the warning says the restart goes', () => {
  const r = run('CMD ["nodemon", "server.js"]', {
    'docker-compose.yml': 'services:\n  api:\n    build: .\n    volumes:\n      - .:/app\n',
  });
  expect(r.start).toEqual(['CMD ["server.js"]']);
  expect(r.warning).toMatch(
    /Note: docker-compose.yml mounts . over \/app for the service api; run that way, the app no longer restarts when those files change\.$/,
  );
});

describe('starts that cannot be mapped exactly: declined with the reason (MSC005)', () => {
  it.each([
    ['tsx watch', 'CMD ["npx", "tsx", "watch", "src/index.ts"]', {}, /tsx watch restarts/],
    [
      'nodemon --exec',
      'CMD ["nodemon", "--exec", "python", "app.py"]',
      {},
      /nodemon --exec changes what runs/,
    ],
    [
      'nodemon.json with execMap',
      'CMD ["nodemon", "server.js"]',
      { 'nodemon.json': '{"execMap": {"js": "node --inspect"}}' },
      /sets "execMap"/,
    ],
    [
      'nodemonConfig with events',
      'CMD ["nodemon", "server.js"]',
      { 'package.json': pkg({ nodemonConfig: { events: { start: 'echo hi' } } }) },
      /sets "events"/,
    ],
    [
      'ts-node with options',
      'CMD ["ts-node", "--esm", "src/index.ts"]',
      {},
      /ts-node --esm changes how it runs/,
    ],
    [
      'a "ts-node" section with compiler options of its own',
      'CMD ["npx", "ts-node", "src/index.ts"]',
      {
        'tsconfig.json': JSON.stringify({
          compilerOptions: { module: 'commonjs' },
          'ts-node': { compilerOptions: { module: 'commonjs' } },
        }),
      },
      /sets "compilerOptions" for ts-node/,
    ],
    [
      'noEmit',
      'CMD ["npx", "tsx", "src/index.ts"]',
      {
        'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'commonjs', noEmit: true } }),
      },
      /noEmit is set/,
    ],
    [
      'path aliases',
      'CMD ["npx", "ts-node", "src/index.ts"]',
      {
        'tsconfig.json': JSON.stringify({
          compilerOptions: { module: 'commonjs', outDir: 'dist', paths: { '@/*': ['src/*'] } },
        }),
      },
      /tsconfig-paths at run time/,
    ],
    [
      'allowJs',
      'CMD ["npx", "ts-node", "src/index.ts"]',
      {
        'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'commonjs', allowJs: true } }),
      },
      /allowJs/,
    ],
    [
      'ES module output',
      'CMD ["npx", "tsx", "src/index.ts"]',
      {
        'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'esnext', outDir: 'dist' } }),
      },
      /emits ES modules/,
    ],
    [
      'CommonJS output in a "type": "module" package',
      'CMD ["npx", "tsx", "src/index.ts"]',
      { 'package.json': pkg({ type: 'module' }) },
      /"type": "module"/,
    ],
    [
      'no module option with a modern target: ES modules',
      'CMD ["npx", "tsx", "src/index.ts"]',
      { 'tsconfig.json': JSON.stringify({ compilerOptions: { target: 'es2022' } }) },
      /emits ES modules/,
    ],
    [
      'extends a package',
      'CMD ["npx", "tsx", "src/index.ts"]',
      { 'tsconfig.json': JSON.stringify({ extends: '@tsconfig/node20/tsconfig.json' }) },
      /extends "@tsconfig\/node20\/tsconfig.json"/,
    ],
    [
      'no tsconfig.json',
      'CMD ["npx", "tsx", "src/index.ts"]',
      { 'tsconfig.json': null },
      /no tsconfig.json in \/app/,
    ],
    [
      'a tsconfig nearer to the entry',
      'CMD ["npx", "ts-node", "src/index.ts"]',
      { 'src/tsconfig.json': '{}' },
      /\/app\/src\/tsconfig.json is nearer/,
    ],
    [
      'typescript not in package.json',
      'CMD ["npx", "ts-node", "src/index.ts"]',
      {
        'package.json': JSON.stringify({ name: 'a', devDependencies: { 'ts-node': '^10.9.2' } }),
      },
      /typescript is not among the dependencies/,
    ],
    [
      'the entry outside the tsconfig include',
      'CMD ["npx", "ts-node", "scripts/run.ts"]',
      { 'scripts/run.ts': 'export {};\n' },
      /is not among the files the tsconfig compiles/,
    ],
    [
      '__dirname with the output in another folder',
      'CMD ["npx", "ts-node", "src/index.ts"]',
      { 'src/lib/util.ts': "export const page = __dirname + '/views';\n" },
      /uses __dirname, which finds files next to the source; the output lands in \/app\/dist/,
    ],
    [
      'a relative require of a data file with the output in another folder',
      'CMD ["npx", "ts-node", "src/index.ts"]',
      { 'src/lib/util.ts': "import data from '../data/seed.json';\nexport default data;\n" },
      /uses from '..\/data\/seed.json'/,
    ],
    [
      'the app reads npm_* through npm run dev',
      'CMD ["npm", "run", "dev"]',
      {
        'package.json': pkg({ scripts: { dev: 'nodemon server.js' } }),
        'server.js': 'console.log(process.env.npm_package_version);\n',
      },
      /reads npm's environment/,
    ],
    [
      'a Compose file mounts the sources over the app folder, hiding the compiled output',
      'CMD ["npm", "run", "dev"]',
      {
        'package.json': pkg({ scripts: { dev: 'tsx src/index.ts' } }),
        'docker-compose.yml':
          'services:\n  api:\n    build: .\n    volumes:\n      - .:/app\n      - /app/node_modules\n',
      },
      /docker-compose.yml mounts . over \/app for the service api, so it runs the image against live sources, which hide what the builder compiled/,
    ],
    [
      'a Compose bind mount in the long syntax, inside the app folder',
      'CMD ["npx", "ts-node", "src/index.ts"]',
      {
        'compose.yaml':
          'services:\n  api:\n    build:\n      context: .\n    volumes:\n      - type: bind\n        source: ./src\n        target: /app/src\n',
      },
      /compose.yaml mounts .\/src over \/app\/src/,
    ],
    [
      'a relative require of JSON (tsc copies only imported JSON, with resolveJsonModule)',
      'CMD ["npx", "ts-node", "src/index.ts"]',
      {
        'tsconfig.json': JSON.stringify({
          compilerOptions: { module: 'commonjs', outDir: 'dist', resolveJsonModule: true },
          include: ['src'],
        }),
        'src/lib/util.ts': "const seed = require('./seed.json');\nexport default seed;\n",
      },
      /uses require\('.\/seed.json', which finds files next to the source/,
    ],
    [
      'a script with a pre script',
      'CMD ["npm", "run", "dev"]',
      { 'package.json': pkg({ scripts: { predev: 'tsc', dev: 'ts-node src/index.ts' } }) },
      /also runs the scripts predev\/postdev/,
    ],
    [
      'a script that is more than one command',
      'CMD ["npm", "run", "dev"]',
      {
        'package.json': pkg({ scripts: { dev: 'prisma migrate deploy && ts-node src/index.ts' } }),
      },
      /more than one plain command/,
    ],
  ])('%s', (_, start, extra, why) => {
    const r = run(start, extra as Record<string, string | null>);
    expect(r).toMatchObject({ status: 'declined', code: 'MSC005' });
    expect(r.reason).toMatch(why);
  });

  it('a production-only install: tsc may not be installed', () => {
    const text =
      'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nCMD ["npx", "ts-node", "src/index.ts"]\n';
    const r = convert(text, new MemoryContext(files()));
    expect(r.code).toBe('MSC005');
    expect(r.reason).toMatch(/leaves devDependencies out/);
  });
});

describe('parseJsonc', () => {
  it('reads comments and trailing commas as tsc does, and keeps // inside strings', () => {
    expect(parseJsonc('{\n // a\n "a": "http://x", /* b */ "c": [1, 2,],\n}')).toEqual({
      a: 'http://x',
      c: [1, 2],
    });
    expect(parseJsonc('{ "a": ')).toBeNull();
  });
});
