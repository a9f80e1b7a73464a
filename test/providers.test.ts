// Table tests across providers: which one a Dockerfile goes to, and what every conversion
// keeps of the original's text. Each provider's own tables are in test/providers/<id>/.
import { convert, MemoryContext } from '../src';
import { GO_MAIN, GO_MOD, goCtx, pkg } from './providers/fixtures';

describe('language choice', () => {
  it('declines when Go and Node both build, and --lang settles it', () => {
    const df = 'FROM debian:12\nRUN npm ci && go build -o /app .\nCMD ["/app"]\n';
    const ctx = new MemoryContext({ 'package.json': pkg(), 'go.mod': GO_MOD, 'main.go': GO_MAIN });
    expect(convert(df, ctx).code).toBe('MSC003');
    expect(convert(df, ctx, { lang: 'go' }).language).toBe('go');
  });

  it('declines an unknown language with a hint', () => {
    const r = convert('FROM elixir:1.16\nRUN mix deps.get\nCMD ["mix","run"]\n');
    expect(r.status).toBe('declined');
    expect(r.code).toBe('MSC002');
    expect(r.reason).toContain('elixir:1.16');
  });
});

describe('text is preserved', () => {
  const df =
    '\uFEFF# escape=\\\r\nFROM golang:1.22\r\n# build it\r\nWORKDIR /src\r\nCOPY . .\r\nRUN go build \\\r\n  -o /app .\r\nCMD ["/app"]';
  const r = convert(df, goCtx());
  it('keeps BOM, CRLF, comments and continuations, and adds a final line break', () => {
    expect(r.status).toBe('converted');
    expect(
      r.output.startsWith('\uFEFF# escape=\\\r\nFROM golang:1.22 AS builder\r\n# build it\r\n'),
    ).toBe(true);
    expect(r.output).toContain(
      'RUN go build \\\r\n  -o /app .\r\nCMD ["/app"]\r\n\r\nFROM gcr.io/distroless/static-debian12\r\n',
    );
    expect(r.output.replace(/\r\n/g, '')).not.toContain('\n');
    expect(r.output.endsWith('\r\n')).toBe(true);
  });
  it('keeps a stage name that is already there', () => {
    const named = convert(
      'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n',
      goCtx(),
    );
    expect(named.output).toContain('FROM golang:1.22 AS build\n');
    expect(named.output).toContain('COPY --from=build /app /app');
  });
});
