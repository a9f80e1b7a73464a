// Issue 12's language-independent classes, one table per class: files read at run time found
// by image path, entrypoint scripts that pass CMD on as arguments, heredoc files, paths the
// build made, copies by name alone and secrets the runtime would carry.
import { convert, MemoryContext } from '../../src';

const MAIN =
  'package main\n\nimport "net/http"\n\nfunc main() { http.ListenAndServe(":8080", nil) }\n';
const MOD = 'module example.com/server\n\ngo 1.19\n';
const go = (extra: Record<string, string> = {}) =>
  new MemoryContext({ 'go.mod': MOD, 'main.go': MAIN, ...extra });

/** The stages msconvert appended (the original stage is left as it was). */
function runtime(df: string, out: string): string {
  return out.slice(df.length);
}

interface Row {
  name: string;
  df: string;
  ctx: MemoryContext;
  has?: string[];
  lacks?: string[];
  warns?: string[];
}

function converts(rows: Row[]): void {
  it.each(rows)('$name', ({ df, ctx, has, lacks, warns }) => {
    const r = convert(df, ctx);
    expect({ status: r.status, reason: r.reason }).toEqual({ status: 'converted', reason: null });
    const rt = runtime(df, r.output);
    for (const h of has ?? []) expect(rt).toContain(h);
    for (const l of lacks ?? []) expect(rt).not.toContain(l);
    expect(r.warnings.map((w) => w.code).filter((c) => (warns ?? []).includes(c))).toEqual(
      warns ?? [],
    );
    expect(convert(r.output, ctx).status).toBe('unchanged');
  });
}

function declines(rows: [string, string, MemoryContext, string][]): void {
  it.each(rows)('declines: %s', (_name, df, ctx, code) => {
    const r = convert(df, ctx);
    expect({ status: r.status, code: r.code }).toEqual({ status: 'declined', code });
    expect(r.output).toBe(df);
  });
}

