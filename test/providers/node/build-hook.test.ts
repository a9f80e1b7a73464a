// `npm start` that builds before node (a prestart hook, or `<build> && node x`): the build runs
// once in the builder and the runtime starts node (MSC186); any other hook is declined (MSC005).
import { convert, MemoryContext } from '../../../src';

const pkg = (
  scripts: Record<string, string>,
  dev: Record<string, string> = { typescript: '^5.4.0' },
) => JSON.stringify({ name: 'api', scripts, dependencies: { ms: '^2.1.3' }, devDependencies: dev });
const TSCONFIG = JSON.stringify({
  compilerOptions: { module: 'commonjs', rootDir: 'src', outDir: 'dist' },
  include: ['src'],
});

function run(
  scripts: Record<string, string>,
  extra: Record<string, string> = {},
  start = 'CMD ["npm", "start"]',
) {
  const ctx: Record<string, string> = {
    'package.json': pkg(scripts),
    'tsconfig.json': TSCONFIG,
    'src/app.ts': "import ms from 'ms';\nexport const day = ms('1d');\n",
    'bin/www': "require('../dist/app');\n",
    ...extra,
  };
  const text = `FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\n${start}\n`;
  const r = convert(text, new MemoryContext(ctx), {});
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
    warning: r.warnings.find((w) => w.code === 'MSC186')?.message,
  };
}

describe('npm start that builds first: the build once in the builder (MSC186)', () => {
  it.each([
    [
      'prestart: npm run build, build: tsc, prebuild: a lint',
      {
        prebuild: 'tslint -c tslint.json -p tsconfig.json --fix',
        build: 'tsc',
        prestart: 'npm run build',
        start: 'node ./bin/www',
      },
      'RUN npm run build',
      './bin/www',
    ],
    [
      'prestart: tsc',
      { prestart: 'tsc', start: 'node bin/www --port 3000' },
      'RUN npx tsc -p tsconfig.json',
      'bin/www", "--port", "3000',
    ],
    [
      'start: tsc && node x',
      { start: 'tsc && node dist/app.js' },
      'RUN npx tsc -p tsconfig.json',
      'dist/app.js',
    ],
    [
      'start: npm run build && node x',
      { build: 'tsc -p tsconfig.json', start: 'npm run build && node bin/www' },
      'RUN npm run build',
      'bin/www',
    ],
  ])('%s', (_n, scripts, line, js) => {
    const r = run(scripts);
    expect(r.status).toBe('converted');
    expect(r.added).toEqual([line]);
    // distroless Node.js: node is the image entrypoint.
    expect(r.start).toEqual([`CMD ["${js}"]`]);
    expect(r.warning).toContain('the builder now builds once');
  });
});

describe('builds before node that are not exactly tsc: declined with the reason (MSC005)', () => {
  it.each([
    [
      'a prestart that does more',
      { prestart: 'npm run build && node seed.js', build: 'tsc', start: 'node bin/www' },
      'more than one plain command',
    ],
    [
      'a build script that is not tsc',
      { prestart: 'npm run build', build: 'webpack', start: 'node bin/www' },
      'is not tsc alone',
    ],
    [
      'a prebuild that is not a lint',
      { prestart: 'npm run build', prebuild: 'rimraf dist', build: 'tsc', start: 'node bin/www' },
      'does more than lint',
    ],
    [
      'tsc --watch',
      { prestart: 'tsc --watch', start: 'node bin/www' },
      'is not tsc or an npm script of it',
    ],
    [
      'a poststart hook',
      { prestart: 'tsc', start: 'node bin/www', poststart: 'echo up' },
      'poststart',
    ],
    [
      'a start that is not node of a file',
      { prestart: 'tsc', start: 'node -r dotenv/config bin/www' },
      'not a plain node of a file',
    ],
  ])('%s', (_n, scripts, why) => {
    const r = run(scripts);
    expect(r.status).toBe('declined');
    expect(r.code).toBe('MSC005');
    expect(r.reason).toContain(why);
  });

  it('Compose mounts the sources over the app: declined, what the builder built is hidden', () => {
    const r = run(
      { prestart: 'tsc', start: 'node bin/www' },
      { 'docker-compose.yml': 'services:\n  api:\n    build: .\n    volumes:\n      - .:/app\n' },
    );
    expect(r.status).toBe('declined');
    expect(r.reason).toContain('docker-compose.yml mounts . over /app');
  });

  it('typescript not installed: tsc would not be the project one', () => {
    const r = run(
      { prestart: 'tsc', start: 'node bin/www' },
      { 'package.json': pkg({ prestart: 'tsc', start: 'node bin/www' }, {}) },
    );
    expect(r.status).toBe('declined');
    expect(r.reason).toContain('typescript is not among the dependencies');
  });
});
