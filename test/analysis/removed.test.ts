// Paths the build removed again are never copied into the runtime (seen in the wild:
// k-antonets/cryweb copies templates and static into /app, then rm -rf /src in the same RUN;
// the conversion copied /src/templates, and the converted Dockerfile did not build).
import { convert, MemoryContext } from '../../src';

const MAIN =
  'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.Handle("/", http.FileServer(http.Dir("static")))\n\t_ = "templates/index.html"\n\thttp.ListenAndServe(":8080", nil)\n}\n';
const ctx = () =>
  new MemoryContext({
    'go.mod': 'module example.com/site\n\ngo 1.22\n',
    'main.go': MAIN,
    'templates/index.html': '<p>hi</p>\n',
    'static/app.css': 'p {}\n',
  });

const rows: [string, string, string[], string[]][] = [
  [
    'copied into /app, then the source tree removed in the same RUN (cryweb)',
    'FROM golang:1.22-alpine\nCOPY ./ /src/\nWORKDIR /src/\nRUN go build -o /app/server . && \\\n    cp -R templates /app && \\\n    cp -R static /app && \\\n    cd / && rm -rf /src\nWORKDIR /app/\nENTRYPOINT ["/app/server"]\n',
    ['COPY --from=builder /app /app'],
    ['/src'],
  ],
  [
    'a run-time folder removed after the build',
    'FROM golang:1.22-alpine\nWORKDIR /src\nCOPY . .\nRUN go build -o /app/server . && rm -rf templates\nENTRYPOINT ["/app/server"]\n',
    ['COPY --from=builder /src/static /src/static'],
    ['/src/templates'],
  ],
  [
    'a run-time folder moved away: only its new place is copied',
    'FROM golang:1.22-alpine\nWORKDIR /src\nCOPY . .\nRUN go build -o /app/server . && mv templates /srv/tpl\nENTRYPOINT ["/app/server"]\n',
    ['COPY --from=builder /srv/tpl /srv/tpl'],
    ['/src/templates'],
  ],
  [
    'removed, then copied in again by a later COPY: it is there',
    'FROM golang:1.22-alpine\nWORKDIR /src\nCOPY . .\nRUN go build -o /app/server . && rm -rf /src\nCOPY templates /src/templates\nENTRYPOINT ["/app/server"]\n',
    ['COPY --from=builder /src/templates /src/templates'],
    [],
  ],
];

describe('paths the build removed', () => {
  it.each(rows)('%s', (_name, df, has, lacks) => {
    const r = convert(df, ctx());
    expect({ status: r.status, reason: r.reason }).toEqual({ status: 'converted', reason: null });
    const rt = r.output.slice(df.length);
    for (const h of has) expect(rt).toContain(h);
    for (const l of lacks) expect(rt).not.toMatch(new RegExp(`--from=builder ${l}[ /]`));
    expect(convert(r.output, ctx()).status).toBe('unchanged');
  });
});

describe('a removal that a later program may undo is not trusted', () => {
  it('make after rm -rf templates may write them again: they are copied', () => {
    const df =
      'FROM golang:1.22-alpine\nWORKDIR /src\nCOPY . .\nRUN go build -o /app/server . && rm -rf templates && make templates\nENTRYPOINT ["/app/server"]\n';
    const r = convert(df, ctx());
    expect(r.status).toBe('converted');
    expect(r.output.slice(df.length)).toContain(
      'COPY --from=builder /src/templates /src/templates',
    );
  });
});