describe('class 4: entrypoint scripts that pass their arguments on', () => {
  const passOn = '#!/bin/sh\nset -e\nexec /app/server "$@"\n';
  converts([
    {
      name: 'CMD words are arguments of the binary the script runs',
      df: 'FROM golang:1.19\nWORKDIR /app\nCOPY . .\nRUN go build -o /app/server .\nENTRYPOINT ["/app/entrypoint.sh"]\nCMD ["serve", "--port", "8080"]\n',
      ctx: go({ 'entrypoint.sh': passOn }),
      has: ['COPY --from=builder /app/entrypoint.sh /app/entrypoint.sh', 'CMD ["serve"'],
    },
    {
      name: "a project's own docker-entrypoint.sh is read, not assumed to run its arguments",
      df: 'FROM golang:1.19\nWORKDIR /app\nCOPY . .\nRUN go build -o /app/server .\nCOPY docker-entrypoint.sh /usr/local/bin/\nENTRYPOINT ["docker-entrypoint.sh"]\nCMD ["migrate-then-serve"]\n',
      ctx: go({ 'docker-entrypoint.sh': passOn }),
      has: ['/usr/local/bin/docker-entrypoint.sh'],
    },
    {
      name: 'a shell-form CMD after such a script is arguments too',
      df: 'FROM golang:1.19\nWORKDIR /app\nCOPY . .\nRUN go build -o /app/server .\nENTRYPOINT ["/app/entrypoint.sh"]\nCMD serve --verbose\n',
      ctx: go({ 'entrypoint.sh': passOn }),
    },
    {
      name: 'sh -c with "$@" hands CMD to the binary',
      df: 'FROM golang:1.19\nWORKDIR /app\nCOPY . .\nRUN go build -o /app/server .\nENTRYPOINT ["sh", "-c", "exec /app/server \\"$@\\"", "sh"]\nCMD ["serve"]\n',
      ctx: go(),
      has: ['FROM debian:bookworm-slim'],
    },
    {
      name: 'gosu in the script runs CMD as a command, which is traced',
      df: 'FROM golang:1.19\nWORKDIR /app\nCOPY . .\nRUN go build -o /app/server .\nENTRYPOINT ["/app/entrypoint.sh"]\nCMD ["/app/server"]\n',
      ctx: go({ 'entrypoint.sh': '#!/bin/sh\nexec gosu nobody "$@"\n' }),
      has: ['COPY --from=builder /app/server /app/server'],
    },
    {
      name: 'tini -- script: the script decides what CMD is',
      df: 'FROM golang:1.19\nRUN apt-get update && apt-get install -y tini\nWORKDIR /app\nCOPY . .\nRUN go build -o /app/server .\nENTRYPOINT ["tini", "--", "/app/entrypoint.sh"]\nCMD ["serve"]\n',
      ctx: go({ 'entrypoint.sh': passOn }),
      has: ['tini', 'COPY --from=builder /app/entrypoint.sh /app/entrypoint.sh'],
    },
    {
      name: 'a CMD of options is arguments even when the script runs "$@" (set -- server "$@")',
      df: 'FROM golang:1.19\nWORKDIR /app\nCOPY . .\nRUN go build -o /usr/local/bin/server .\nENTRYPOINT ["/app/entrypoint.sh"]\nCMD ["--port", "8080"]\n',
      ctx: go({
        'entrypoint.sh':
          '#!/bin/sh\nif [ "${1#-}" != "$1" ]; then set -- server "$@"; fi\nexec "$@"\n',
      }),
    },
    {
      name: 'a file the script sources, and the builder variables it uses, come along',
      df: 'FROM golang:1.19\nWORKDIR $GOPATH/src/app\nCOPY . .\nRUN go install\nENTRYPOINT ["/go/src/app/entrypoint.sh"]\n',
      ctx: go({
        'entrypoint.sh': '#!/bin/bash\nsource $GOPATH/src/app/config.sh\nexec $GOPATH/bin/server\n',
        'config.sh': 'export MODE=prod\n',
      }),
      has: ['ENV GOPATH=/go', 'COPY --from=builder /go/src/app/config.sh /go/src/app/config.sh'],
    },
    {
      name: 'heredoc bodies in the entrypoint script are data, not commands',
      df: 'FROM golang:1.19\nWORKDIR /app\nCOPY . .\nRUN go build -o /app/server .\nENTRYPOINT ["/app/entrypoint.sh"]\nCMD ["serve"]\n',
      ctx: go({
        'entrypoint.sh':
          '#!/bin/sh\ncat > /tmp/run-hooks <<EOF\nffmpeg -i in.mp4 out.webm\ncurl -fsS http://hooks.local/done\nEOF\nexec /app/server "$@"\n',
      }),
      lacks: ['ffmpeg', 'curl'],
    },
  ]);
  declines([
    [
      'tini -- with nothing after it runs CMD, and serve is no program',
      'FROM golang:1.19\nRUN apt-get update && apt-get install -y tini\nWORKDIR /app\nCOPY . .\nRUN go build -o /app/server .\nENTRYPOINT ["tini", "--"]\nCMD ["serve"]\n',
      go(),
      'MSC008',
    ],
    [
      'a script that runs "$@" makes CMD a command, and serve is none',
      'FROM golang:1.19\nWORKDIR /app\nCOPY . .\nRUN go build -o /app/server .\nENTRYPOINT ["/app/entrypoint.sh"]\nCMD ["serve"]\n',
      go({ 'entrypoint.sh': '#!/bin/sh\nexec "$@"\n' }),
      'MSC008',
    ],
    [
      'a script that sometimes runs "$@" keeps CMD a command',
      'FROM golang:1.19\nWORKDIR /app\nCOPY . .\nRUN go build -o /app/server .\nENTRYPOINT ["/app/entrypoint.sh"]\nCMD ["serve"]\n',
      go({
        'entrypoint.sh': '#!/bin/sh\nif [ "$1" = server ]; then exec /app/server; fi\nexec "$@"\n',
      }),
      'MSC008',
    ],
  ]);
});

