// Distroless Node (issue 15): the image is chosen only when the container runs nothing but
// node; every reason to keep the slim image has a case here, and so has each start rewrite.
import { convert, MemoryContext, type ConvertResult } from '../../../src';
import { pkg } from '../fixtures';

const DISTROLESS = 'FROM gcr.io/distroless/nodejs20-debian12';

function run(
  df: string,
  files: Record<string, string> = { 'package.json': pkg(), 'server.js': "require('express')" },
  runtime?: string,
): ConvertResult {
  return convert(df, new MemoryContext(files), runtime ? { runtime } : {});
}

/** The runtime stage: what follows the builder. */
const runtimeStage = (r: ConvertResult) => r.output.slice(r.output.lastIndexOf('\nFROM ') + 1);

const df = (start: string, from = 'node:20', extra = '') =>
  `FROM ${from}\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\n${extra}${start}\n`;

describe('distroless Node: chosen, and the start as node is its entrypoint', () => {
  it.each([
    {
      name: 'CMD node <script> carries the script only',
      df: df('CMD ["node", "server.js"]'),
      has: [DISTROLESS + '\n', 'CMD ["server.js"]'],
    },
    {
      name: 'node flags and script arguments are kept',
      df: df('CMD ["node", "--enable-source-maps", "server.js", "--port", "3000"]'),
      has: ['CMD ["--enable-source-maps", "server.js", "--port", "3000"]'],
    },
    {
      name: 'ENTRYPOINT node names distroless node, CMD stays',
      df: df('ENTRYPOINT ["node", "server.js"]\nCMD ["--port", "3000"]'),
      has: [
        DISTROLESS + '\n',
        'ENTRYPOINT ["/nodejs/bin/node", "server.js"]',
        'CMD ["--port", "3000"]',
      ],
    },
    {
      name: 'npm start whose script is exactly node <script> runs the script',
      df: df('CMD ["npm", "start"]'),
      files: { 'package.json': pkg({ scripts: { start: 'node server.js' } }), 'server.js': '' },
      has: [DISTROLESS + '\n', 'CMD ["server.js"]'],
      warn: 'MSC101',
    },
    {
      name: 'USER 65532 runs on :nonroot',
      df: df('CMD ["node", "server.js"]', 'node:20', 'USER 65532\n'),
      has: [DISTROLESS + ':nonroot\n', 'WORKDIR /app\n', 'USER 65532', 'CMD ["server.js"]'],
    },
    {
      name: 'Node 22 gets distroless Node 22',
      df: df('CMD ["node", "server.js"]', 'node:22-bookworm'),
      has: ['FROM gcr.io/distroless/nodejs22-debian12\n'],
    },
    {
      name: 'a builder already slim still gets the smaller image',
      df: df('CMD ["node", "server.js"]', 'node:20-slim'),
      has: [DISTROLESS + '\n'],
    },
  ])('$name', ({ df, files, has, warn }) => {
    const r = run(df, files as Record<string, string> | undefined);
    expect(r.status).toBe('converted');
    for (const h of has) expect(runtimeStage(r)).toContain(h);
    if (warn) expect(r.warnings.map((w) => w.code)).toContain(warn);
    expect(r.explanation?.runtimeWhy).toMatch(/^the container runs nothing but node/);
    expect(r.explanation?.estimate?.afterMB).toBe(121.5);
    expect(
      convert(r.output, new MemoryContext((files ?? {}) as Record<string, string>)).status,
    ).toBe('unchanged');
  });
});

