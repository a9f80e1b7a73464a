// Table tests for languages msconvert has no provider for: each is recognised, named in the
// decline with its evidence and what a user can do; the rows that must NOT match belong to a
// real provider. Static front-ends: nginx-based ones are declined, Node-served ones converted.
import { convert, MemoryContext } from '../../../src';
import { ImageFiles } from '../../../src/analysis/files';
import { readStage } from '../../../src/analysis/stage';
import { parseDockerfile } from '../../../src/parse';
import { otherProvider } from '../../../src/providers/others';

function detection(dockerfile: string, files: Record<string, string> = {}) {
  const parsed = parseDockerfile(dockerfile);
  const model = readStage(parsed, parsed.stages[0]);
  const ctx = new MemoryContext(files);
  return otherProvider.detect({
    parsed,
    model,
    ctx,
    files: new ImageFiles(model, ctx),
    options: {},
    builderName: 'builder',
  });
}

interface Row {
  lang: string;
  df: string;
  files?: Record<string, string>;
  says: string[];
}

describe('languages without a provider are declined with the language and advice', () => {
  it.each<Row>([
    {
      lang: 'Elixir',
      df: 'FROM elixir:1.16\nWORKDIR /app\nCOPY . .\nRUN mix deps.get && mix release\nCMD ["_build/prod/rel/app/bin/app","start"]\n',
      files: { 'mix.exs': '' },
      says: ['Elixir (FROM elixir:1.16, RUN mix release', '_build/prod/rel'],
    },
    {
      lang: 'Erlang',
      df: 'FROM erlang:26\nWORKDIR /app\nCOPY . .\nRUN rebar3 as prod release\nCMD ["_build/prod/rel/app/bin/app","foreground"]\n',
      files: { 'rebar.config': '' },
      says: ['Erlang (FROM erlang:26, RUN rebar3 as', 'rebar3 as prod release'],
    },
    {
      lang: 'Swift',
      df: 'FROM swift:5.10\nWORKDIR /app\nCOPY . .\nRUN swift build -c release\nCMD [".build/release/App"]\n',
      files: { 'Package.swift': '' },
      says: ['Swift (FROM swift:5.10, RUN swift build', 'swift:5.10-slim'],
    },
    {
      lang: 'Clojure',
      df: 'FROM clojure:lein\nWORKDIR /app\nCOPY . .\nRUN lein uberjar\nCMD ["java","-jar","target/app-standalone.jar"]\n',
      files: { 'project.clj': '' },
      says: ['Clojure (FROM clojure:lein, RUN lein uberjar', 'eclipse-temurin'],
    },
    {
      lang: 'Scala',
      df: 'FROM sbtscala/scala-sbt:eclipse-temurin-17.0.10_7_1.9.9_3.4.0\nWORKDIR /app\nCOPY . .\nRUN sbt assembly\nCMD ["java","-jar","target/scala-3.4.0/app.jar"]\n',
      files: { 'build.sbt': '' },
      says: ['Scala (FROM sbtscala/scala-sbt', 'RUN sbt assembly', 'sbt assembly'],
    },
    {
      lang: 'C/C++ with CMake',
      df: 'FROM debian:bookworm\nRUN apt-get update && apt-get install -y build-essential cmake\nWORKDIR /src\nCOPY . .\nRUN cmake -B build && cmake --build build\nCMD ["./build/server"]\n',
      files: { 'CMakeLists.txt': '', 'src/main.cpp': '' },
      says: ['C/C++ (RUN cmake -B', 'CMakeLists.txt', 'ldd'],
    },
    {
      lang: 'Perl',
      df: 'FROM perl:5.38\nWORKDIR /app\nCOPY . .\nRUN cpanm --installdeps .\nCMD ["plackup","app.psgi"]\n',
      files: { cpanfile: '' },
      says: ['Perl (FROM perl:5.38, RUN cpanm --installdeps', 'perl:5.38-slim'],
    },
    {
      lang: 'Deno',
      df: 'FROM denoland/deno:2.1.4\nWORKDIR /app\nCOPY . .\nRUN deno cache main.ts\nCMD ["run","--allow-net","main.ts"]\n',
      says: ['Deno (FROM denoland/deno:2.1.4, RUN deno cache', 'deno compile'],
    },
    {
      lang: 'Bun',
      df: 'FROM oven/bun:1.1\nWORKDIR /app\nCOPY . .\nRUN bun install --frozen-lockfile\nCMD ["bun","run","index.ts"]\n',
      files: { 'package.json': '{}', 'bun.lockb': '' },
      says: ['Bun (FROM oven/bun:1.1, RUN bun install', 'oven/bun:1.1-slim'],
    },
    {
      lang: 'Haskell',
      df: 'FROM haskell:9.6\nWORKDIR /app\nCOPY . .\nRUN stack setup && stack build --copy-bins\nCMD ["app"]\n',
      files: { 'stack.yaml': '' },
      says: ['Haskell (FROM haskell:9.6, RUN stack build', 'libgmp10'],
    },
    {
      lang: 'Dart',
      df: 'FROM dart:3.4\nWORKDIR /app\nCOPY . .\nRUN dart pub get && dart compile exe bin/server.dart -o bin/server\nCMD ["bin/server"]\n',
      files: { 'pubspec.yaml': '' },
      says: ['Dart (FROM dart:3.4, RUN dart compile', '/runtime/'],
    },
    {
      lang: 'Crystal',
      df: 'FROM crystallang/crystal:1.12\nWORKDIR /app\nCOPY . .\nRUN shards build --release\nCMD ["bin/app"]\n',
      files: { 'shard.yml': '' },
      says: ['Crystal (FROM crystallang/crystal:1.12, RUN shards build'],
    },
    {
      lang: 'Zig',
      df: 'FROM debian:bookworm\nWORKDIR /app\nCOPY . .\nRUN zig build -Doptimize=ReleaseSafe\nCMD ["zig-out/bin/app"]\n',
      files: { 'build.zig': '' },
      says: ['Zig (RUN zig build', 'build.zig', 'zig-out/bin'],
    },
    {
      lang: 'R',
      df: 'FROM rocker/r-ver:4.4.0\nRUN install2.r plumber\nCOPY api.R /api.R\nCMD ["Rscript","/api.R"]\n',
      says: ['R (FROM rocker/r-ver:4.4.0, RUN install2.r', 'rocker/r-ver'],
    },
    {
      lang: 'Julia',
      df: 'FROM julia:1.10\nWORKDIR /app\nCOPY . .\nRUN julia --project -e "using Pkg; Pkg.instantiate()"\nCMD ["julia","--project","server.jl"]\n',
      files: { 'Project.toml': '' },
      says: ['Julia (FROM julia:1.10', 'JULIA_DEPOT_PATH'],
    },
  ])('$lang', ({ df, files, says }) => {
    const r = convert(df, new MemoryContext(files ?? {}));
    expect(r.status).toBe('declined');
    expect(r.code).toBe('MSC002');
    expect(r.language).toBe('other');
    for (const s of says) expect(r.reason).toContain(s);
    expect(r.reason).toMatch(/msconvert has no .+ provider yet/);
    expect(r.output).toBe(df);
  });
});