describe('class 2: files read at run time are found by their image path', () => {
  const reads = (lit: string) => `package main\n\nvar files = "${lit}"\n`;
  converts([
    {
      name: 'COPY app/ . puts app/templates at ./templates',
      df: 'FROM golang:1.19\nWORKDIR /src\nCOPY app/ .\nRUN go build -o /usr/local/bin/server .\nCMD ["server"]\n',
      ctx: new MemoryContext({
        'app/go.mod': MOD,
        'app/main.go': MAIN,
        'app/files.go': reads('templates/*.html'),
        'app/templates/index.html': '<p>',
      }),
      has: ['COPY --from=builder /src/templates /src/templates'],
    },
    {
      name: 'several COPYs fill one folder',
      df: 'FROM golang:1.19\nWORKDIR /srv\nCOPY go.mod main.go files.go ./\nCOPY web/pages ./templates\nCOPY assets/ ./static/\nRUN go build -o /usr/local/bin/server .\nCMD ["server"]\n',
      ctx: go({
        'files.go': 'package main\n\nvar a, b = "templates", "./static/app.css"\n',
        'web/pages/index.html': '<p>',
        'assets/app.css': 'p{}',
      }),
      has: [
        'COPY --from=builder /srv/templates /srv/templates',
        'COPY --from=builder /srv/static /srv/static',
      ],
      lacks: ['/srv/web', '/srv/assets'],
    },
    {
      name: 'ADD of a folder counts like COPY',
      df: 'FROM golang:1.19\nWORKDIR /build\nADD . .\nADD site/ /var/www/\nRUN go build -o /usr/local/bin/server .\nCMD ["server"]\n',
      ctx: go({ 'files.go': reads('/var/www/index.html'), 'site/index.html': '<p>' }),
      has: ['COPY --from=builder /var/www/index.html /var/www/index.html'],
    },
    {
      name: 'a path another image put in the stage is carried',
      df: 'FROM golang:1.19\nWORKDIR /app\nCOPY . .\nCOPY --from=example/ui:1.4 /dist /app/ui\nRUN go build -o server .\nCMD ["./server"]\n',
      ctx: go({ 'files.go': reads('ui/index.html') }),
      has: ['COPY --from=builder /app/ui/index.html /app/ui/index.html'],
    },
    {
      name: 'the go.mod of a copied subfolder decides cgo',
      df: 'FROM golang:1.19\nWORKDIR /src\nCOPY service/ .\nRUN go build -o /usr/local/bin/server .\nCMD ["server"]\n',
      ctx: new MemoryContext({
        'service/go.mod': `${MOD}\nrequire github.com/mattn/go-sqlite3 v1.14.22\n`,
        'service/main.go': MAIN,
      }),
      has: ['FROM gcr.io/distroless/base-debian12'],
      lacks: ['CGO_ENABLED=0'],
    },
  ]);
});

describe('class 5: files made by heredocs', () => {
  converts([
    {
      name: 'COPY <<EOT writes a config file',
      df: 'FROM golang:1.19\nCOPY <<EOT /etc/app/app.conf\nport=8080\nEOT\nWORKDIR /src\nCOPY . .\nRUN go build -o /usr/local/bin/server .\nCMD ["server"]\n',
      ctx: go(),
      has: ['COPY --from=builder /etc/app/app.conf /etc/app/app.conf'],
    },
    {
      name: 'RUN <<EOF runs its body; cat > file <<EOT inside it writes data',
      df: 'FROM golang:1.19\nRUN <<EOF\nmkdir -p /opt/seed\ncat > /opt/seed/data.json <<JSON\n{"ffmpeg": "not a command"}\nJSON\nEOF\nWORKDIR /src\nCOPY . .\nRUN go build -o /usr/local/bin/server .\nCMD ["server"]\n',
      ctx: go(),
      has: ['COPY --from=builder /opt/seed /opt/seed', 'FROM gcr.io/distroless/static'],
    },
    {
      name: 'a heredoc entrypoint script is read like a copied one',
      df: 'FROM golang:1.19\nWORKDIR /app\nCOPY . .\nRUN go build -o /app/server .\nCOPY <<EOF /entrypoint.sh\n#!/bin/sh\nexec /app/server "$@"\nEOF\nRUN chmod +x /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\nCMD ["serve"]\n',
      ctx: go(),
      has: ['COPY --from=builder /entrypoint.sh /entrypoint.sh', 'FROM debian:bookworm-slim'],
    },
    {
      name: 'a redirect writes a file outside the app',
      df: 'FROM golang:1.19\nRUN echo "mode=prod" > /etc/app.conf && echo x | tee /var/lib/app.flag\nWORKDIR /src\nCOPY . .\nRUN go build -o /usr/local/bin/server .\nCMD ["server"]\n',
      ctx: go(),
      has: [
        'COPY --from=builder /etc/app.conf /etc/app.conf',
        'COPY --from=builder /var/lib/app.flag /var/lib/app.flag',
      ],
    },
  ]);
});

