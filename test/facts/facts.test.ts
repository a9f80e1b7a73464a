// Facts and verdicts without Docker: the parsers of what helper containers print, the verdict
// rules (judge), and how facts given as data refine convert()'s plan.
import { convert, MemoryContext } from '../../src';
import { parseElfScan, runtimeVersions } from '../../src/facts/gather';
import { equivalentImages } from '../../src/facts/refine';
import type { ImageFacts } from '../../src/facts/types';
import { parseUsed } from '../../src/facts/used';
import { judge, type Observed } from '../../src/verify';

const NODE_APP = [
  'FROM node:20',
  'WORKDIR /usr/src/app',
  'COPY package*.json ./',
  'RUN npm ci',
  'COPY . .',
  'EXPOSE 3000',
  'CMD ["node", "server.js"]',
  '',
].join('\n');
const NODE_CTX = {
  'package.json': JSON.stringify({ name: 'a', version: '1.0.0', dependencies: { pg: '8' } }),
  'package-lock.json': '{}',
  'server.js': 'require("http").createServer().listen(3000)',
};

function facts(over: Partial<ImageFacts> = {}): ImageFacts {
  return {
    base: 'node:20',
    config: { workdir: '/', user: '', entrypoint: null, cmd: ['node'], env: { PATH: '/usr/bin' } },
    os: {
      id: 'debian',
      versionId: '12',
      codename: 'bookworm',
      pretty: 'Debian GNU/Linux 12 (bookworm)',
    },
    libc: 'glibc',
    runtimes: { node: '20.20.2' },
    libraries: [],
    scanned: [],
    dependencyDirs: [],
    ...over,
  };
}

describe('judge: verified only when the original demonstrably works', () => {
  const ok = (code: number, body = 'hi') => ({
    ok: true as const,
    code,
    body,
    text: `HTTP ${code}`,
  });
  const http = (over: Partial<Observed>): Observed => ({
    kind: 'http',
    what: 'GET / on port 3000',
    a: ok(200),
    b: ok(200),
    runningA: true,
    runningB: true,
    healthA: null,
    healthB: null,
    ...over,
  });

  it('both crash the same way at start: inconclusive, with a hint, never verified', () => {
    const gone = {
      ok: false as const,
      why: 'the container exited with code 1: Error: Cannot find module',
    };
    const j = judge(
      http({ a: gone, b: gone, runningA: false, runningB: false, lastA: 'Error: x' }),
    );
    expect(j.verdict).toBe('inconclusive');
    expect(j.message).toContain('Cannot find module');
    expect(j.hint).toMatch(/-e KEY=VALUE or --env-file FILE/);
  });

  it('a one-shot that exits non-zero on both sides is inconclusive', () => {
    const exit1 = { ok: true as const, code: 1, body: '', text: 'exit 1' };
    const j = judge({ ...http({}), kind: 'cmd', what: 'the command', a: exit1, b: exit1 });
    expect(j.verdict).toBe('inconclusive');
    expect(j.hint).toContain('--probe-cmd');
  });

  it('a server that answers and then exits fails its side', () => {
    expect(judge(http({ runningA: false, runningB: false })).verdict).toBe('inconclusive');
    const j = judge(http({ runningB: false }));
    expect(j.verdict).toBe('different');
  });

  it('only 5xx from the original is not a working original', () => {
    expect(judge(http({ a: ok(503), b: ok(503) })).verdict).toBe('inconclusive');
  });

  it('an unhealthy original is inconclusive; healthy on both is verified', () => {
    expect(judge(http({ healthA: 'unhealthy', healthB: 'unhealthy' })).verdict).toBe(
      'inconclusive',
    );
    expect(judge(http({ healthA: 'healthy', healthB: 'unhealthy' })).verdict).toBe('different');
    expect(judge(http({ healthA: 'healthy', healthB: 'healthy' })).verdict).toBe('verified');
  });

  it('a still-running process without a port gets --probe-port with the port it listens on', () => {
    const running = { ok: false as const, why: 'still running at the end of the run window' };
    const j = judge({ ...http({}), kind: 'cmd', a: running, b: running, listening: [8080] });
    expect(j.verdict).toBe('inconclusive');
    expect(j.hint).toContain('--probe-port 8080');
  });

  it('a file the original used and the converted image lacks is a difference, named', () => {
    const gone = { ok: false as const, why: 'no HTTP answer' };
    const j = judge(http({ a: gone, b: gone, missing: ['/usr/lib/x86_64-linux-gnu/libpq.so.5'] }));
    expect(j.verdict).toBe('different');
    expect(j.message).toContain('/usr/lib/x86_64-linux-gnu/libpq.so.5');
  });

  it('the converted container dying while the original keeps running is a difference', () => {
    const gone = { ok: false as const, why: 'no HTTP answer' };
    const j = judge(
      http({ a: gone, b: { ok: false, why: 'the container exited with code 1' }, runningB: false }),
    );
    expect(j.verdict).toBe('different');
  });
});