describe('rows that must NOT be claimed by the other-languages provider', () => {
  it.each<[string, string, Record<string, string>, string]>([
    [
      'Go',
      'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n',
      { 'go.mod': 'module x\n', 'main.go': 'package main\n' },
      'go',
    ],
    [
      'Go with cgo C files and make',
      'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN make\nCMD ["/app"]\n',
      { 'go.mod': 'module x\n', 'lib.c': '', Makefile: 'all:\n\tgo build -o /app .\n' },
      'go',
    ],
    [
      'Node',
      'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["node","server.js"]\n',
      { 'package.json': '{}' },
      'node',
    ],
    [
      'Node using a Ruby gem for assets',
      'FROM node:20\nRUN gem install sass\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["node","server.js"]\n',
      { 'package.json': '{}' },
      'node',
    ],
    [
      'Rust',
      'FROM rust:1.80\nWORKDIR /app\nCOPY . .\nRUN cargo build --release\nCMD ["./target/release/x"]\n',
      { 'Cargo.toml': '[package]\nname = "x"\n' },
      'rust',
    ],
    [
      'Python (its provider is registered)',
      'FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD ["python","app.py"]\n',
      { 'requirements.txt': '' },
      'python',
    ],
    [
      'Java (its provider is registered)',
      'FROM maven:3.9-eclipse-temurin-17\nWORKDIR /app\nCOPY . .\nRUN mvn -q package\nCMD ["java","-jar","target/app.jar"]\n',
      { 'pom.xml': '<project/>' },
      'java',
    ],
  ])('%s', (_name, df, files, language) => {
    expect(convert(df, new MemoryContext(files)).language).toBe(language);
    // Either not recognised at all, or far enough behind the real provider (a gem used as a tool).
    const score = detection(df, files)?.score ?? 0;
    expect(score < 5 || language === 'node').toBe(true);
  });
});

