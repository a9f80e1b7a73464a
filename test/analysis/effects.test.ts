// RUN steps whose effects msconvert cannot see (seen in the wild: Sph3ricalPeter/go-scraper
// runs `playwright install --with-deps` from a go-installed playwright; the app launches
// Chromium from ~/.cache/ms-playwright with the OS libraries that step installed, and the
// conversion to distroless/static copied only /go/bin).
import { convert, MemoryContext } from '../../src';

const MAIN =
  'package main\n\nimport "net/http"\n\nfunc main() { http.ListenAndServe(":8080", nil) }\n';
const MOD = 'module example.com/server\n\ngo 1.22\n';
const go = (extra: Record<string, string> = {}) =>
  new MemoryContext({ 'go.mod': MOD, 'main.go': MAIN, ...extra });

describe('declined: a step the build cannot show', () => {
  it.each([
    [
      'playwright install --with-deps from a go-installed playwright (go-scraper)',
      'FROM golang:1.22\nWORKDIR /app\nRUN go install github.com/playwright-community/playwright-go/cmd/playwright@latest\nRUN playwright install --with-deps\nCOPY go.mod main.go ./\nRUN go build -o main main.go\nENTRYPOINT ["/app/main"]\n',
      'MSC009',
    ],
    [
      'playwright install through go run, no OS packages',
      'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go run github.com/playwright-community/playwright-go/cmd/playwright@v0.4201.1 install chromium\nRUN go build -o /app/server .\nCMD ["/app/server"]\n',
      'MSC021',
    ],
    [
      'a go-installed tool that downloads something',
      'FROM golang:1.22\nWORKDIR /app\nRUN go install example.com/fetcher/cmd/fetcher@v1.0.0 && fetcher download models\nCOPY . .\nRUN go build -o /app/server .\nCMD ["/app/server"]\n',
      'MSC021',
    ],
    [
      'a go-installed tool run after the app is built',
      'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o /app/server .\nRUN go install example.com/prep/cmd/prep@v1.0.0 && prep --out /var/lib/prep\nCMD ["/app/server"]\n',
      'MSC021',
    ],
  ])('%s', (_name, df, code) => {
    const r = convert(df, go());
    expect({ status: r.status, code: r.code }).toEqual({ status: 'declined', code });
  });
});

describe('converted: generators that feed the build', () => {
  it.each([
    [
      'swag init before go build',
      'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go install github.com/swaggo/swag/cmd/swag@latest && swag init\nRUN go build -o /app/server .\nCMD ["/app/server"]\n',
    ],
    [
      'templ generate before go build, by path',
      'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go install github.com/a-h/templ/cmd/templ@v0.2.543\nRUN /go/bin/templ generate && go build -o /app/server .\nCMD ["/app/server"]\n',
    ],
  ])('%s', (_name, df) => {
    const r = convert(df, go());
    expect({ status: r.status, reason: r.reason }).toEqual({ status: 'converted', reason: null });
  });
});

describe('Python: playwright browsers are not carried', () => {
  const ctx = () =>
    new MemoryContext({
      'requirements.txt': 'playwright==1.44.0\n',
      'app.py': 'from playwright.sync_api import sync_playwright\n',
    });
  it.each([
    ['with --with-deps', 'playwright install --with-deps chromium', 'MSC009'],
    ['browsers only', 'python -m playwright install chromium', 'MSC021'],
  ])('%s', (_name, step, code) => {
    const df = `FROM python:3.12\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt && ${step}\nCOPY . .\nCMD ["python", "app.py"]\n`;
    const r = convert(df, ctx());
    expect({ status: r.status, code: r.code }).toEqual({ status: 'declined', code });
  });
});
