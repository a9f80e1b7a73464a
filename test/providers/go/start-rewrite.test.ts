// `go run` at start, rewritten to `go build` in the builder and the binary in the runtime
// (MSC185), and the starts that cannot be mapped exactly, which stay declined (MSC005).
import { convert, MemoryContext } from '../../../src';
import { readGoRun } from '../../../src/providers/go/start-rewrite';

const MAIN =
  'package main\n\nimport "net/http"\n\nfunc main() { http.ListenAndServe(":8080", nil) }\n';
const MOD = 'module example.com/shop/v2\n\ngo 1.22\n';
const go = (extra: Record<string, string> = {}) =>
  new MemoryContext({ 'go.mod': MOD, 'main.go': MAIN, 'cmd/api/main.go': MAIN, ...extra });
const head = 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\n';

/** The builder's added line and the runtime's start lines. */
function rewritten(text: string, ctx = go()) {
  const r = convert(text, ctx);
  expect({ status: r.status, reason: r.reason }).toEqual({ status: 'converted', reason: null });
  const [builder, runtime] = r.output.split(/\n\nFROM /);
  return {
    added: builder
      .slice(text.length + ' AS builder'.length)
      .split('\n')
      .filter(Boolean),
    start: runtime.split('\n').filter((l) => /^(CMD|ENTRYPOINT) /.test(l)),
    codes: r.warnings.map((w) => w.code),
    output: r.output,
  };
}

describe('go run at start: rewritten (MSC185)', () => {
  it.each([
    [
      'the module root, exec form',
      'CMD ["go", "run", "."]',
      ['ENV CGO_ENABLED=0', 'RUN go build -o /usr/local/bin/shop .'],
      ['CMD ["/usr/local/bin/shop"]'],
    ],
    [
      'a cmd/ package with build flags and program arguments',
      'CMD ["go", "run", "-tags", "netgo", "-ldflags=-s -w", "-mod=vendor", "./cmd/api", "--port", "8080"]',
      [
        'ENV CGO_ENABLED=0',
        "RUN go build -tags netgo '-ldflags=-s -w' -mod=vendor -o /usr/local/bin/api ./cmd/api",
      ],
      ['CMD ["/usr/local/bin/api", "--port", "8080"]'],
    ],
    [
      'shell form keeps the shell form (and its variables)',
      'ENV PORT=8080\nCMD go run ./cmd/api -port $PORT',
      ['ENV CGO_ENABLED=0', 'RUN go build -o /usr/local/bin/api ./cmd/api'],
      ['CMD /usr/local/bin/api -port $PORT'],
    ],
    [
      'ENTRYPOINT with the arguments in CMD',
      'ENTRYPOINT ["go", "run", "./cmd/api"]\nCMD ["serve"]',
      ['ENV CGO_ENABLED=0', 'RUN go build -o /usr/local/bin/api ./cmd/api'],
      ['ENTRYPOINT ["/usr/local/bin/api"]', 'CMD ["serve"]'],
    ],
    [
      'files named on the command line: the folder module names the binary',
      'CMD ["go", "run", "main.go"]',
      ['ENV CGO_ENABLED=0', 'RUN go build -o /usr/local/bin/shop main.go'],
      ['CMD ["/usr/local/bin/shop"]'],
    ],
  ])('%s', (_, start, added, runtimeStart) => {
    const r = rewritten(`${head}${start}\n`);
    expect(r.added).toEqual(added);
    expect(r.start).toEqual(runtimeStart);
    expect(r.codes).toContain('MSC185');
  });

  it('keeps the original lines and adds the build as the last builder line', () => {
    const text = `${head}EXPOSE 8080\nCMD ["go", "run", "."]\n`;
    const r = rewritten(text);
    expect(r.output.startsWith(text.replace('golang:1.22', 'golang:1.22 AS builder'))).toBe(true);
  });

  it('a cgo module keeps cgo: the runtime has the glibc the binary links', () => {
    const ctx = go({ 'go.mod': `${MOD}\nrequire github.com/mattn/go-sqlite3 v1.14.22\n` });
    const r = rewritten(`${head}CMD ["go", "run", "."]\n`, ctx);
    expect(r.added).toEqual(['RUN go build -o /usr/local/bin/shop .']);
    expect(r.output).not.toContain('static-debian');
  });
});

describe('go run that cannot be mapped exactly: declined with MSC005', () => {
  it.each([
    ['a remote module', 'CMD ["go", "run", "github.com/example/tool@latest"]'],
    ['through a runner (-exec)', 'CMD ["go", "run", "-exec", "sudo", "."]'],
    ['-n prints instead of running', 'CMD ["go", "run", "-n", "."]'],
    ['another folder (-C)', 'CMD ["go", "run", "-C", "cmd/api", "."]'],
    ['with other shell commands', 'CMD go mod download && go run .'],
    ['a command substitution', 'CMD go run . --id $(hostname)'],
    ['quoted shell words', 'CMD go run . --name "a b"'],
    ['a package pattern', 'CMD ["go", "run", "./cmd/..."]'],
    [
      'CMD after an ENTRYPOINT that is not go',
      'ENTRYPOINT ["/usr/bin/env"]\nCMD ["go", "run", "."]',
    ],
  ])('%s', (_, start) => {
    const r = convert(`${head}${start}\n`, go());
    expect({ status: r.status, code: r.code }).toEqual({ status: 'declined', code: 'MSC005' });
  });

  it('--keep-start (keepStart) declines as before, with the same reason', () => {
    const text = `${head}CMD ["go", "run", "."]\n`;
    const kept = convert(text, go(), { keepStart: true });
    expect(kept).toMatchObject({ status: 'declined', code: 'MSC005', output: text });
    expect(kept.reason).toBe(
      'CMD runs `go run .`, which compiles when the container starts; build a binary in a RUN step first.',
    );
    expect(convert(text, go()).status).toBe('converted');
  });
});

describe('readGoRun', () => {
  it.each([
    [['.'], { flags: [], pkg: ['.'], args: [] }],
    [
      ['-race', '-tags', 'x', './cmd/a', '-v'],
      { flags: ['-race', '-tags', 'x'], pkg: ['./cmd/a'], args: ['-v'] },
    ],
    [['a.go', 'b.go', 'serve'], { flags: [], pkg: ['a.go', 'b.go'], args: ['serve'] }],
    [['-tags'], null],
    [['example.com/x'], null],
    [[], null],
  ])('%j', (words, expected) => {
    expect(readGoRun(words)).toEqual(expected);
  });
});

describe('go run at start: the added build mounts the Go caches the stage uses', () => {
  it('a go step with cache mounts: the added go build mounts the same folders', () => {
    const mod = '--mount=type=cache,target=/go/pkg/mod';
    const text = `${head}RUN ${mod} go mod download\nCMD ["go", "run", "."]\n`;
    const { added } = rewritten(text);
    expect(added).toEqual(['ENV CGO_ENABLED=0', `RUN ${mod} go build -o /usr/local/bin/shop .`]);
  });

  it("another tool's mounts are not the build's", () => {
    const text = `${head}RUN --mount=type=cache,target=/root/.npm npm ci\nCMD ["go", "run", "."]\n`;
    const r = convert(text, go({ 'package.json': '{}' }));
    if (r.status === 'converted') expect(r.output).not.toMatch(/--mount\S* go build/);
  });
});