describe('static sites', () => {
  const frontEnd = { 'package.json': JSON.stringify({ scripts: { build: 'vite build' } }) };
  it('nginx with a Node build in its image is declined with the split to make', () => {
    const df =
      'FROM nginx:1.27\nRUN apt-get update && apt-get install -y nodejs npm\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build && cp -r dist/. /usr/share/nginx/html\nEXPOSE 80\nCMD ["nginx","-g","daemon off;"]\n';
    const r = convert(df, new MemoryContext(frontEnd));
    expect(r.status).toBe('declined');
    expect(r.code).toBe('MSC002');
    expect(r.reason).toContain('static front-end built with Node.js and served by nginx');
    expect(r.reason).toContain('the same nginx:1.27 image at /usr/share/nginx/html');
  });

  it('nginx started in a node image is a static site, not a Node app', () => {
    const df =
      'FROM node:20\nRUN apt-get update && apt-get install -y nginx\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build && cp -r dist/. /var/www/html\nCMD ["nginx","-g","daemon off;"]\n';
    const r = convert(df, new MemoryContext(frontEnd));
    expect(r.status).toBe('declined');
    expect(r.language).toBe('other');
    expect(r.reason).toContain('served by nginx (RUN npm ci, starts nginx)');
  });

  it('a site generator run in the httpd image is declined too', () => {
    const df =
      'FROM httpd:2.4\nRUN apt-get update && apt-get install -y hugo\nWORKDIR /site\nCOPY . .\nRUN hugo --destination /usr/local/apache2/htdocs\nCMD ["httpd-foreground"]\n';
    const r = convert(df, new MemoryContext({ 'config.toml': '' }));
    expect(r.code).toBe('MSC002');
    expect(r.reason).toContain('built in the same image');
    expect(r.reason).toContain('/usr/local/apache2/htdocs');
  });

  it('nginx serving files from the context builds nothing', () => {
    const df =
      'FROM nginx:1.27-alpine\nCOPY site/ /usr/share/nginx/html/\nCMD ["nginx","-g","daemon off;"]\n';
    const r = convert(df, new MemoryContext({ 'site/index.html': '' }));
    expect(r.code).toBe('MSC006');
    expect(r.reason).toContain('nginx:1.27-alpine serves files copied from the build context');
  });

  it('nginx without a CMD is declined before any provider plans (the base image starts it)', () => {
    const r = convert('FROM nginx:1.27\nCOPY dist /usr/share/nginx/html\n', new MemoryContext({}));
    expect(r.status).toBe('declined');
    expect(r.code).toBe('MSC006');
  });

  it('PHP built with npm assets stays PHP', () => {
    const df =
      'FROM php:8.3-apache\nRUN apt-get update && apt-get install -y nodejs npm\nWORKDIR /var/www/html\nCOPY . .\nRUN composer install && npm ci && npm run build\nCMD ["apache2-foreground"]\n';
    const r = convert(df, new MemoryContext({ 'composer.json': '{}', ...frontEnd }));
    // The PHP provider claims it (src/providers/php): not a static site.
    expect({ status: r.status, language: r.language }).toEqual({
      status: 'converted',
      language: 'php',
    });
  });

  const serve = (pkg: object) =>
    new MemoryContext({
      'package.json': JSON.stringify({ name: 'web', scripts: { build: 'vite build' }, ...pkg }),
    });
  const serveDf =
    'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nEXPOSE 3000\nCMD ["npx","serve","-s","dist","-l","3000"]\n';

  it('npx serve with serve as a dependency: converted by Node, same server and port', () => {
    const r = convert(
      serveDf,
      serve({ dependencies: { serve: '^14' }, devDependencies: { vite: '^5' } }),
    );
    expect(r.status).toBe('converted');
    expect(r.language).toBe('node');
    const runtime = r.output.slice(serveDf.length);
    expect(runtime).toContain('FROM node:20-slim');
    expect(runtime).toContain('EXPOSE 3000\nCMD ["npx","serve","-s","dist","-l","3000"]');
    expect(runtime).toContain('COPY --from=production-deps /app /app');
  });

  it('npx serve with serve as a devDependency keeps the devDependencies', () => {
    const r = convert(serveDf, serve({ devDependencies: { serve: '^14', vite: '^5' } }));
    expect(r.status).toBe('converted');
    expect(r.warnings.map((w) => w.code)).toContain('MSC102');
    expect(r.output).not.toContain('production-deps');
  });

  it('npx serve with serve installed nowhere: npx downloads it at start, before and after', () => {
    const r = convert(serveDf, serve({ devDependencies: { vite: '^5' } }));
    expect(r.status).toBe('converted');
    expect(r.output.slice(serveDf.length)).toContain('CMD ["npx","serve","-s","dist","-l","3000"]');
  });
});