describe('distroless Node: the slim image stays, and the explanation says why', () => {
  it.each([
    {
      name: 'shell-form CMD',
      df: df('CMD node server.js'),
      why: /passed over: the start needs a shell/,
    },
    {
      name: 'npm run script with &&',
      df: df('CMD ["npm", "run", "serve"]'),
      files: {
        'package.json': pkg({ scripts: { serve: 'node migrate.js && node server.js' } }),
      },
      why: /passed over: the CMD runs npm, not node/,
    },
    {
      name: 'yarn start (the original runs yarn 1 and a shell around node)',
      df: df('CMD ["yarn", "start"]'),
      files: { 'package.json': pkg({ scripts: { start: 'node dist/main.js' } }), 'yarn.lock': '' },
      why: /passed over: the CMD runs yarn, not node/,
    },
    {
      name: 'npm start whose app reads what npm puts in its environment',
      df: df('CMD ["npm", "start"]'),
      files: {
        'package.json': pkg({ scripts: { start: 'node server.js' } }),
        'server.js': 'console.log(process.env.npm_package_version)',
      },
      why: /passed over: the CMD runs npm, not node/,
    },
    {
      name: 'a tool the app spawns',
      df: df('CMD ["node", "server.js"]'),
      files: {
        'package.json': pkg(),
        'server.js':
          "const { execSync } = require('child_process');\nexecSync('git rev-parse HEAD');\n",
      },
      why: /passed over: the app runs git/,
    },
    {
      name: 'HEALTHCHECK with curl',
      df: df(
        'CMD ["node", "server.js"]',
        'node:20',
        'HEALTHCHECK CMD curl -f http://localhost:3000/ || exit 1\n',
      ),
      why: /passed over: the start needs a shell/,
    },
    {
      name: 'USER node (uid 1000), which distroless does not have',
      df: 'FROM node:20\nWORKDIR /home/node/app\nCOPY . .\nRUN npm ci --omit=dev\nUSER node\nCMD ["node", "server.js"]\n',
      why: /passed over: the app runs as node/,
    },
    {
      name: 'an ENTRYPOINT script',
      df: df('ENTRYPOINT ["/app/start"]\nCMD ["node", "server.js"]'),
      files: { 'package.json': pkg(), start: '#!/bin/sh\nexec "$@"\n' },
      why: /passed over: the start needs a shell/,
    },
    {
      name: 'an ENTRYPOINT that is not node (npm start is rewritten in CMD only)',
      df: df('ENTRYPOINT ["npm", "start"]'),
      files: { 'package.json': pkg({ scripts: { start: 'node server.js' } }), 'server.js': '' },
      why: /passed over: the ENTRYPOINT is not node itself/,
    },
    {
      name: 'OS packages the app needs',
      df: df(
        'CMD ["node", "server.js"]',
        'node:20',
        'RUN apt-get update && apt-get install -y --no-install-recommends libvips42\n',
      ),
      why: /passed over gcr\.io\/distroless\/nodejs20-debian12: the app needs libvips42 .* cannot install/,
    },
    {
      name: 'a Debian release with no distroless Node.js',
      df: df('CMD ["node", "server.js"]', 'node:20-bullseye'),
      why: /passed over: there is no distroless Node.js 20 on Debian bullseye/,
    },
    {
      name: 'a plain tag of a release that was still bullseye',
      df: df('CMD ["node", "server.js"]', 'node:18.12.1'),
      why: /passed over: node:18\.12\.1 is Debian bullseye/,
    },
    {
      name: 'a Node major with no distroless image',
      df: df('CMD ["node", "server.js"]', 'node:16'),
      why: /passed over: there is no distroless Node.js 16/,
    },
  ])('$name', ({ df, files, why }) => {
    const r = run(df, files as Record<string, string> | undefined);
    expect(r.status).toBe('converted');
    expect(runtimeStage(r)).toMatch(/^FROM node:/);
    expect(r.explanation?.runtimeWhy).toMatch(why);
  });
});

describe('distroless Node and --runtime', () => {
  const plain = df('CMD ["node", "server.js"]');

  it('--runtime distroless gives it where the app qualifies', () => {
    expect(runtimeStage(run(plain, undefined, 'distroless'))).toMatch(/^FROM gcr.io\/distroless/);
  });

  it('--runtime distroless declines MSC011 with the reason where it does not', () => {
    const r = run(df('CMD node server.js'), undefined, 'distroless');
    expect(r.code).toBe('MSC011');
    expect(r.reason).toMatch(/the start needs a shell/);
  });

  it('--runtime slim keeps the slim image and the start as written', () => {
    const out = runtimeStage(run(plain, undefined, 'slim'));
    expect(out).toMatch(/^FROM node:20-slim\n/);
    expect(out).toContain('CMD ["node", "server.js"]');
  });

  it('--runtime scratch still declines', () => {
    expect(run(plain, undefined, 'scratch').code).toBe('MSC011');
  });
});
