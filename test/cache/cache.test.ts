// --cache: every example converts with it to its golden file in examples/<name>/expected-cache.golden (written
// only where the builder changes), converting the result again changes nothing, and the
// table rows pin each case that must keep its order or go without a cache mount.
// UPDATE_GOLDEN=1 rewrites the golden files; read every changed one before committing it.
import { spawnSync } from 'child_process';
import fc from 'fast-check';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { convert, FsContext, MemoryContext, type ConvertResult } from '../../src';
import { anyCase, realisticCase } from '../arbitraries';
import { CLI, examples, GOLDEN_CACHE, ROOT } from '../helpers';

describe.each(examples())('example $name with --cache', ({ name, dir, compose }) => {
  const text = fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
  const ctx = new FsContext(dir);
  const plain = convert(text, ctx, { compose });
  const cached = convert(text, ctx, { cache: true, compose });
  const file = path.join(dir, GOLDEN_CACHE);

  it('has the status of the plain conversion', () => {
    expect(cached.status).toBe(plain.status);
  });

  const changed = cached.output !== plain.output;
  if (process.env.UPDATE_GOLDEN) {
    if (changed) fs.writeFileSync(file, cached.output);
    else if (fs.existsSync(file)) fs.unlinkSync(file);
  }

  it(changed ? 'matches its --cache golden file' : 'is the plain conversion', () => {
    if (changed) expect(cached.output).toBe(fs.readFileSync(file, 'utf8'));
    else expect(fs.existsSync(file)).toBe(false);
  });

  it('converts to unchanged the second time', () => {
    const again = convert(cached.output, ctx, { cache: true, compose });
    expect(again.status).toBe(cached.status === 'converted' ? 'unchanged' : cached.status);
    expect(again.output).toBe(cached.output);
  });

  if (changed) {
    it('explains every change and adds no syntax line', () => {
      expect(cached.explanation?.cache?.length).toBeGreaterThan(0);
      expect(cached.output.match(/^# *syntax=/gim)?.length ?? 0).toBe(
        text.match(/^# *syntax=/gim)?.length ?? 0,
      );
    });
  }
});

const EXPRESS = JSON.stringify({ name: 'a', dependencies: { express: '^4.22.1' } });

function run(dockerfile: string, files: Record<string, string> = {}): ConvertResult {
  return convert(dockerfile, new MemoryContext(files), { cache: true });
}

function builder(r: ConvertResult): string {
  expect(r.status).toBe('converted');
  const at = r.output.search(/\r?\n\r?\nFROM /);
  return r.output.slice(0, r.output.indexOf('\n', at) + 1);
}

function codes(r: ConvertResult): string[] {
  return r.warnings.map((w) => w.code).filter((c) => /^MSC15/.test(c));
}

const NODE = 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["node", "server.js"]\n';
const NODE_FILES = { 'package.json': EXPRESS, 'package-lock.json': '{}', 'server.js': '' };

describe('dependency layers first', () => {
  it('copies the manifests before the sources and moves the install up with them', () => {
    expect(builder(run(NODE, NODE_FILES))).toBe(
      'FROM node:20 AS builder\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN --mount=type=cache,target=/root/.npm npm ci\nCOPY . .\nCMD ["node", "server.js"]\n',
    );
  });

  it('splits an install from the build that follows it in the same RUN', () => {
    const r = run(NODE.replace('RUN npm ci', 'RUN npm ci \\\n && npm run build'), {
      ...NODE_FILES,
      'package.json': JSON.stringify({ dependencies: { express: '1' }, scripts: { build: 'x' } }),
    });
    expect(builder(r)).toContain(
      'COPY package.json package-lock.json ./\nRUN --mount=type=cache,target=/root/.npm npm ci\nCOPY . .\nRUN npm run build\n',
    );
  });

  it('carries --chown of the COPY that brought the manifests, and the comments above the install', () => {
    const r = run(
      'FROM node:20\nWORKDIR /app\nCOPY --chown=node:node . .\n# dependencies\nRUN npm ci\nCMD ["node", "server.js"]\n',
      NODE_FILES,
    );
    expect(builder(r)).toContain(
      'COPY --chown=node:node package.json package-lock.json ./\n# dependencies\nRUN --mount=type=cache,target=/root/.npm npm ci\nCOPY --chown=node:node . .\n',
    );
  });

  it('copies the manifests again when a later COPY gave them another owner', () => {
    const r = run(
      'FROM node:20\nWORKDIR /app\nCOPY package*.json ./\nCOPY --chown=node:node . .\nRUN npm ci\nCMD ["node", "server.js"]\n',
      NODE_FILES,
    );
    expect(builder(r)).toContain(
      'COPY package*.json ./\nCOPY --chown=node:node package.json package-lock.json ./\nRUN --mount=type=cache,target=/root/.npm npm ci\nCOPY --chown=node:node . .\n',
    );
  });

  it('leaves out a lock file .dockerignore keeps out of the build', () => {
    const r = run(NODE, { ...NODE_FILES, '.dockerignore': 'package-lock.json\n' });
    expect(builder(r)).toContain('COPY package.json ./\n');
  });

  it('keeps CRLF line ends', () => {
    const r = run(NODE.replace(/\n/g, '\r\n'), NODE_FILES);
    expect(builder(r)).toContain('COPY package.json package-lock.json ./\r\nRUN --mount');
    expect(r.output.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('moves go mod download after go.mod and go.sum', () => {
    const r = run(
      'FROM golang:1.19\nWORKDIR /src\nCOPY . .\nRUN go mod download\nRUN go build -o /usr/local/bin/app .\nCMD ["app"]\n',
      {
        'go.mod': 'module x\n\ngo 1.19\n',
        'go.sum': '',
        'main.go': 'package main\nfunc main() {}\n',
      },
    );
    expect(builder(r)).toContain(
      'COPY go.mod go.sum ./\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\nCOPY . .\n',
    );
  });

  it('moves pip install -r with the requirement files it includes', () => {
    const r = run(
      'FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD ["gunicorn", "app:app"]\n',
      {
        'requirements.txt': '-r requirements/base.txt\ngunicorn==22.0.0\n',
        'requirements/base.txt': 'flask==3.0.0\n',
        'app.py': '',
      },
    );
    expect(builder(r)).toContain(
      'COPY requirements.txt ./\nCOPY requirements/base.txt ./requirements/\nRUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt\nCOPY . .\n',
    );
  });

  it('moves npm ci with --ignore-scripts although package.json has a postinstall script', () => {
    const r = run(NODE.replace('npm ci', 'npm ci --ignore-scripts'), {
      ...NODE_FILES,
      'package.json': JSON.stringify({ scripts: { postinstall: 'node x.js' } }),
    });
    expect(codes(r)).toEqual([]);
    expect(builder(r)).toContain('COPY package.json package-lock.json ./\n');
  });

  it('changes nothing in the order of a file that is already in order', () => {
    const text =
      'FROM node:20\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nCMD ["node", "server.js"]\n';
    const r = run(text, NODE_FILES);
    expect(builder(r)).toBe(
      text
        .replace('node:20', 'node:20 AS builder')
        .replace('RUN npm ci', 'RUN --mount=type=cache,target=/root/.npm npm ci')
        .replace(/\n$/, '\n'),
    );
    expect(codes(r)).toEqual([]);
  });

  // Each row: what the install may read or what would change, and the reason MSC150 gives.
  it.each([
    [
      'a postinstall script',
      NODE,
      { 'package.json': JSON.stringify({ scripts: { postinstall: 'node gen.js' } }) },
      /"postinstall" script/,
    ],
    [
      'a prepare script',
      NODE,
      { 'package.json': JSON.stringify({ scripts: { prepare: 'husky' } }) },
      /"prepare" script/,
    ],
    [
      'a file: dependency',
      NODE,
      { 'package.json': JSON.stringify({ dependencies: { lib: 'file:./lib' } }) },
      /file:\.\/lib/,
    ],
    [
      'a link: override',
      NODE,
      { 'package.json': JSON.stringify({ overrides: { x: 'link:../x' } }) },
      /link:\.\.\/x/,
    ],
    [
      'node_modules in the context',
      NODE,
      { 'node_modules/x/index.js': '' },
      /over \/app\/node_modules/,
    ],
    [
      'an ENV between the sources and the install',
      NODE.replace('RUN npm ci', 'ENV NODE_ENV=production\nRUN npm ci'),
      {},
      /line 4 \(ENV\)/,
    ],
    [
      'a RUN between the sources and the install',
      NODE.replace('RUN npm ci', 'RUN ./prepare.sh\nRUN npm ci'),
      {},
      /line 4 \(RUN\)/,
    ],
    [
      'a manifest rewritten first',
      NODE.replace('npm ci', 'npm pkg delete scripts.prepare && npm ci'),
      {},
      /runs after `npm pkg delete scripts.prepare`/,
    ],
    [
      'Yarn 2+',
      NODE.replace('npm ci', 'yarn install --immutable'),
      { '.yarnrc.yml': 'nodeLinker: node-modules\n', 'yarn.lock': '' },
      /Yarn 2\+/,
    ],
    [
      'a Yarn 1 offline mirror',
      NODE.replace('npm ci', 'yarn install --frozen-lockfile'),
      { '.yarnrc': 'yarn-offline-mirror "./npm-packages-offline-cache"\n', 'yarn.lock': '' },
      /offline mirror/,
    ],
  ])('keeps the order with %s (MSC150)', (_what, dockerfile, files, reason) => {
    const r = run(dockerfile, { ...NODE_FILES, ...files });
    const w = r.warnings.find((x) => x.code === 'MSC150');
    expect(w?.message).toMatch(reason);
    expect(builder(r)).toContain('COPY . .\n');
    expect(builder(r).indexOf('COPY . .')).toBeLessThan(
      builder(r).search(/RUN .*(npm|yarn|pnpm) /),
    );
  });

  // Packages of the repository: copied ahead of the install when read whole, else named.
  const WS = (ws: object, extra: Record<string, string> = {}) => ({
    ...NODE_FILES,
    'package.json': JSON.stringify({ workspaces: ['packages/*'] }),
    'packages/a/package.json': JSON.stringify(ws),
    'packages/a/index.js': '',
    'packages/b/package.json': '{"name":"b"}',
    'packages/notes.md': '',
    ...extra,
  });
  it('moves the install with every workspace manifest, ignored folders left out', () => {
    const r = run(
      NODE,
      WS({ name: 'a' }, { 'packages/c/package.json': '{}', '.dockerignore': 'packages/c\n' }),
    );
    expect(codes(r)).toEqual([]);
    expect(builder(r)).toContain(
      'COPY package.json package-lock.json ./\nCOPY packages/a/package.json ./packages/a/\nCOPY packages/b/package.json ./packages/b/\nRUN --mount=type=cache,target=/root/.npm npm ci\nCOPY . .\n',
    );
  });
  it('moves the install with a file: folder copied whole', () => {
    const r = run(NODE, {
      ...NODE_FILES,
      'package.json': JSON.stringify({ dependencies: { g: 'file:./lib/g' } }),
      'lib/g/package.json': '{"name":"g"}',
      'lib/g/index.js': '',
    });
    expect(builder(r)).toContain(
      'COPY lib/g ./lib/g/\nRUN --mount=type=cache,target=/root/.npm npm ci\nCOPY . .\n',
    );
  });
  it.each([
    [
      'a workspace with a postinstall script',
      WS({ scripts: { postinstall: 'node x' } }),
      'MSC154',
      /packages\/a\/package\.json has a "postinstall"/,
    ],
    [
      'a workspace with a bin',
      WS({ bin: { a: 'cli.js' } }),
      'MSC154',
      /packages\/a\/package\.json has a "bin"/,
    ],
    [
      'a workspace with a file: dependency',
      WS({ dependencies: { z: 'file:../z' } }),
      'MSC154',
      /file:\.\.\/z/,
    ],
    [
      'a ** workspace pattern',
      { ...WS({}), 'package.json': JSON.stringify({ workspaces: ['packages/**'] }) },
      'MSC155',
      /packages\/\*\*/,
    ],
    [
      'an ignore file with exceptions',
      WS({}, { '.dockerignore': 'packages\n!packages/a\n' }),
      'MSC155',
      /exceptions/,
    ],
    [
      'a pnpm-workspace.yaml with settings',
      { ...NODE_FILES, 'pnpm-workspace.yaml': 'catalog:\n  x: 1\n', 'pnpm-lock.yaml': '' },
      'MSC155',
      /pnpm-workspace\.yaml/,
    ],
    [
      'a file: folder with a prepare script',
      {
        ...NODE_FILES,
        'package.json': JSON.stringify({ dependencies: { g: 'file:./lib/g' } }),
        'lib/g/package.json': '{"scripts":{"prepare":"tsc"}}',
      },
      'MSC153',
      /lib\/g\/package\.json has a "prepare"/,
    ],
  ])('keeps the order with %s', (what, files, code, reason) => {
    const df = what.startsWith('a pnpm')
      ? NODE.replace('npm ci', 'pnpm install --frozen-lockfile')
      : NODE;
    const r = run(df, files as Record<string, string>);
    expect(r.warnings.find((x) => x.code === code)?.message).toMatch(reason);
    expect(builder(r).indexOf('COPY . .')).toBeLessThan(builder(r).search(/RUN .*(npm|pnpm) /));
  });

  it.each([
    ['an editable install', 'requirements.txt', '-e .\n', /editable/],
    ['a local path', 'requirements.txt', './libs/util\n', /local path/],
  ])(
    'keeps pip install -r in place when the requirements name %s',
    (_what, file, content, reason) => {
      const r = run(
        'FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD ["python", "app.py"]\n',
        {
          [file]: content,
          'app.py': '',
        },
      );
      expect(r.warnings.find((x) => x.code === 'MSC150')?.message).toMatch(reason);
    },
  );

  it('copies the readme Poetry checks along with pyproject.toml', () => {
    const r = run(
      'FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN poetry install --no-root\nCMD ["python", "app.py"]\n',
      {
        'pyproject.toml': '[tool.poetry]\nname = "x"\nreadme = "README.md"\n',
        'poetry.lock': '',
        'README.md': '',
        'app.py': '',
      },
    );
    if (r.status === 'converted')
      expect(r.output).toContain('COPY pyproject.toml poetry.lock README.md ./\n');
  });

  it('keeps go mod download in place when go.mod replaces a module with a local folder', () => {
    const r = run(
      'FROM golang:1.19\nWORKDIR /src\nCOPY . .\nRUN go mod download\nRUN go build -o /usr/local/bin/app .\nCMD ["app"]\n',
      {
        'go.mod': 'module x\n\ngo 1.19\n\nreplace example.com/y => ./y\n',
        'main.go': 'package main\nfunc main() {}\n',
      },
    );
    expect(r.warnings.find((x) => x.code === 'MSC150')?.message).toMatch(/local folder \.\/y/);
  });

  it('without a build context, moves nothing', () => {
    const r = convert(NODE, new MemoryContext({}, false), { cache: true });
    expect(r.output).toContain('COPY . .\nRUN --mount=type=cache,target=/root/.npm npm ci\n');
  });
});

describe('cache mounts', () => {
  const GO =
    'FROM golang:1.19\nWORKDIR /src\nCOPY . .\nRUN go build -o /usr/local/bin/app .\nCMD ["app"]\n';
  const GO_FILES = {
    'go.mod': 'module x\n\ngo 1.19\n',
    'main.go': 'package main\nfunc main() {}\n',
  };

  it('mounts the module and build caches on go build, with no syntax line', () => {
    const r = run(GO, GO_FILES);
    expect(builder(r)).toContain(
      'RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build go build',
    );
    expect(r.output.startsWith('FROM ')).toBe(true);
  });

  it('keeps a syntax line that has RUN --mount and adds none', () => {
    const r = run(`# syntax=docker/dockerfile:1\n${GO}`, GO_FILES);
    expect(r.output.match(/syntax=/g)).toHaveLength(1);
    expect(builder(r)).toContain('--mount=type=cache');
  });

  it.each([
    [
      'a frontend without RUN --mount',
      '# syntax=docker/dockerfile:1.0\n',
      /docker\/dockerfile:1\.0/,
    ],
    ['another frontend', '# syntax=example.com/frontend:2\n', /example\.com\/frontend:2/],
    ['USER before the build', '', /runs as nobody/],
    ['an image published by someone else', '', /bitnami\/golang/],
    ['a COPY into the cache folder', '', /copies files into it/],
    ['a RUN that reads the folder without the mount', '', /without the mount/],
  ])('leaves mounts out with %s (MSC151)', (what, head, reason) => {
    let text = head + GO;
    if (what.startsWith('USER')) text = text.replace('RUN go', 'USER nobody\nRUN go');
    if (what.includes('someone')) text = text.replace('golang:1.19', 'bitnami/golang:1.19');
    if (what.includes('COPY'))
      text = text.replace('COPY . .', 'COPY . .\nCOPY cache/ /root/.cache/go-build/');
    if (what.includes('reads')) text = text.replace('CMD', 'RUN ls /go/pkg/mod\nCMD');
    const r = run(text, { ...GO_FILES, 'cache/x': '' });
    expect(r.warnings.find((w) => w.code === 'MSC151')?.message).toMatch(reason);
  });

  it('leaves out the NuGet mount when the publish works offline from an earlier restore', () => {
    const r = run(
      'FROM mcr.microsoft.com/dotnet/sdk:8.0\nWORKDIR /src\nCOPY Api.csproj .\nRUN dotnet restore\nCOPY . .\nRUN dotnet publish -c Release -o /app --no-restore\nWORKDIR /app\nENTRYPOINT ["dotnet", "Api.dll"]\n',
      {
        'Api.csproj':
          '<Project Sdk="Microsoft.NET.Sdk.Web"><PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup></Project>',
        'Program.cs': '',
      },
    );
    expect(r.warnings.find((w) => w.code === 'MSC151')?.message).toMatch(/--no-restore/);
    expect(r.output).not.toContain('--mount');
  });

  it('mounts only the Maven repository, so settings.xml copied to ~/.m2 stays visible', () => {
    const r = run(
      'FROM maven:3.9-eclipse-temurin-17\nWORKDIR /app\nCOPY settings.xml /root/.m2/\nCOPY . .\nRUN mvn -B package\nCMD ["java", "-jar", "target/app-1.0.jar"]\n',
      {
        'settings.xml': '<settings/>',
        'pom.xml': '<project><artifactId>app</artifactId><version>1.0</version></project>',
      },
    );
    if (r.status === 'converted') {
      expect(builder(r)).toContain(
        'RUN --mount=type=cache,target=/root/.m2/repository,sharing=locked mvn -B package',
      );
      expect(codes(r)).toEqual([]);
    }
  });

  it('does not mount the same folder twice', () => {
    const text = GO.replace('RUN go', 'RUN --mount=type=cache,target=/root/.cache/go-build go');
    const r = run(text, GO_FILES);
    expect(builder(r).match(/target=\/root\/\.cache\/go-build/g)).toHaveLength(1);
    expect(builder(r)).toContain('--mount=type=cache,target=/go/pkg/mod');
  });

  it('mounts only the cache folders of Poetry, not its virtualenvs', () => {
    const r = run(
      'FROM python:3.11\nWORKDIR /app\nCOPY pyproject.toml poetry.lock ./\nRUN pip install poetry && poetry install --no-root\nCOPY . .\nCMD ["python", "app.py"]\n',
      { 'pyproject.toml': '[tool.poetry]\nname = "x"\n', 'poetry.lock': '', 'app.py': '' },
    );
    if (r.status === 'converted')
      expect(r.output).not.toMatch(/target=\/root\/\.cache\/pypoetry[ ,]/);
  });

  it('reads a COPY source with brackets as a glob, not as a broken regular expression', () => {
    // Found by the fuzz property: ADD ["nested", ["json"]] names the source `["nested",`,
    // and the --cache source reader built a regular expression from it unescaped.
    const text =
      'FROM golang:1.19\nADD ["nested", ["json"]]\nWORKDIR /src\nCOPY go.mod ./\nRUN go mod download\nCOPY . .\nRUN go build -o /usr/local/bin/server .\nCMD ["server"]\n';
    expect(() => run(text, GO_FILES)).not.toThrow();
    expect(run(text, GO_FILES).status).toBe(convert(text, new MemoryContext(GO_FILES)).status);
  });

  it('never mounts a folder the container uses', () => {
    const r = run(
      'FROM golang:1.19\nWORKDIR /src\nCOPY . .\nRUN go build -o /root/.cache/go-build/app .\nCMD ["/root/.cache/go-build/app"]\n',
      GO_FILES,
    );
    expect(r.output).not.toContain('target=/root/.cache/go-build');
    expect(r.warnings.find((w) => w.code === 'MSC151')?.message).toMatch(/line 5 uses it/);
  });

  it('keeps the plain conversion when the cached builder would not convert (MSC152)', () => {
    // Same runtime image, nothing pruned: the split only left npm's download cache behind,
    // which the cache mount already keeps out, so the cached builder gains nothing.
    const r = run(
      'FROM node:20-slim\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci --omit=dev\nCOPY . .\nCMD ["node", "server.js"]\n',
      NODE_FILES,
    );
    expect(r.status).toBe('converted');
    expect(r.output).not.toContain('--mount');
    expect(r.warnings.find((w) => w.code === 'MSC152')?.message).toMatch(/declined/);
  });
});

describe('the CLI', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'msconvert-cache-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
  fs.writeFileSync(path.join(tmp, 'Dockerfile'), NODE);
  for (const [k, v] of Object.entries(NODE_FILES)) fs.writeFileSync(path.join(tmp, k), v);

  const cli = (args: string[]) =>
    spawnSync(process.execPath, [CLI, ...args], { cwd: tmp, encoding: 'utf8' });

  it('--cache moves the install and lists the changes', () => {
    const r = cli(['--cache', '--stdout', 'Dockerfile']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('COPY package.json package-lock.json ./\nRUN --mount=type=cache');
    const diff = cli(['--cache', 'Dockerfile']);
    expect(diff.stderr + diff.stdout).toContain('cache:');
  });

  it('"cache": true in .msconvertrc.json does the same, and without it nothing moves', () => {
    expect(cli(['--stdout', 'Dockerfile']).stdout).not.toContain('--mount');
    fs.writeFileSync(path.join(tmp, '.msconvertrc.json'), '{"cache": true}');
    try {
      expect(cli(['--stdout', 'Dockerfile']).stdout).toContain('--mount=type=cache');
      fs.writeFileSync(path.join(tmp, '.msconvertrc.json'), '{"cache": "yes"}');
      const bad = cli(['--stdout', 'Dockerfile']);
      expect(bad.status).toBe(2);
      expect(bad.stderr).toMatch(/"cache" must be true or false/);
    } finally {
      fs.rmSync(path.join(tmp, '.msconvertrc.json'));
    }
  });
});

describe('fuzz: --cache over generated Dockerfiles', () => {
  jest.setTimeout(600_000);
  const RUNS = Math.max(50, Math.ceil((Number(process.env.FUZZ_RUNS) || 2000) / 8));

  it('never throws, keeps the plain status, the BOM and the line ends, and is idempotent', () => {
    let converted = 0;
    fc.assert(
      fc.property(fc.oneof(realisticCase, anyCase), (c) => {
        const ctx = () => new MemoryContext(c.files, c.known);
        const plain = convert(c.text, ctx());
        const r = convert(c.text, ctx(), { cache: true });
        expect(r.status).toBe(plain.status);
        if (r.status !== 'converted') {
          expect(r.output).toBe(c.text);
          return;
        }
        converted++;
        expect(r.output.startsWith('\uFEFF')).toBe(c.text.startsWith('\uFEFF'));
        if (!c.text.includes('\r')) expect(r.output).not.toContain('\r');
        const again = convert(r.output, ctx(), { cache: true });
        expect(again.status).toBe('unchanged');
      }),
      {
        numRuns: RUNS,
        ...(process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {}),
      },
    );
    expect(converted).toBeGreaterThan(RUNS * 0.2);
  });
});