describe('class 7: folders and files the build made', () => {
  const build = 'WORKDIR /src\nCOPY . .\nRUN go build -o /usr/local/bin/server .\n';
  converts([
    {
      name: 'mkdir /var/lib/app with its owner',
      df: `FROM golang:1.19\nRUN useradd -r app && mkdir -p /var/lib/app && chown app /var/lib/app\n${build}USER app\nCMD ["server"]\n`,
      ctx: go(),
      has: [
        'COPY --from=builder --chown=app /var/lib/app /var/lib/app',
        'COPY --from=builder /etc/passwd',
      ],
    },
    {
      name: 'a mode chmod gave the folder is given again',
      df: `FROM golang:1.19\nRUN mkdir -p /data /cache && chmod 1777 /data && chmod a+w /cache\n${build}USER nobody\nCMD ["server"]\n`,
      ctx: go(),
      has: [
        'FROM builder AS made-modes\nUSER root\nRUN mkdir -p /made/1 && cp -a /data /made/1/ \\\n    && mkdir -p /made/2 && cp -a /cache /made/2/\n',
        'COPY --from=made-modes /made/1/ /\nCOPY --from=made-modes /made/2/ /\n',
      ],
    },
    {
      name: 'a numeric USER the stage created brings its user database and home',
      df: `FROM golang:1.19\nRUN useradd -m -u 10001 app\n${build}USER 10001\nCMD ["server"]\n`,
      ctx: go(),
      has: ['COPY --from=builder /etc/passwd /etc/passwd', '/home/app /home/app'],
      warns: ['MSC107'],
    },
    {
      name: 'a user the entrypoint switches to with gosu brings the user database',
      df: `FROM golang:1.19\nRUN apt-get update && apt-get install -y gosu && useradd -r app\n${build}CMD ["gosu", "app", "server"]\n`,
      ctx: go(),
      has: ['COPY --from=builder /etc/passwd /etc/passwd', 'gosu'],
      warns: ['MSC107'],
    },
    {
      name: 'what rm removed and build credentials are not carried',
      df: `FROM golang:1.19\nRUN mkdir -p /opt/tmpbuild && echo "//registry/:_authToken=x" > /root/.npmrc && rm -rf /opt/tmpbuild\n${build}CMD ["server"]\n`,
      ctx: go(),
      lacks: ['/opt/tmpbuild', '.npmrc'],
    },
    {
      name: 'writes into a RUN mount, to ~ and links into /usr/bin are not carried; /usr/local/bin links are',
      df: `FROM golang:1.19\nRUN --mount=type=cache,target=/cache echo x > /cache/stamp && echo y >> ~/.profile && ln -s /usr/bin/python3 /usr/bin/python\n${build}RUN ln -s /usr/local/bin/server /usr/local/bin/app\nCMD ["app"]\n`,
      ctx: go(),
      has: ['COPY --from=builder /usr/local/bin/app /usr/local/bin/app'],
      lacks: ['/cache', '.profile', '/usr/bin/python'],
    },
    {
      name: 'a CA bundle regenerated with a certificate the build added is carried',
      df: `FROM golang:1.19\nCOPY certs/corp.crt /usr/local/share/ca-certificates/\nRUN update-ca-certificates\n${build}CMD ["server"]\n`,
      ctx: go({ 'certs/corp.crt': '-----BEGIN CERTIFICATE-----\n' }),
      has: [
        'COPY --from=builder /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt',
      ],
    },
    {
      name: 'a package file the build edits with sed -i is carried over the package the runtime installs again',
      df: `FROM node:20\nRUN apt-get update && apt-get install -y imagemagick && sed -i 's|<policy domain="coder" rights="none" pattern="EPS" />||' /etc/ImageMagick-6/policy.xml\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["node", "server.js"]\n`,
      ctx: new MemoryContext({
        'package.json': '{"name":"a","dependencies":{"express":"4"}}',
        'server.js': "require('child_process').exec('convert in.eps out.png');\n",
      }),
      has: [
        'imagemagick && rm -rf /var/lib/apt/lists/*\n',
        'COPY --from=builder /etc/ImageMagick-6/policy.xml /etc/ImageMagick-6/policy.xml\n',
      ],
    },
    {
      name: 'sed -i finds its files after -e scripts and clustered flags; sed without -i edits nothing',
      df: `FROM golang:1.19\nRUN sed -ri.bak -e 's/a/b/' /etc/app/one.conf && sed -i -e 's/c/d/' -e 's/e/f/' /etc/app/two.conf && sed 's/x/y/' /etc/app/three.conf > /etc/app/four.conf\n${build}CMD ["server"]\n`,
      ctx: go(),
      has: [
        'COPY --from=builder /etc/app/one.conf /etc/app/one.conf',
        'COPY --from=builder /etc/app/two.conf /etc/app/two.conf',
        'COPY --from=builder /etc/app/four.conf /etc/app/four.conf',
      ],
      lacks: ['three.conf', 's/a/b/'],
    },
    {
      name: 'a folder for package install scripts in /usr is not carried',
      df: `FROM golang:1.19\nRUN mkdir -p /usr/share/man/man1\n${build}CMD ["server"]\n`,
      ctx: go(),
      lacks: ['/usr/share/man'],
    },
  ]);
  declines([
    [
      'a made folder whose mode cannot be told',
      `FROM golang:1.19\nARG MODE\nRUN mkdir -p /data && chmod $MODE /data\n${build}CMD ["server"]\n`,
      go(),
      'MSC020',
    ],
  ]);
});

