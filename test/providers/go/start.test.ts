// Programs a Go image starts that are not the app the build compiled: live-reload watchers
// and tools go install fetched from a remote module while the app's copied sources are never
// compiled (seen in the wild: tryuuu/go-task-api starts /go/bin/air).
import { convert, MemoryContext } from '../../../src';

const MAIN =
  'package main\n\nimport "net/http"\n\nfunc main() { http.ListenAndServe(":8080", nil) }\n';
const MOD = 'module example.com/server\n\ngo 1.22\n';
const go = (extra: Record<string, string> = {}) =>
  new MemoryContext({ 'go.mod': MOD, 'main.go': MAIN, ...extra });

describe('a start that builds: declined with MSC005', () => {
  it.each([
    [
      'air installed from its module, started by path',
      'FROM golang:1.23-alpine\nWORKDIR /app\nCOPY . .\nRUN go mod download\nRUN go install github.com/air-verse/air@latest\nCMD ["/go/bin/air"]\n',
      go(),
    ],
    [
      'air started by name with its config',
      'FROM golang:1.23\nWORKDIR /app\nCOPY . .\nRUN go install github.com/air-verse/air@v1.52.0\nCMD ["air", "-c", ".air.toml"]\n',
      go({ '.air.toml': 'root = "."\n' }),
    ],
    [
      'CompileDaemon from an entrypoint script, next to a build of the app',
      'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go install github.com/githubnemo/CompileDaemon@latest && go build -o /app/server .\nENTRYPOINT ["/app/start.sh"]\n',
      go({
        'start.sh':
          '#!/bin/sh\nexec CompileDaemon --build="go build -o server ." --command=./server\n',
      }),
    ],
    [
      'a tool that is not a known watcher, while the copied sources are never compiled',
      'FROM golang:1.22\nWORKDIR /src\nCOPY go.mod main.go ./\nRUN go install github.com/example/devloop/cmd/devloop@v0.3.1\nCMD ["devloop", "--dir", "."]\n',
      go(),
    ],
    [
      'a major-version module path names its binary by the element before /vN',
      'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go install github.com/example/runner/v2@latest\nCMD ["/go/bin/runner"]\n',
      go(),
    ],
  ])('%s', (_name, df, ctx) => {
    const r = convert(df, ctx);
    expect({ status: r.status, code: r.code }).toEqual({ status: 'declined', code: 'MSC005' });
  });
});

describe('tools that are not the app building itself still convert', () => {
  it.each([
    [
      'a migration tool installed from its module next to the app build',
      'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go install github.com/pressly/goose/v3/cmd/goose@latest\nRUN go build -o /app/server .\nCMD ["/app/server"]\n',
      go(),
      '/app/server',
    ],
    [
      'a tool image: go install of a released module, no sources copied',
      'FROM golang:1.22\nRUN go install github.com/example/tool@v1.2.0\nCMD ["tool"]\n',
      new MemoryContext({}),
      '/go/bin',
    ],
    [
      'the app itself is called like a watcher',
      'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o /app/fresh .\nCMD ["/app/fresh"]\n',
      go(),
      '/app/fresh',
    ],
  ])('%s', (_name, df, ctx, copied) => {
    const r = convert(df, ctx);
    expect({ status: r.status, reason: r.reason }).toEqual({ status: 'converted', reason: null });
    expect(r.output.slice(df.length)).toContain(`COPY --from=builder ${copied} `);
  });
});

describe('what a start script reads and expands reaches the runtime (christopher-dG/gosubscribe)', () => {
  it.each([
    [
      'golang (Debian): GOPATH for the script, the file it sources with .',
      'FROM golang:1.22\nWORKDIR $GOPATH/src/app\nCOPY . .\nRUN go install\nENTRYPOINT ["/go/src/app/entrypoint.sh"]\n',
      ['ENV GOPATH=/go', 'COPY --from=builder /go/src/app/env.sh /go/src/app/env.sh'],
    ],
    [
      'golang alpine: the same with the alpine runtime',
      'FROM golang:1.22-alpine\nWORKDIR $GOPATH/src/app\nCOPY . .\nRUN go install\nENTRYPOINT ["/go/src/app/entrypoint.sh"]\n',
      ['ENV GOPATH=/go', 'COPY --from=builder /go/src/app/env.sh /go/src/app/env.sh'],
    ],
  ])('%s', (_name, df, has) => {
    const ctx = go({
      'entrypoint.sh': '#!/bin/sh\n. ./env.sh\nexec $GOPATH/bin/server "$@"\n',
      'env.sh': 'export MODE=prod\n',
    });
    const r = convert(df, ctx);
    expect({ status: r.status, reason: r.reason }).toEqual({ status: 'converted', reason: null });
    for (const h of has) expect(r.output.slice(df.length)).toContain(h);
  });
});