describe('nothing recognised', () => {
  it('lists the languages msconvert converts', () => {
    const df = 'FROM alpine:3.20\nCOPY app /usr/bin/app\nCMD ["app"]\n';
    const r = convert(df, new MemoryContext({}));
    expect(r.code).toBe('MSC002');
    expect(r.reason).toMatch(
      /^no supported language found \(FROM alpine:3\.20\); msconvert converts Go, Node\.js, .*Rust/,
    );
    expect(r.reason).not.toContain('another language');
  });

  // Seen in the wild set: aspnet images running dlls built on the host were declined as
  // "no supported language found", which sends the reader to --lang.
  it.each([
    'mcr.microsoft.com/dotnet/core/aspnet:3.1',
    'mcr.microsoft.com/dotnet/runtime:8.0',
    'microsoft/dotnet:latest',
  ])('a .NET image with no build (%s) says the build is missing', (image) => {
    const df = `FROM ${image}\nWORKDIR /app\nCOPY . .\nENTRYPOINT ["dotnet", "Api.dll"]\n`;
    const r = convert(df, new MemoryContext({ 'Api.dll': '' }));
    expect(r.code).toBe('MSC006');
    expect(r.reason).toContain(`FROM ${image} is a .NET image and no dotnet publish`);
  });

  it('mentions weak evidence', () => {
    const df = 'FROM debian:bookworm-slim\nCOPY app /usr/bin/app\nCMD ["app"]\n';
    const r = convert(df, new MemoryContext({ 'mix.exs': '' }));
    expect(r.reason).toContain('(mix.exs suggests Elixir, which msconvert has no provider for)');
  });

  it('the fallback never conflicts with a real provider', () => {
    const df = 'FROM debian:12\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n';
    const r = convert(
      df,
      new MemoryContext({ 'main.go': 'package main\n', 'go.mod': 'module x\n' }),
    );
    expect(r.language).toBe('go');
    expect(detection('FROM scratch\nCMD ["/x"]\n')?.score).toBeLessThan(0);
  });
});
