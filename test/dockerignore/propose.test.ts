// The .dockerignore proposal: Docker's matching (table rows against what docker build does),
// what is proposed for a context, and what is never excluded because the build needs it.
import { convert, MemoryContext } from '../../src';
import { matcher, readIgnoreFile } from '../../src/dockerignore/matcher';
import { HEADER, proposeDockerignore, type Proposal } from '../../src/dockerignore/propose';

describe('Docker matching', () => {
  // [patterns, path, excluded]: the rules of docs.docker.com's .dockerignore section and
  // moby's matcher (a folder pattern excludes its contents; the last matching line wins).
  it.each([
    [['node_modules'], 'node_modules', true],
    [['node_modules'], 'node_modules/a/index.js', true],
    [['node_modules'], 'web/node_modules', false],
    [['**/node_modules'], 'web/node_modules/x.js', true],
    [['**/node_modules'], 'node_modules', true],
    [['/node_modules/'], 'node_modules/x', true],
    [['*.md', '!README.md'], 'README.md', false],
    [['*.md', '!README.md'], 'CHANGES.md', true],
    [['*.md'], 'docs/a.md', false],
    [['*/temp*'], 'somedir/temporary.txt', true],
    [['temp?'], 'tempa', true],
    [['**/.env.*', '!.env.example'], '.env.example', false],
    [['**/.env.*', '!.env.example'], 'app/.env.example', true],
    [['secret', '!secret/ok'], 'secret/ok/file', false],
    [['Node_modules'], 'node_modules', false],
    [['# node_modules'], 'node_modules', false],
    [['\\#x'], '#x', true],
  ])('%j on %s: excluded=%s', (patterns, rel, excluded) => {
    expect(matcher(patterns as string[])(rel as string)).toBe(excluded);
  });

  it('reads the file as Docker does: BOM, comments in column 1, blanks, CRLF', () => {
    const lines = readIgnoreFile('\uFEFF# c\r\n\r\n  .git  \r\n ! keep\r\n #x\r\n');
    expect(lines.map((l) => l.pattern)).toEqual([null, null, '.git', '!keep', '#x']);
  });
});

function propose(
  dockerfile: string,
  files: Record<string, string>,
  existing: string | null = null,
  extra: { rel: string; text: string }[] = [],
): Proposal {
  const ctx = new MemoryContext({ ...files, Dockerfile: dockerfile });
  const result = convert(dockerfile, ctx);
  return proposeDockerignore({
    ctx,
    existing,
    dockerfiles: [
      { rel: 'Dockerfile', text: dockerfile, result },
      ...extra.map((e) => ({ rel: e.rel, text: e.text, result: null })),
    ],
  });
}

const lines = (p: Proposal) => p.added.map((e) => e.line);

const NODE = `FROM node:20
WORKDIR /app
COPY package*.json ./
RUN npm ci
COPY . .
CMD ["node", "server.js"]
`;
const NODE_FILES = {
  'package.json': '{"name":"a","dependencies":{"express":"4"}}',
  'package-lock.json': '{}',
  'server.js': 'require("express")',
};
const GO = `FROM golang:1.22
WORKDIR /src
COPY . .
RUN go build -o /usr/local/bin/app .
CMD ["app"]
`;
const GO_FILES = { 'go.mod': 'module x\n\ngo 1.22\n', 'main.go': 'package main\nfunc main(){}\n' };

