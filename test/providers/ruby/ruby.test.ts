// The Ruby provider: which Dockerfiles it claims, what it copies and installs, and what it
// declines. Each row is one behaviour; the examples (examples/ruby-*) hold the whole apps.
import { convert, MemoryContext } from '../../../src';
import { rubyProvider } from '../../../src/providers/ruby';
import { readLockfile } from '../../../src/providers/ruby/gems';
import { rubyRuntime } from '../../../src/providers/ruby/runtime';
import { parseImage } from '../../../src/analysis/image';
import { detects } from '../../helpers';
import type { ImageFacts } from '../../../src/facts/types';

const GEMFILE = 'source "https://rubygems.org"\ngem "puma"\n';
const lock = (...specs: string[]) =>
  `GEM\n  remote: https://rubygems.org/\n  specs:\n${specs.map((s) => `    ${s}\n`).join('')}\nPLATFORMS\n  x86_64-linux\n\nDEPENDENCIES\n  puma\n\nBUNDLED WITH\n   2.5.11\n`;
const ctx = (extra: Record<string, string> = {}) =>
  new MemoryContext({ Gemfile: GEMFILE, 'Gemfile.lock': lock('puma (6.4.3)'), ...extra });
const app = (body: string, from = 'ruby:3.3') =>
  `FROM ${from}\nWORKDIR /app\nCOPY . .\n${body}\nCMD ["bundle", "exec", "puma"]\n`;

describe('ruby provider detection', () => {
  it.each([
    ['FROM ruby:3.3\nCMD ["ruby","a.rb"]\n', true],
    ['FROM debian:12\nRUN bundle install\nCMD ["ruby","a.rb"]\n', true],
    ['FROM debian:12\nRUN gem install sinatra\nCMD ["ruby","a.rb"]\n', true],
    ['FROM node:20\nRUN npm ci\nCMD ["node","x.js"]\n', false],
    ['FROM python:3.12\nRUN pip install -r requirements.txt\nCMD ["python","a.py"]\n', false],
    // A Gemfile alone never claims a Dockerfile.
    ['FROM debian:12\nCOPY app /usr/bin/app\nCMD ["app"]\n', false],
  ])('%j -> %s', (df, expected) => {
    expect(detects(rubyProvider, df, { Gemfile: GEMFILE })).toBe(expected);
  });

  it('wins over Node when a Rails image also runs yarn', () => {
    const r = convert(app('RUN bundle install && yarn install'), ctx({ 'package.json': '{}' }));
    expect(r.language).toBe('ruby');
  });
});

describe('Gemfile.lock', () => {
  it('reads gems with their platform, and dependencies', () => {
    const l = readLockfile(lock('pg (1.5.9)', 'nokogiri (1.16.7-x86_64-linux)', 'puma (6.4.3)'));
    expect(l?.gems).toEqual([
      { name: 'pg', version: '1.5.9', platform: null },
      { name: 'nokogiri', version: '1.16.7', platform: 'x86_64-linux' },
      { name: 'puma', version: '6.4.3', platform: null },
    ]);
    expect(l?.dependencies).toEqual(['puma']);
  });

  it('is not a lockfile when it has no sections', () => {
    expect(readLockfile('gem "puma"\n')).toBeNull();
  });
});

describe('runtime image', () => {
  it.each([
    ['ruby:3.3', 'ruby:3.3-slim'],
    ['ruby:3.3.6-bookworm', 'ruby:3.3.6-slim-bookworm'],
    ['ruby:3.2-bullseye', 'ruby:3.2-slim-bullseye'],
    ['ruby:3.3-slim', 'ruby:3.3-slim'],
    ['ruby:3.3-alpine3.20', 'ruby:3.3-alpine3.20'],
  ])('%s -> %s', (from, to) => {
    expect(rubyRuntime(parseImage(from, from), from, 'bookworm').image).toBe(to);
  });
});

