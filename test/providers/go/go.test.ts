// Table tests of the Go provider: what it matches (and must not), and the decisions it makes.
import { convert, MemoryContext } from '../../../src';
import { goProvider } from '../../../src/providers/go';
import { detects } from '../../helpers';
import { GO_MAIN, GO_MOD, goCtx } from '../fixtures';

describe('go provider detection', () => {
  it.each([
    ['FROM golang:1.22\nRUN go build -o /app .\nCMD ["/app"]\n', true],
    ['FROM golang:1.22-alpine\nCMD ["go","version"]\n', true],
    ['FROM debian:12\nRUN go build -o /x .\nCMD ["/x"]\n', true],
    ['FROM node:20\nRUN npm ci\nCMD ["node","x.js"]\n', false],
    ['FROM python:3.12\nRUN pip install -r r.txt\nCMD ["python","app.py"]\n', false],
    ['FROM debian:12\nRUN echo golang > /x\nCMD ["cat","/x"]\n', false],
  ])('%j -> %s', (df, expected) => {
    expect(detects(goProvider, df)).toBe(expected);
  });
});

describe('go conversions', () => {
  it.each([
    {
      name: 'static binary on distroless with CGO_ENABLED=0 inserted',
      df: 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /bin/app .\nCMD ["/bin/app"]\n',
      ctx: goCtx(),
      has: [
        'ENV CGO_ENABLED=0\nRUN go build',
        'FROM gcr.io/distroless/static-debian12',
        'COPY --from=builder /bin/app /bin/app',
      ],
    },
    {
      name: 'default binary name from the module path',
      df: 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build\nCMD ["./api"]\n',
      ctx: goCtx(),
      has: ['COPY --from=builder /src/api /src/api'],
    },
    {
      name: 'major-version suffix is skipped in the default name',
      df: 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build\nCMD ["./tool"]\n',
      ctx: new MemoryContext({ 'go.mod': 'module example.com/tool/v2\n', 'main.go': GO_MAIN }),
      has: ['COPY --from=builder /src/tool /src/tool'],
    },
    {
      name: 'cgo from import "C" keeps glibc',
      df: 'FROM golang:1.22-bookworm\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n',
      ctx: goCtx({ 'c.go': 'package main\n\n// int f() { return 1; }\nimport "C"\n' }),
      has: ['FROM gcr.io/distroless/base-debian12'],
      lacks: ['CGO_ENABLED=0'],
    },
    {
      name: 'go-sqlite3 in go.mod keeps cgo',
      df: 'FROM golang:1.22-bookworm\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n',
      ctx: goCtx({ 'go.mod': `${GO_MOD}\nrequire github.com/mattn/go-sqlite3 v1.14.22\n` }),
      has: ['FROM gcr.io/distroless/base-debian12'],
    },
    {
      name: 'trixie builder gets a trixie runtime for cgo',
      df: 'FROM golang:1.25\nENV CGO_ENABLED=1\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n',
      ctx: goCtx(),
      has: ['FROM gcr.io/distroless/base-debian13'],
    },
    {
      // DmitriiNov/bot-for-website (wild set): golang:1.15 is buster; planned as bookworm, the
      // runtime stage ran apt-get install sqlite, a package bookworm does not have.
      name: 'an old golang tag keeps the release it was published on (1.15: buster)',
      df: 'FROM golang:1.15\nRUN apt-get update && apt-get install -y sqlite\nWORKDIR /app\nCOPY . .\nRUN go build -o main .\nCMD ["./main"]\n',
      ctx: goCtx({ 'go.mod': `${GO_MOD}\nrequire github.com/mattn/go-sqlite3 v1.14.5\n` }),
      has: ['FROM debian:buster-slim', 'install -y --no-install-recommends sqlite'],
    },
    {
      name: 'golang 1.16 to 1.18 were last published on bullseye',
      df: 'FROM golang:1.17\nRUN apt-get update && apt-get install -y ffmpeg\nWORKDIR /app\nCOPY . .\nRUN go build -o main .\nCMD ["./main"]\n',
      ctx: goCtx(),
      has: ['FROM debian:bullseye-slim'],
    },
    {
      name: 'shell-form CMD needs a shell',
      df: 'FROM golang:1.22-bookworm\nWORKDIR /src\nCOPY . .\nRUN go build -o app .\nCMD ./app --port $PORT\n',
      ctx: goCtx(),
      has: ['FROM debian:bookworm-slim', 'ca-certificates'],
    },
    {
      name: 'HEALTHCHECK with curl installs curl',
      df: 'FROM golang:1.22-bookworm\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nHEALTHCHECK CMD ["curl","-f","http://localhost/"]\nCMD ["/app"]\n',
      ctx: goCtx(),
      has: [
        'FROM debian:bookworm-slim',
        'install -y --no-install-recommends ca-certificates curl',
        'HEALTHCHECK CMD ["curl"',
      ],
    },
    {
      name: 'ARG before FROM and ldflags ARG are re-declared where used',
      df: 'ARG GO=1.22\nFROM golang:${GO}\nARG VERSION=dev\nENV APP_VERSION=$VERSION\nWORKDIR /src\nCOPY . .\nRUN go build -ldflags "-X main.v=${VERSION}" -o /app .\nCMD ["/app"]\n',
      ctx: goCtx(),
      has: [
        'FROM golang:${GO} AS builder',
        'FROM gcr.io/distroless/static-debian12\nARG VERSION=dev\n',
        'ENV APP_VERSION=$VERSION',
      ],
    },
    {
      name: 'templates and config read at run time are copied',
      df: 'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nCMD ["./server"]\n',
      ctx: goCtx({
        'serve.go': 'package main\n\nvar t, c, w = "templates/*.html", "config", "./web"\n',
        'templates/index.html': '<p>',
        'config.yaml': 'a: 1',
        'web/x.css': '',
      }),
      has: [
        'COPY --from=builder /app/templates /app/templates',
        'COPY --from=builder /app/config.yaml /app/config.yaml',
        'COPY --from=builder /app/web /app/web',
      ],
    },
    {
      name: 'a nested folder the source names is copied, not its parent',
      df: 'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o server ./cmd/server\nCMD ["./server"]\n',
      ctx: goCtx({
        'cmd/server/main.go':
          'package main\n\nvar t = "internal/views/*.html"\nvar c = "/etc/app/app.toml"\n',
        'internal/views/index.html': '<p>',
        'internal/db/db.go': 'package db',
      }),
      has: [
        'COPY --from=builder /app/internal/views /app/internal/views',
        'COPY --from=builder /app/server /app/server',
      ],
      lacks: ['/app/internal/db', 'COPY --from=builder /app/internal /app/internal'],
    },
    {
      // Seen in the wild set (GalaxyDB): "../server" from /lb resolved to /, and the conversion
      // was declined as if the build output were the whole filesystem.
      name: 'a path that climbs out of the working folder names its target, not the root',
      df: 'FROM golang:1.22\nWORKDIR /lb\nCOPY . .\nRUN go build -o /lb/lb .\nCMD ["/lb/lb"]\n',
      ctx: goCtx({ 'serve.go': 'package main\n\nvar p = "../server"\n' }),
      has: ['COPY --from=builder /lb/lb /lb/lb'],
      lacks: ['COPY --from=builder / /'],
    },
    {
      name: 'a user created in the builder brings the user database',
      df: 'FROM golang:1.22\nRUN useradd -m app\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nUSER app\nCMD ["/app"]\n',
      ctx: goCtx(),
      has: [
        'COPY --from=builder /etc/passwd /etc/passwd',
        'COPY --from=builder --chown=app /home/app /home/app',
        'USER app',
      ],
    },
    {
      name: 'runtime OS packages are installed, build ones stay behind',
      df: 'FROM golang:1.22-bookworm\nRUN apt-get update && apt-get install -y gcc make libpq-dev ffmpeg\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n',
      ctx: goCtx(),
      has: [
        'FROM debian:bookworm-slim',
        'install -y --no-install-recommends ffmpeg ca-certificates',
      ],
      lacks: ['libpq5', ' make', 'gcc'],
    },
    {
      name: 'a tool the Go source runs (git, in the golang image) comes along',
      df: 'FROM golang:1.22-bookworm\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n',
      ctx: goCtx({
        'git.go':
          'package main\n\nimport "os/exec"\n\nfunc rev() { exec.Command("git", "rev-parse", "HEAD").Run() }\n',
      }),
      has: ['FROM debian:bookworm-slim', 'install -y --no-install-recommends ca-certificates git'],
    },
    {
      name: 'a data folder made and chowned in the original comes with its owner',
      df: 'FROM golang:1.22\nRUN useradd app && mkdir -p /data && chown app /data\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nUSER app\nCMD ["/app"]\n',
      ctx: goCtx(),
      has: ['COPY --from=builder --chown=app /data /data'],
      lacks: ['COPY --from=builder /src '],
    },
    {
      name: 'CMD after an exec-form ENTRYPOINT is its arguments, not a command',
      df: 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nENTRYPOINT ["/app"]\nCMD ["--port", "8080"]\n',
      ctx: goCtx(),
      has: [
        'FROM gcr.io/distroless/static-debian12',
        'ENTRYPOINT ["/app"]\nCMD ["--port", "8080"]',
      ],
    },
    {
      name: 'go install puts the binary on PATH',
      df: 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go install .\nCMD ["api"]\n',
      ctx: goCtx(),
      has: ['COPY --from=builder /go/bin /go/bin', 'ENV PATH=/go/bin:$PATH'],
    },
    {
      // jurajmajerik/rides (wild set): `cd server && ./main` runs main in /app/server, and it
      // serves "../frontend/build"; resolved against the WORKDIR, that was /frontend/build,
      // which nothing made, so the runtime had the binary alone and every page was a 404.
      name: 'a cd in the start moves the folder relative paths are resolved in',
      df: 'FROM golang:1.22-alpine\nWORKDIR /app\nCOPY go.mod ./\nCOPY server ./server\nCOPY frontend ./frontend\nRUN cd server && go build -o main\nCMD cd server && ./main\n',
      ctx: new MemoryContext({
        'go.mod': GO_MOD,
        'server/main.go':
          'package main\n\nimport "net/http"\n\nfunc main() { http.ListenAndServe(":8080", http.FileServer(http.Dir("../frontend/build"))) }\n',
        'frontend/build/index.html': '<p>hi</p>\n',
        'frontend/src/App.tsx': 'x\n',
      }),
      has: [
        'COPY --from=builder /app/server/main /app/server/main',
        'COPY --from=builder /app/frontend/build /app/frontend/build',
        'CMD cd server && ./main',
      ],
      lacks: ['/frontend/src'],
    },
    {
      name: 'without the cd the same literal names nothing the stage made',
      df: 'FROM golang:1.22-alpine\nWORKDIR /app\nCOPY go.mod ./\nCOPY server ./server\nCOPY frontend ./frontend\nRUN cd server && go build -o main\nCMD ["/app/server/main"]\n',
      ctx: new MemoryContext({
        'go.mod': GO_MOD,
        'server/main.go':
          'package main\n\nimport "net/http"\n\nfunc main() { http.ListenAndServe(":8080", http.FileServer(http.Dir("../frontend/build"))) }\n',
        'frontend/build/index.html': '<p>hi</p>\n',
      }),
      has: ['COPY --from=builder /app/server/main /app/server/main'],
      lacks: ['/app/frontend'],
    },
    {
      name: 'alpine stays alpine',
      df: 'FROM golang:1.22-alpine3.20\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n',
      ctx: goCtx(),
      has: ['FROM alpine:3.20', 'apk add --no-cache ca-certificates tzdata'],
    },
  ])('$name', ({ df, ctx, has, lacks }) => {
    const r = convert(df, ctx);
    expect(r.status).toBe('converted');
    for (const h of has) expect(r.output).toContain(h);
    for (const l of lacks ?? []) expect(r.output.slice(df.length)).not.toContain(l);
    expect(convert(r.output, ctx).status).toBe('unchanged');
  });

  it.each([
    [
      'go run of a remote module at start (a local package is rewritten: start-rewrite.test.ts)',
      'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nCMD ["go","run","example.com/tool@v1.0.0"]\n',
      'MSC005',
    ],
    ['nothing built', 'FROM golang:1.22\nCOPY bin/app /app\nCMD ["/app"]\n', 'MSC006'],
    ['no CMD', 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\n', 'MSC006'],
    [
      'idle dev container',
      'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD tail -f /dev/null\n',
      'MSC006',
    ],
    [
      'unknown start command',
      'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD ["/opt/tool/run"]\n',
      'MSC008',
    ],
    [
      'windows',
      'FROM golang:1.22-windowsservercore-ltsc2022\nRUN go build -o app.exe .\nCMD ["app.exe"]\n',
      'MSC004',
    ],
    [
      'variable output name',
      'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o $OUT .\nCMD ["/app"]\n',
      'MSC007',
    ],
    [
      'ONBUILD',
      'FROM golang:1.22\nONBUILD COPY . /src\nRUN go build -o /app .\nCMD ["/app"]\n',
      'MSC010',
    ],
    [
      'builder image from an ARG without default',
      'ARG IMG\nFROM $IMG\nRUN go build -o /app .\nCMD ["/app"]\n',
      'MSC015',
    ],
    [
      'unknown -dev library',
      'FROM golang:1.22\nENV CGO_ENABLED=1\nRUN apt-get install -y libfoo-dev\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n',
      'MSC009',
    ],
  ])('declines: %s', (_name, df, code) => {
    const r = convert(df, goCtx());
    expect(r.status).toBe('declined');
    expect(r.code).toBe(code);
    expect(r.reason).toMatch(/\w/);
    expect(r.output).toBe(df);
  });
});