describe('what is proposed', () => {
  it('a polluted Node context: .git, host node_modules, .env; examples stay', () => {
    const p = propose(NODE, {
      ...NODE_FILES,
      '.git/HEAD': 'ref: refs/heads/main\n',
      'node_modules/express/index.js': '',
      '.env': 'SECRET=1\n',
      '.env.production': 'SECRET=2\n',
      '.env.example': 'SECRET=\n',
    });
    expect(lines(p)).toEqual(['.git', 'node_modules', '**/.env', '**/.env.*', '!.env.example']);
    expect(p.output.startsWith(`${HEADER}\n.git\n`)).toBe(true);
    expect(p.secrets).toEqual([
      { path: '.env', inImage: true },
      { path: '.env.production', inImage: true },
    ]);
    const after = matcher(p.after);
    expect(after('.env.example')).toBe(false);
    expect(after('package-lock.json')).toBe(false);
  });

  it('a Node build proposes node_modules even before one exists (the language)', () => {
    expect(lines(propose(NODE, NODE_FILES))).toEqual(['node_modules']);
  });

  it('a clean Go context proposes nothing', () => {
    const p = propose(GO, GO_FILES);
    expect(p.added).toEqual([]);
    expect(p.output).toBe('');
  });

  it('appends to an existing file, never removing or reordering its lines', () => {
    const existing = 'node_modules\r\n# mine\r\n*.log';
    const p = propose(
      NODE,
      { ...NODE_FILES, '.git/HEAD': 'x', 'node_modules/a/i.js': '' },
      existing,
    );
    expect(lines(p)).toEqual(['.git']);
    expect(p.output).toBe(`${existing}\r\n\r\n${HEADER}\r\n.git\r\n`);
  });

  it('is idempotent: the proposal applied proposes nothing', () => {
    const files = { ...NODE_FILES, '.git/HEAD': 'x', '.env': 'A=1' };
    const p = propose(NODE, files);
    const again = propose(NODE, { ...files, '.dockerignore': p.output }, p.output);
    expect(again.added).toEqual([]);
  });

  it('private keys by content, certificates stay; SSH keys by name', () => {
    const p = propose(GO, {
      ...GO_FILES,
      'certs/server.key': '-----BEGIN PRIVATE KEY-----\n',
      'certs/ca.pem': '-----BEGIN CERTIFICATE-----\n',
      'certs/client.pem': '-----BEGIN RSA PRIVATE KEY-----\n',
      'deploy/id_ed25519': 'x',
      'id_generator.go': 'package main\n',
    });
    expect(lines(p)).toEqual(['certs/client.pem', '**/*.key', '**/id_ed25519']);
    expect(p.leftOut).toEqual([expect.objectContaining({ line: '**/*.pem' })]);
    expect(matcher(p.after)('id_generator.go')).toBe(false);
  });

  it('--backup: the backup --write is about to make is kept out too', () => {
    const ctx = new MemoryContext({ ...GO_FILES, Dockerfile: GO, '.git/HEAD': 'x' });
    const p = proposeDockerignore({
      ctx,
      existing: null,
      backupSuffix: '.orig',
      dockerfiles: [{ rel: 'Dockerfile', text: GO, result: convert(GO, ctx) }],
    });
    expect(lines(p)).toEqual(['.git', 'Dockerfile.orig']);
  });

  it('a name with a line break never becomes lines of the file', () => {
    const p = propose(GO, {
      ...GO_FILES,
      'certs/a\n*.go\n.pem': '-----BEGIN PRIVATE KEY-----',
      'env/pyvenv.cfg\nmain.go': '',
    });
    expect(p.output).toBe('');
    expect(matcher(p.after)('main.go')).toBe(false);
  });

  it('backups of the Dockerfile', () => {
    expect(lines(propose(GO, { ...GO_FILES, 'Dockerfile.orig': GO }))).toEqual(['Dockerfile.orig']);
  });
});