describe('parsers of what the image tools print', () => {
  it('reads maps, fds, command lines and listening sockets', () => {
    const u = parseUsed(
      [
        'P 1 /usr/local/bin/node',
        'C /app',
        'A node',
        'A server.js',
        'M /usr/lib/x86_64-linux-gnu/libc.so.6',
        'M /usr/local/bin/node',
        'F /dev/null',
        'F /tmp/x (deleted)',
        'F /app/data.db',
        'L 00000000:0BB8',
      ].join('\n'),
    );
    expect(u.executables).toEqual(['/usr/local/bin/node']);
    expect(u.paths).toEqual([
      '/app/data.db',
      '/app/server.js',
      '/usr/lib/x86_64-linux-gnu/libc.so.6',
      '/usr/local/bin/node',
    ]);
    expect(u.listening).toEqual([3000]);
    expect(u.moduleDirs).toEqual(['/app/node_modules', '/node_modules']);
    expect(u.mappedOnly).toEqual(['/usr/lib/x86_64-linux-gnu/libc.so.6', '/usr/local/bin/node']);
  });

  it('reads ldd output', () => {
    const { files, needs } = parseElfScan(
      [
        'E /app/x.node',
        'N linux-vdso.so.1 (0x00007ffd)',
        'N libpq.so.5 => /usr/lib/x86_64-linux-gnu/libpq.so.5 (0x00007f)',
        'N libfoo.so.1 => not found',
      ].join('\n'),
    );
    expect(files).toEqual(['/app/x.node']);
    expect(needs).toEqual([
      {
        file: '/app/x.node',
        soname: 'libpq.so.5',
        resolved: '/usr/lib/x86_64-linux-gnu/libpq.so.5',
      },
      { file: '/app/x.node', soname: 'libfoo.so.1', resolved: null },
    ]);
  });

  it('reads runtime versions as the tools print them', () => {
    const v = runtimeVersions(
      new Map([
        ['node', ['v20.20.2']],
        ['java', ['openjdk version "17.0.13" 2024-10-15']],
        ['python', ['Python 3.11.2']],
        ['dotnet', ['Microsoft.NETCore.App 8.0.1 [/usr/share/dotnet]']],
      ]),
    );
    expect(v).toEqual({ node: '20.20.2', java: '17.0.13', python: '3.11.2', dotnet: '8.0.1' });
  });
});