describe('ruby conversions', () => {
  it('copies GEM_HOME and the app onto the slim image', () => {
    const r = convert(app('RUN bundle install'), ctx());
    expect(r.status).toBe('converted');
    expect(r.output).toContain('FROM ruby:3.3-slim\n');
    expect(r.output).toContain('COPY --from=builder /usr/local/bundle /usr/local/bundle\n');
    expect(r.output).toContain('COPY --from=builder /app /app\n');
  });

  it.each([
    ['pg (1.5.9)', 'libpq5'],
    ['mysql2 (0.5.6)', 'libmariadb3'],
    ['sqlite3 (1.4.4)', 'libsqlite3-0'],
    ['ethon (0.16.0)', 'libcurl4'],
  ])('installs the library %s links', (spec, pkg) => {
    const r = convert(app('RUN bundle install'), ctx({ 'Gemfile.lock': lock(spec) }));
    expect(r.output).toContain(`install -y --no-install-recommends ${pkg} `);
    expect(r.warnings.map((w) => w.code)).toContain('MSC170');
  });

  // A tag that names no release is the one its version was last published on: ruby:3.3 is
  // trixie today, ruby:3.0 stopped on bullseye, ruby:3.1 on bookworm.
  it.each([
    ['ruby:3.3', 'libicu76'],
    ['ruby:3.1', 'libicu72'],
    ['ruby:3.0', 'libicu67'],
    ['ruby:3.3-bookworm', 'libicu72'],
  ])('on %s, charlock_holmes needs %s', (from, pkg) => {
    const r = convert(
      app('RUN bundle install', from),
      ctx({ 'Gemfile.lock': lock('charlock_holmes (0.7.9)') }),
    );
    expect(r.output).toContain(`install -y --no-install-recommends ${pkg} `);
  });

  it('installs nothing for a precompiled sqlite3 that bundles its library', () => {
    const r = convert(
      app('RUN bundle install'),
      ctx({ 'Gemfile.lock': lock('sqlite3 (2.2.0-x86_64-linux-gnu)') }),
    );
    expect(r.output).not.toContain('libsqlite3');
  });

  it('warns when there is no Gemfile.lock', () => {
    const r = convert(app('RUN bundle install'), new MemoryContext({ Gemfile: GEMFILE }));
    expect(r.warnings.map((w) => w.code)).toContain('MSC171');
  });

  it('copies vendor/bundle with the app in deployment mode, and the remembered settings', () => {
    const r = convert(app('RUN bundle install --deployment --without development'), ctx());
    expect(r.output).toContain('COPY --from=builder /usr/local/bundle /usr/local/bundle\n');
    expect(r.output).toContain('COPY --from=builder /app /app\n');
  });

  it('copies an absolute BUNDLE_PATH outside the app', () => {
    const r = convert(app('ENV BUNDLE_PATH=/gems\nRUN bundle install'), ctx());
    expect(r.output).toContain('COPY --from=builder /gems /gems\n');
  });

  it("carries the global Bundler configuration written to the user's home", () => {
    const r = convert(app('RUN bundle config set without test && bundle install'), ctx());
    expect(r.output).toContain('COPY --from=builder /root/.bundle/config /root/.bundle/config\n');
  });

  it('keeps the Alpine image and leaves the compiler behind', () => {
    const df = app(
      'RUN apk add --no-cache build-base postgresql-dev\nRUN bundle install',
      'ruby:3.3-alpine',
    );
    const r = convert(df, ctx());
    expect(r.output).toContain('FROM ruby:3.3-alpine\nRUN apk add --no-cache libpq\n');
  });

  it('vouches for the executables of the gems the Gemfile names when there is no lock', () => {
    const df =
      'FROM ruby:3.3\nWORKDIR /app\nCOPY . .\nRUN bundle install\nCMD ["rails", "server"]\n';
    const r = convert(
      df,
      new MemoryContext({ Gemfile: 'source "https://rubygems.org"\ngem "rails", "~> 7.2"\n' }),
    );
    expect(r.status).toBe('converted');
  });

  it('keeps a slim builder and leaves its compiler behind', () => {
    const df = app(
      'RUN apt-get update && apt-get install -y build-essential libpq-dev\nRUN bundle install',
      'ruby:3.3-slim',
    );
    const r = convert(df, ctx());
    expect(r.output).toContain(
      'FROM ruby:3.3-slim\nRUN apt-get update && apt-get install -y --no-install-recommends libpq5 ',
    );
  });

  it('vouches for executables the gems install', () => {
    const df =
      'FROM ruby:3.3\nWORKDIR /app\nCOPY . .\nRUN bundle install\nCMD ["puma", "-p", "3000"]\n';
    expect(convert(df, ctx()).status).toBe('converted');
  });

  it('copies the app once: COPY --from keeps the owners the original gave inside it', () => {
    const df = app('RUN bundle install\nRUN useradd -m app && chown -R app:app tmp log\nUSER app');
    const r = convert(df, ctx({ 'tmp/.keep': '', 'log/.keep': '' }));
    expect(r.status).toBe('converted');
    expect(r.output).toContain('COPY --from=builder /app /app\n');
    expect(r.output).not.toContain('/app/tmp');
  });
});