describe('what the build needs is never excluded', () => {
  it('a .env the app loads (dotenv) stays and is reported', () => {
    const p = propose(NODE, {
      ...NODE_FILES,
      'package.json': '{"dependencies":{"dotenv":"16"}}',
      '.env': 'A=1',
      '.git/HEAD': 'x',
    });
    expect(lines(p)).toEqual(['.git', 'node_modules']);
    expect(p.keptSecrets).toEqual([
      { path: '.env', why: 'the app loads .env files (package.json)' },
    ]);
  });

  it('a file a COPY names stays, even when it looks like a secret', () => {
    const df = GO.replace('COPY . .', 'COPY . .\nCOPY .env.production /etc/app.env');
    const p = propose(df, { ...GO_FILES, '.env.production': 'A=1', '.env.local': 'B=1' });
    expect(lines(p)).toEqual(['.env.local']);
    expect(p.leftOut).toEqual([
      { line: '**/.env.*', why: '.env.production: COPY .env.production names it' },
    ]);
  });

  it('a file a RUN or a script names stays', () => {
    const df = GO.replace('RUN go build', 'RUN ./build.sh && go build');
    const p = propose(df, {
      ...GO_FILES,
      'build.sh': '#!/bin/sh\nset -a; . ./.env.build; set +a\n',
      '.env.build': 'A=1',
    });
    expect(lines(p)).toEqual([]);
    expect(p.keptSecrets).toEqual([
      { path: '.env.build', why: 'the build or start command names it' },
    ]);
  });

  it('a file the runtime stage copies stays (the Go source reads it by path)', () => {
    const p = propose(GO, {
      ...GO_FILES,
      'main.go': 'package main\nimport "os"\nfunc main(){ os.ReadFile("secrets/.env.prod") }\n',
      'secrets/.env.prod': 'A=1',
      '.git/HEAD': 'x',
    });
    expect(lines(p)).toEqual(['.git']);
    expect(p.keptSecrets).toEqual([
      { path: 'secrets/.env.prod', why: 'the runtime stage copies it' },
    ]);
  });

  it('.git stays when the build reads it without git', () => {
    const df = GO.replace('RUN go build', 'RUN cat .git/HEAD > /version && go build');
    expect(propose(df, { ...GO_FILES, '.git/HEAD': 'x' }).leftOut).toEqual([
      { line: '.git', why: '.git: the build or start command names it' },
    ]);
  });

  it('.git stays when the build runs git or names its version from it', () => {
    const df = GO.replace('RUN go build', 'RUN git describe --tags > version.txt && go build');
    expect(propose(df, { ...GO_FILES, '.git/HEAD': 'x' }).leftOut).toEqual([
      { line: '.git', why: '.git: the build runs git, which reads it' },
    ]);
    const py = `FROM python:3.12
WORKDIR /app
COPY . .
RUN pip install .
CMD ["app"]
`;
    const p = propose(py, {
      'pyproject.toml': '[build-system]\nrequires = ["setuptools", "setuptools-scm"]\n',
      '.git/HEAD': 'x',
    });
    expect(lines(p)).not.toContain('.git');
  });

  it('a host node_modules stays when the build copies it and installs nothing', () => {
    const df = `FROM node:20
WORKDIR /app
COPY . .
RUN npm run build
CMD ["node", "dist/server.js"]
`;
    const p = propose(df, { ...NODE_FILES, 'node_modules/a/index.js': '', '.git/HEAD': 'x' });
    expect(lines(p)).toEqual(['.git']);
    expect(p.leftOut[0].line).toBe('node_modules');
  });

  it("the existing file's exceptions are respected", () => {
    const existing = '*.env\n!keep/.env.production\n';
    const p = propose(
      GO,
      { ...GO_FILES, 'keep/.env.production': 'A=1', '.env.dev': 'B=1' },
      existing,
    );
    expect(matcher(p.after)('keep/.env.production')).toBe(false);
    expect(matcher(p.after)('.env.dev')).toBe(true);
    expect(p.output.startsWith(existing)).toBe(true);
  });

  it('an exception for an example the existing file excluded is not added', () => {
    const existing = '.env.example\n';
    const p = propose(GO, { ...GO_FILES, '.env.local': 'A=1', '.env.example': 'A=' }, existing);
    expect(lines(p)).toEqual(['**/.env.*']);
    expect(matcher(p.after)('.env.example')).toBe(true);
  });

  it('an .npmrc with a token: kept where npm reads it, kept out otherwise', () => {
    const npmrc = { '.npmrc': '//registry.npmjs.org/:_authToken=npm_abc\n' };
    const node = propose(NODE, { ...NODE_FILES, ...npmrc });
    expect(node.keptSecrets).toEqual([
      { path: '.npmrc', why: 'npm reads it where the build copies it' },
    ]);
    expect(lines(propose(GO, { ...GO_FILES, ...npmrc }))).toEqual(['.npmrc']);
  });

  it('a COPY source a build argument chooses keeps everything it may name', () => {
    const df = GO.replace(
      'COPY . .',
      'ARG STAGE=production\nCOPY . .\nCOPY .env.${STAGE} /app/.env',
    );
    const p = propose(df, {
      ...GO_FILES,
      '.env.production': 'A=1',
      '.env.staging': 'B=1',
      id_rsa: 'k',
    });
    expect(lines(p)).toEqual(['**/id_rsa']);
    expect(p.leftOut[0]).toEqual({
      line: '**/.env.*',
      why: '.env.production: COPY .env.production names it',
    });
    expect(matcher(p.after)('.env.staging')).toBe(false);
    const whole = GO.replace('COPY . .', 'ARG SRC\nCOPY ${SRC} .');
    expect(lines(propose(whole, { ...GO_FILES, '.git/HEAD': 'x', id_rsa: 'k' }))).toEqual([]);
  });

  it('a bind-mount source stays', () => {
    const df = GO.replace(
      'RUN go build',
      'RUN --mount=type=bind,source=.env.build,target=/tmp/env go build',
    );
    const p = propose(df, { ...GO_FILES, '.env.build': 'A=1', '.env.local': 'B=1' });
    expect(lines(p)).toEqual(['.env.local']);
  });

  it('an explicitly copied target/ stays (a prebuilt jar)', () => {
    const df = `FROM maven:3.9-eclipse-temurin-17
WORKDIR /app
COPY pom.xml .
COPY src src
RUN mvn -B package
COPY target/extra.jar /opt/extra.jar
CMD ["java", "-jar", "target/app.jar"]
`;
    const p = propose(df, { 'pom.xml': '<project/>', 'src/A.java': '', 'target/extra.jar': 'x' });
    expect(lines(p)).not.toContain('target');
    expect(p.leftOut).toEqual([
      { line: 'target', why: 'target/extra.jar: COPY target/extra.jar names it' },
    ]);
  });

  it("target/ of a project whose build gives Maven's wrapper to bash is the host's to leave out", () => {
    const df = `FROM eclipse-temurin:17-jdk
WORKDIR /app
COPY . .
RUN bash ./mvnw -B package
CMD ["java", "-jar", "target/app.jar"]
`;
    const mvnw = '#!/bin/sh\nexec java org.apache.maven.wrapper.MavenWrapperMain "$@"\n';
    const files = { 'pom.xml': '<project/>', 'src/A.java': '', 'target/old.jar': 'x' };
    expect(lines(propose(df, { ...files, mvnw }))).toContain('target');
    // A script of the project's own under that name may be copying the host's build.
    expect(
      lines(propose(df, { ...files, mvnw: '#!/bin/sh\ncp /cache/*.jar target/\n' })),
    ).not.toContain('target');
  });

  it('.NET bin/obj: a glob when every one sits beside a project file, single paths otherwise', () => {
    const df = `FROM mcr.microsoft.com/dotnet/sdk:8.0
WORKDIR /src
COPY . .
RUN dotnet publish Api/Api.csproj -c Release -o /app
WORKDIR /app
ENTRYPOINT ["dotnet", "Api.dll"]
`;
    const files = {
      'Api/Api.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web"/>',
      'Api/bin/Debug/x.dll': 'x',
    };
    expect(lines(propose(df, files))).toEqual(['**/bin', '**/obj']);
    const withTools = { ...files, 'tools/bin/gen.sh': '#!/bin/sh' };
    expect(lines(propose(df, withTools))).toEqual(['Api/bin', '**/obj']);
  });

  it('nested node_modules: **/node_modules with workspaces, the root one only without', () => {
    const nested = { 'packages/a/node_modules/x/i.js': '', 'packages/a/package.json': '{}' };
    expect(lines(propose(NODE, { ...NODE_FILES, ...nested }))).toEqual(['node_modules']);
    const ws = { 'package.json': '{"workspaces":["packages/*"]}' };
    expect(lines(propose(NODE, { ...NODE_FILES, ...nested, ...ws }))).toEqual(['**/node_modules']);
  });

  it('a host virtual environment (pyvenv.cfg) and __pycache__', () => {
    const py = `FROM python:3.12
WORKDIR /app
COPY . .
RUN pip install -r requirements.txt
CMD ["python", "app.py"]
`;
    const p = propose(py, {
      'requirements.txt': 'flask\n',
      'app.py': 'import flask\n',
      'env/pyvenv.cfg': 'home = /usr/bin\n',
      'env/lib/site.py': '',
      'pkg/__pycache__/a.cpython-312.pyc': '',
    });
    expect(lines(p)).toEqual(['env', '**/__pycache__']);
  });

  // Existing files with exceptions: [existing, extra context files, lines added, paths that
  // must stay in the context after, paths that must be out].
  it.each([
    [
      'allow-list: everything out, then the sources back',
      '*\n!src\n!go.mod\n!main.go\n',
      { 'src/.env': 'A=1', '.env': 'B=1', '.git/HEAD': 'x' },
      [],
      ['src/.env', 'main.go'],
      ['.env', '.git'],
    ],
    [
      'an exception inside a folder the proposal would exclude',
      '!.git/HEAD\n',
      { '.git/HEAD': 'x', '.git/config': 'y' },
      [],
      ['.git/HEAD'],
      [],
    ],
    [
      'env files out, one brought back',
      '.env*\n!.env.production\n',
      { '.env': 'A=1', '.env.production': 'B=1', id_rsa: 'k', '.git/HEAD': 'x' },
      ['.git', '**/id_rsa'],
      ['.env.production'],
      ['.env', 'id_rsa', '.git/HEAD'],
    ],
    [
      'an exception for a path not present yet is still kept',
      '!config/.env.local\n',
      { '.env.local': 'A=1' },
      ['.env.local'],
      ['config/.env.local'],
      ['.env.local'],
    ],
    [
      'a negated pattern with a glob',
      '**/*.pem\n!certs/*.pem\n',
      { 'certs/a.pem': '-----BEGIN PRIVATE KEY-----', 'keys/b.key': '-----BEGIN PRIVATE KEY-----' },
      ['**/*.key'],
      ['certs/a.pem'],
      ['keys/b.key'],
    ],
  ] as [string, string, Record<string, string>, string[], string[], string[]][])(
    'existing file, %s',
    (_name, existing, files, added, kept, out) => {
      const p = propose(GO, { ...GO_FILES, ...files }, existing);
      expect(lines(p)).toEqual(added);
      expect(p.output.startsWith(existing)).toBe(true);
      const after = matcher(p.after);
      for (const k of kept) expect({ k, excluded: after(k) }).toEqual({ k, excluded: false });
      for (const o of out) expect({ o, excluded: after(o) }).toEqual({ o, excluded: true });
    },
  );

  it('several Dockerfiles sharing the context: one proposal that suits them all', () => {
    const dev = `FROM node:20
WORKDIR /app
COPY . .
CMD ["node", "server.js"]
`;
    const p = propose(NODE, { ...NODE_FILES, 'node_modules/a/i.js': '', '.git/HEAD': 'x' }, null, [
      { rel: 'Dockerfile.dev', text: dev },
    ]);
    expect(lines(p)).toEqual(['.git']);
    expect(p.leftOut[0].why).toMatch(/does not make it again/);
  });
});