describe('facts refine the plan (convert stays pure)', () => {
  it('an image msconvert does not know declines without facts and converts with them', () => {
    const text = NODE_APP.replace('FROM node:20', 'FROM registry.example.com/team/node-base:3');
    const ctx = new MemoryContext(NODE_CTX);
    const plain = convert(text, ctx);
    expect(plain.status).toBe('declined');
    const r = convert(text, ctx, {
      facts: facts({ base: 'registry.example.com/team/node-base:3' }),
    });
    expect(r.status).toBe('converted');
    expect(r.output).toContain('FROM registry.example.com/team/node-base:3 AS builder');
    // Planned as node:20-bookworm, whose app needs nothing but node: distroless nodejs (#15).
    expect(r.explanation?.runtimeImage).toBe('gcr.io/distroless/nodejs20-debian12');
    expect(r.explanation?.facts?.changed[0]).toMatch(/^planned as node:20-bookworm/);
    expect(r.explanation?.facts?.used).toContain('node version 20.20.2 (node --version)');
  });

  it('picks the runtime the Dockerfile uses when the image has several', () => {
    const f = facts({ runtimes: { node: '20.1.0', python: '3.11.2' } });
    expect(equivalentImages(f, NODE_APP)).toEqual(['node:20-bookworm']);
    expect(equivalentImages({ ...f, os: undefined }, NODE_APP)).toEqual([]);
  });

  it('a library of a copied file from an OS package is installed in the runtime', () => {
    const ctx = new MemoryContext(NODE_CTX);
    const lib = {
      file: '/usr/src/app/node_modules/x/build/x.node',
      soname: 'libpq.so.5',
      resolved: '/usr/lib/x86_64-linux-gnu/libpq.so.5',
      package: 'libpq5',
    };
    const r = convert(NODE_APP, ctx, { facts: facts({ libraries: [lib] }) });
    expect(r.status).toBe('converted');
    expect(r.explanation?.packages).toContain('libpq5');
    expect(r.output).toMatch(/apt-get install[^\n]*libpq5/);
    expect(r.explanation?.facts?.changed.join('\n')).toContain('libpq5');
  });

  it('a library no package provides and nothing copies is a decline', () => {
    const lib = {
      file: '/usr/src/app/node_modules/x/build/x.node',
      soname: 'libfoo.so.1',
      resolved: '/usr/local/lib/libfoo.so.1',
      package: null,
    };
    const r = convert(NODE_APP, new MemoryContext(NODE_CTX), {
      facts: facts({ libraries: [lib] }),
    });
    expect(r.status).toBe('declined');
    expect(r.code).toBe('MSC030');
    expect(r.reason).toContain('/usr/local/lib/libfoo.so.1');
  });

  it("the base image's WORKDIR from the facts wins over what msconvert assumed", () => {
    const text = NODE_APP.replace('WORKDIR /usr/src/app\n', '');
    const f = facts({
      config: { workdir: '/workspace', user: '', entrypoint: null, cmd: null, env: {} },
    });
    const r = convert(text, new MemoryContext(NODE_CTX), { facts: f });
    expect(r.explanation?.facts?.changed.join('\n')).toContain('starts in /workspace, not /');
    expect(r.status).toBe('converted');
    expect(r.output).toMatch(/COPY --from=\S+ \/workspace \/workspace/);
  });

  it('a module folder the build filled on the resolution path is copied when the plan left it', () => {
    const f = facts({ dependencyDirs: [{ kind: 'node_modules', path: '/usr/node_modules' }] });
    const r = convert(NODE_APP, new MemoryContext(NODE_CTX), { facts: f });
    expect(r.status).toBe('converted');
    expect(r.output).toContain('/usr/node_modules /usr/node_modules');
    expect(r.explanation?.facts?.changed.join('\n')).toContain('/usr/node_modules');
  });

  it("Python's site-packages is not copied for an app in another language", () => {
    const f = facts({
      dependencyDirs: [{ kind: 'site-packages', path: '/usr/lib/python3/dist-packages' }],
      pythonPath: ['/usr/lib/python3/dist-packages'],
    });
    const r = convert(NODE_APP, new MemoryContext(NODE_CTX), { facts: f });
    expect(r.status).toBe('converted');
    expect(r.output).not.toContain('dist-packages');
  });
});