describe('class 8: copies by name alone, and secrets', () => {
  const df =
    'FROM golang:1.19\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nCMD ["./server"]\n';
  converts([
    {
      name: 'sql/ that nothing reaches is not copied',
      df,
      ctx: go({ 'sql/schema.sql': 'CREATE TABLE t (id int);' }),
      lacks: ['/app/sql'],
    },
    {
      name: 'sql/ named by an ENV value is copied',
      df: df.replace('CMD', 'ENV MIGRATIONS_DIR=/app/sql\nCMD'),
      ctx: go({ 'sql/schema.sql': 'CREATE TABLE t (id int);' }),
      has: ['COPY --from=builder /app/sql /app/sql'],
    },
    {
      name: 'sql/ named by a start argument is copied',
      df: df.replace('CMD ["./server"]', 'CMD ["./server", "-migrations=sql"]'),
      ctx: go({ 'sql/schema.sql': 'CREATE TABLE t (id int);' }),
      has: ['COPY --from=builder /app/sql /app/sql'],
    },
    {
      name: 'a folder named by the config file the program reads is copied',
      df,
      ctx: go({
        'x.go': 'package main\n\nvar c = "config.yaml"\n',
        'config.yaml': 'server:\n  templates: ./views\n',
        'views/index.html': '<p>',
      }),
      has: ['COPY --from=builder /app/config.yaml', 'COPY --from=builder /app/views /app/views'],
    },
    {
      name: 'config/ that is a Go package is not copied, even when a string says config',
      df,
      ctx: go({
        'config/config.go': 'package config\n',
        'x.go': 'package main\n\nvar n = "config"\n',
      }),
      lacks: ['/app/config'],
    },
    {
      name: 'a framework that reads conf/ by convention keeps it',
      df,
      ctx: go({
        'go.mod': `${MOD}\nrequire github.com/beego/beego/v2 v2.1.0\n`,
        'conf/app.conf': 'a=1',
      }),
      has: ['COPY --from=builder /app/conf /app/conf'],
    },
    {
      name: '.env read with godotenv is copied, with MSC120',
      df,
      ctx: go({
        'env.go': 'package main\n\nimport _ "github.com/joho/godotenv/autoload"\n',
        '.env': 'TOKEN=x',
      }),
      has: ['COPY --from=builder /app/.env /app/.env'],
      warns: ['MSC120'],
    },
    {
      name: '.env that nothing reads is left behind',
      df,
      ctx: go({ '.env': 'TOKEN=x' }),
      lacks: ['.env'],
    },
  ]);

  const py =
    'FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD ["python", "app.py"]\n';
  const pyCtx = (extra: Record<string, string>) =>
    new MemoryContext({ 'requirements.txt': 'flask==3.0.3\n', 'app.py': 'print(1)\n', ...extra });
  it.each([
    ['.env', pyCtx({ '.env': 'A=1' }), true],
    ['a private key', pyCtx({ 'certs/server.key': 'k' }), true],
    ['id_rsa', pyCtx({ 'deploy/id_rsa': 'k' }), true],
    [
      '.env left out by .dockerignore',
      pyCtx({ '.env': 'A=1', '.dockerignore': '**/.env\n' }),
      false,
    ],
    ['.env.example', pyCtx({ '.env.example': 'A=' }), false],
  ])('MSC120 for %s', (_name, ctx, expected) => {
    const r = convert(py, ctx);
    expect(r.status).toBe('converted');
    expect(r.warnings.some((w) => w.code === 'MSC120')).toBe(expected);
  });
});