describe('ruby declines', () => {
  it.each<[string, string, string]>([
    [
      'Ruby from apt',
      'FROM debian:12\nRUN apt-get install -y ruby-full\nWORKDIR /app\nCOPY . .\nRUN bundle install\nCMD ["ruby","a.rb"]\n',
      'MSC040',
    ],
    ['Ruby from rbenv', app('RUN rbenv install 3.3.0 && bundle install'), 'MSC040'],
    ['JRuby', app('RUN bundle install', 'jruby:9.4'), 'MSC040'],
    ['no minor version', app('RUN bundle install', 'ruby:3'), 'MSC015'],
    ['latest', app('RUN bundle install', 'ruby'), 'MSC015'],
    ['gem update --system', app('RUN gem update --system && bundle install'), 'MSC041'],
    ['--standalone', app('RUN bundle install --standalone'), 'MSC041'],
    ['gems into /usr/local', app('ENV BUNDLE_PATH=/usr/local\nRUN bundle install'), 'MSC041'],
    ['gem --bindir', app('RUN gem install -n /usr/local/bin foreman && bundle install'), 'MSC041'],
    [
      'config through a variable',
      app('ARG W\nRUN bundle config set without "$W" && bundle install'),
      'MSC043',
    ],
    [
      'install at start',
      'FROM ruby:3.3\nWORKDIR /app\nCOPY . .\nRUN bundle install\nCMD ["sh", "-c", "bundle install && bundle exec puma"]\n',
      'MSC005',
    ],
    [
      'assets at start',
      'FROM ruby:3.3\nWORKDIR /app\nCOPY . .\nRUN bundle install\nCMD ["sh", "-c", "bin/rails assets:precompile && bin/rails server"]\n',
      'MSC005',
    ],
    [
      'a watcher',
      'FROM ruby:3.3\nWORKDIR /app\nCOPY . .\nRUN bundle install\nCMD ["rerun", "ruby app.rb"]\n',
      'MSC005',
    ],
    [
      'make at start',
      'FROM ruby:3.3\nWORKDIR /app\nCOPY . .\nRUN bundle install\nCMD ["sh", "-c", "make && ruby app.rb"]\n',
      'MSC042',
    ],
    [
      'app in the root',
      'FROM ruby:3.3\nCOPY . .\nRUN bundle install\nCMD ["bundle", "exec", "puma"]\n',
      'MSC012',
    ],
    [
      'nothing installed',
      'FROM ruby:3.3\nWORKDIR /app\nCOPY . .\nCMD ["ruby", "app.rb"]\n',
      'MSC006',
    ],
    [
      'jekyll serve builds the site at start',
      'FROM ruby:3.3-slim\nRUN apt-get update && apt-get install -y build-essential\nWORKDIR /app\nCOPY . .\nRUN bundle install\nCMD ["jekyll", "serve", "--host", "0.0.0.0", "--watch"]\n',
      'MSC005',
    ],
    ['--runtime distroless', app('RUN bundle install'), 'MSC011'],
  ])('%s: %s', (name, df, code) => {
    const runtime = name === '--runtime distroless' ? 'distroless' : undefined;
    const r = convert(df, ctx(), runtime ? { runtime } : {});
    expect({ status: r.status, code: r.code }).toEqual({ status: 'declined', code });
  });

  it('declines RubyInline, which compiles at run time', () => {
    const r = convert(
      app('RUN bundle install'),
      ctx({ 'Gemfile.lock': lock('RubyInline (3.14.0)') }),
    );
    expect(r.code).toBe('MSC042');
  });
});

describe('facts from the built image', () => {
  const facts = (lib: {
    soname: string;
    resolved: string;
    package: string | null;
  }): ImageFacts => ({
    base: 'ruby:3.3',
    config: { workdir: '/', user: '', entrypoint: null, cmd: ['irb'], env: {} },
    os: { id: 'debian', versionId: '12', codename: 'bookworm', pretty: 'Debian GNU/Linux 12' },
    libc: 'glibc',
    runtimes: {},
    libraries: [{ file: '/usr/local/bundle/gems/pg-1.5.9/lib/pg_ext.so', ...lib }],
    scanned: [],
    dependencyDirs: [],
  });

  it('takes libruby from the runtime image, which has it at the same path', () => {
    const lib = {
      soname: 'libruby.so.3.3',
      resolved: '/usr/local/lib/libruby.so.3.3',
      package: null,
    };
    const r = convert(app('RUN bundle install'), ctx(), { facts: facts(lib) });
    expect(r.status).toBe('converted');
  });

  it('still declines another library no package provides', () => {
    const lib = { soname: 'libfoo.so.1', resolved: '/usr/local/lib/libfoo.so.1', package: null };
    expect(convert(app('RUN bundle install'), ctx(), { facts: facts(lib) }).code).toBe('MSC030');
  });
});

describe('commands the source runs', () => {
  it('keeps curl that app.rb runs in backticks, although it was installed beside a compiler', () => {
    const df = app('RUN apk add build-base curl\nRUN bundle install', 'ruby:3.3-alpine');
    const r = convert(df, ctx({ 'app.rb': 'def ip = `curl ifconfig.me`\n' }));
    expect(r.output).toContain('FROM ruby:3.3-alpine\nRUN apk add --no-cache curl\n');
  });

  it('drops it when the source does not run it', () => {
    const df = app('RUN apk add build-base curl\nRUN bundle install', 'ruby:3.3-alpine');
    expect(convert(df, ctx({ 'app.rb': 'puts 1\n' })).output).not.toContain('apk add --no-cache');
  });

  it('installs a tool of the full image the source runs (ImageMagick convert)', () => {
    const r = convert(
      app('RUN bundle install'),
      ctx({ 'lib/thumb.rb': 'system("convert", src, dst)\n' }),
    );
    expect(r.output).toMatch(/apt-get install[^\n]*imagemagick/);
  });
});