describe('class 3 (Python): packages compiled from source need their libraries at run time', () => {
  const app = 'FROM python:3.11\nWORKDIR /app\nCOPY . .\n';
  const tail = 'CMD ["python", "app.py"]\n';
  const ctx = (extra: Record<string, string>) =>
    new MemoryContext({ 'app.py': 'print(1)\n', ...extra });
  const ext = (libs: string) =>
    `from setuptools import setup, Extension\nsetup(name="fast", ext_modules=[Extension("fast", ["fast.c"]${libs})])\n`;
  converts([
    {
      name: 'psycopg2 named next to psycopg2-binary still needs libpq5 (both install psycopg2)',
      df: `${app}RUN pip install psycopg2-binary && pip install -r requirements.txt\n${tail}`,
      ctx: ctx({ 'requirements.txt': 'psycopg2==2.9.9\n' }),
      has: ['libpq5'],
    },
    {
      name: 'a local C extension links the libraries it names',
      df: `${app}RUN pip install .\n${tail}`,
      ctx: ctx({ 'setup.py': ext(', libraries=["pq", "xml2", "m"]'), 'fast.c': '' }),
      has: ['libpq5', 'libxml2'],
    },
    {
      name: 'a local C extension that links nothing else needs nothing else',
      df: `${app}RUN pip install .\n${tail}`,
      ctx: ctx({ 'setup.py': ext(''), 'fast.c': '' }),
      lacks: ['apt-get install'],
    },
    {
      name: '--no-binary with the -dev packages named: their libraries are installed',
      df: `${app}RUN apt-get update && apt-get install -y libpq-dev gcc && pip install --no-binary :all: -r requirements.txt\n${tail}`,
      ctx: ctx({ 'requirements.txt': 'somelib==1.0\n' }),
      has: ['libpq5'],
    },
    {
      name: 'on a slim builder the -dev packages installed decide',
      df: 'FROM python:3.11-slim\nRUN apt-get update && apt-get install -y gcc libpq-dev\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD ["python", "app.py"]\n',
      ctx: ctx({ 'requirements.txt': 'psycopg2==2.9.9\n' }),
      has: ['libpq5'],
      lacks: ['gcc'],
    },
  ]);
  declines([
    [
      '--no-binary :all: on the full image, no -dev packages named',
      `${app}RUN pip install --no-binary :all: -r requirements.txt\n${tail}`,
      ctx({ 'requirements.txt': 'somelib==1.0\n' }),
      'MSC009',
    ],
    [
      'a CMake-built extension (scikit-build) on the full image',
      `${app}RUN pip install .\n${tail}`,
      ctx({
        'pyproject.toml': '[build-system]\nbuild-backend = "scikit_build_core.build"\n',
      }),
      'MSC009',
    ],
    [
      'a C extension that links a library with no known run-time package',
      `${app}RUN pip install .\n${tail}`,
      ctx({ 'setup.py': ext(', libraries=["frobnicate"]'), 'fast.c': '' }),
      'MSC009',
    ],
    [
      'a C extension whose libraries come from pkg-config',
      `${app}RUN pip install .\n${tail}`,
      ctx({
        'setup.py': `import subprocess\nlibs = subprocess.check_output(["pkg-config", "--libs", "foo"])\n${ext('')}`,
        'fast.c': '',
      }),
      'MSC009',
    ],
  ]);
});

describe('class 2 in the other providers: conventional folders by image path', () => {
  it('Rust: COPY app/ . puts app/static at ./static', () => {
    const df =
      'FROM rust:1.63\nWORKDIR /usr/src/web\nCOPY app/ .\nRUN cargo build --release\nCMD ["./target/release/web"]\n';
    const ctx = new MemoryContext({
      'app/Cargo.toml': '[package]\nname = "web"\nversion = "0.1.0"\nedition = "2021"\n',
      'app/src/main.rs': 'fn main() {}\n',
      'app/static/index.html': '<p>',
    });
    const r = convert(df, ctx);
    expect(r.status).toBe('converted');
    expect(runtime(df, r.output)).toContain(
      'COPY --from=builder /usr/src/web/static /usr/src/web/static',
    );
  });

  it('Java: COPY service/ . puts service/config at ./config', () => {
    const df =
      'FROM maven:3.9-eclipse-temurin-17\nWORKDIR /app\nCOPY service/ .\nRUN mvn -B package -DskipTests\nCMD ["java", "-jar", "target/app.jar"]\n';
    const ctx = new MemoryContext({
      'service/pom.xml':
        '<project><modelVersion>4.0.0</modelVersion><groupId>x</groupId><artifactId>app</artifactId><version>1</version><build><finalName>app</finalName></build></project>\n',
      'service/src/main/java/App.java': 'class App {}\n',
      'service/config/application.yml': 'a: 1\n',
    });
    const r = convert(df, ctx);
    expect(r.status).toBe('converted');
    expect(runtime(df, r.output)).toContain('COPY --from=builder /app/config /app/config');
  });
});

describe('class 5: start scripts the build writes', () => {
  const build = 'WORKDIR /app\nCOPY . .\nRUN go build -o /app/server .\n';
  converts([
    {
      name: 'a start script written with cat > file <<EOF is read like a copied one',
      df: `FROM golang:1.19\n${build}RUN <<EOF\ncat > /start.sh <<'SCRIPT'\n#!/bin/sh\nexec /app/server "$@"\nSCRIPT\nchmod +x /start.sh\nEOF\nENTRYPOINT ["/start.sh"]\nCMD ["serve"]\n`,
      ctx: go(),
      has: ['FROM debian:bookworm-slim', 'COPY --from=builder /start.sh /start.sh'],
    },
  ]);
  declines([
    [
      'a start script written with echo cannot be read',
      `FROM golang:1.19\n${build}RUN echo '#!/bin/sh' > /start.sh && echo 'exec /app/server' >> /start.sh && chmod +x /start.sh\nCMD ["/start.sh"]\n`,
      go(),
      'MSC008',
    ],
  ]);
});

describe('a start that looks like exec form but is not JSON', () => {
  // Seen in the wild set: CMD ["node", "server.js"] followed by stray characters runs through
  // a shell as "[node, server.js]..." and fails in the original; the reason says so.
  it('says the CMD is not JSON rather than that [node, cannot be traced', () => {
    const df =
      'FROM node:20\nWORKDIR /app\nCOPY package.json ./\nRUN npm install\nCOPY . .\nCMD ["node", "server.js"]x\n';
    const r = convert(df, new MemoryContext({ 'package.json': '{"name":"a"}', 'server.js': '' }));
    expect(r.code).toBe('MSC008');
    expect(r.reason).toMatch(/^CMD is not a valid JSON array, so Docker runs it through a shell/);
  });
});
