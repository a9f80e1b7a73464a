// Report formats: SARIF 2.1.0 (validated against the OASIS schema shipped in test/fixtures),
// Checkstyle XML, --format json as --json, --check with a format; and the size chart the
// README shows.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import { checkstyle, xmlAttr } from '../../src/formats/checkstyle';
import type { ReportEntry } from '../../src/formats/report';
import { sarif } from '../../src/formats/sarif';
import { CLI, EXAMPLES, ROOT } from '../helpers';

const sizeChart = require('../../scripts/size-chart.js') as {
  parseSizes(md: string): { name: string; before: number; after: number }[];
  chart(rows: { name: string; before: number; after: number }[]): string;
};

function run(args: string[], opts: { cwd?: string; input?: string } = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: opts.cwd ?? ROOT,
    input: opts.input,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let validateSarif: ValidateFunction;
let tmp: string;

beforeAll(() => {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'cli', 'index.js')))
    throw new Error('dist/ is missing: run npm run build (npm test does it)');
  const schema = JSON.parse(
    fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'sarif-schema-2.1.0.json'), 'utf8'),
  ) as object;
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  validateSarif = ajv.compile(schema);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'msconvert-formats-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function copyExample(name: string, into = tmp): string {
  const dest = path.join(into, name);
  fs.cpSync(path.join(EXAMPLES, name), dest, { recursive: true });
  return dest;
}

function expectValid(log: unknown) {
  const ok = validateSarif(log);
  if (!ok) throw new Error(JSON.stringify(validateSarif.errors, null, 2));
}

interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
  charOffset: number;
  charLength: number;
}
interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string }; region: SarifRegion } }[];
  fixes?: {
    artifactChanges: {
      artifactLocation: { uri: string; uriBaseId?: string };
      replacements: { deletedRegion: SarifRegion; insertedContent: { text: string } }[];
    }[];
  }[];
}
interface SarifLog {
  version: string;
  runs: {
    tool: { driver: { name: string; version: string; rules: { id: string; helpUri: string }[] } };
    invocations: {
      executionSuccessful: boolean;
      exitCode?: number;
      toolExecutionNotifications?: { descriptor?: { id: string } }[];
    }[];
    results: SarifResult[];
  }[];
}

/** Applies a replacement by its line/column region, as a viewer would. */
function applyByLines(text: string, region: SarifRegion, inserted: string): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\r' && text[i + 1] === '\n') continue;
    if (text[i] === '\n' || text[i] === '\r') starts.push(i + 1);
  }
  const at = (line: number, col: number) => starts[line - 1] + col - 1;
  return (
    text.slice(0, at(region.startLine, region.startColumn)) +
    inserted +
    text.slice(at(region.endLine, region.endColumn))
  );
}

describe('--format sarif', () => {
  it('is valid SARIF 2.1.0: a result per converted or declined file, the new text as a fix', () => {
    const root = fs.mkdtempSync(path.join(tmp, 'sarif-'));
    for (const n of ['go-basic', 'node-npm-start', 'python-runserver', 'go-multistage'])
      copyExample(n, root);
    const r = run(['--check', '--format', 'sarif', '.'], { cwd: root });
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout) as SarifLog;
    expectValid(log);
    // The schema does reject what is not SARIF.
    const broken = JSON.parse(r.stdout) as { runs: { results: { level: string }[] }[] };
    broken.runs[0].results[0].level = 'fatal';
    expect(validateSarif(broken)).toBe(false);
    expect(log.version).toBe('2.1.0');
    const run0 = log.runs[0];
    expect(run0.tool.driver.name).toBe('msconvert');
    expect(run0.invocations[0]).toMatchObject({ executionSuccessful: true, exitCode: 1 });
    const byUri = new Map(
      run0.results.map((x) => [x.locations[0].physicalLocation.artifactLocation.uri, x]),
    );
    // go-multistage is unchanged: no result.
    expect([...byUri.keys()].sort()).toEqual([
      'go-basic/Dockerfile',
      'node-npm-start/Dockerfile',
      'python-runserver/Dockerfile',
    ]);
    const basic = byUri.get('go-basic/Dockerfile') as SarifResult;
    expect(basic).toMatchObject({ ruleId: 'MSC000', level: 'warning' });
    const declined = byUri.get('python-runserver/Dockerfile') as SarifResult;
    expect(declined).toMatchObject({ ruleId: 'MSC005', level: 'note' });
    expect(declined.fixes).toBeUndefined();
    // Warnings ride along in the message of their file's result.
    expect(byUri.get('node-npm-start/Dockerfile')?.message.text).toContain('MSC101');
    for (const x of run0.results) expect(run0.tool.driver.rules[x.ruleIndex].id).toBe(x.ruleId);
    for (const rule of run0.tool.driver.rules)
      expect(rule.helpUri).toMatch(new RegExp(`/docs/rules/${rule.id}\\.md$`));

    // The fix replaces the whole file with what --stdout prints.
    const file = path.join(root, 'go-basic', 'Dockerfile');
    const original = fs.readFileSync(file, 'utf8');
    const expected = run(['--stdout', file]).stdout;
    const change = basic.fixes?.[0].artifactChanges[0];
    expect(change?.artifactLocation).toEqual({
      uri: 'go-basic/Dockerfile',
      uriBaseId: '%SRCROOT%',
    });
    const rep = change?.replacements[0];
    expect(rep?.insertedContent.text).toBe(expected);
    const region = rep?.deletedRegion as SarifRegion;
    expect(region.charOffset).toBe(0);
    expect(region.charLength).toBe(original.length);
    expect(applyByLines(original, region, expected)).toBe(expected);
    // The finding points at the FROM line, where " AS builder" goes.
    expect(basic.locations[0].physicalLocation.region.startLine).toBe(1);
  });

  it('reports files that cannot be read as tool notifications, and exits 2', () => {
    const root = fs.mkdtempSync(path.join(tmp, 'sarif-bad-'));
    copyExample('go-basic', root);
    fs.mkdirSync(path.join(root, 'bad'));
    fs.writeFileSync(path.join(root, 'bad', 'Dockerfile'), Buffer.from([0, 1, 2, 3]));
    const r = run(['--format', 'sarif', '.'], { cwd: root });
    expect(r.code).toBe(2);
    const log = JSON.parse(r.stdout) as SarifLog;
    expectValid(log);
    const inv = log.runs[0].invocations[0];
    expect(inv.executionSuccessful).toBe(false);
    expect(inv.toolExecutionNotifications?.[0].descriptor?.id).toBe('MSC902');
    expect(log.runs[0].results).toHaveLength(1);
    expect(r.stderr).toMatch(/^msconvert: .*bad\/Dockerfile: .*\[MSC902\]$/m);
  });

  it('is valid for every example, CRLF and BOM files, stdin and paths outside the folder', () => {
    const entries: ReportEntry[] = [
      {
        path: '-',
        status: 'converted',
        language: 'go',
        reason: null,
        code: null,
        warnings: [{ code: 'MSC107', message: 'users <copied> & "kept"' }],
        original: '\ufeffFROM golang:1.19\r\nRUN go build -o /app .\r\nCMD ["/app"]',
        output: 'FROM golang:1.19 AS builder\r\n...',
        explanation: null,
      },
      {
        path: '/elsewhere/with space/Dockerfile',
        status: 'declined',
        language: null,
        reason: 'no supported language',
        code: 'MSC002',
        warnings: [],
        original: '# c\nfrom debian\n',
        output: '# c\nfrom debian\n',
        explanation: null,
      },
      {
        path: 'x/Dockerfile',
        status: 'error',
        language: null,
        reason: 'the file is empty',
        code: 'MSC903',
        warnings: [],
        original: '',
        output: '',
        explanation: null,
      },
    ];
    const log = JSON.parse(sarif(entries, { version: '1.2.3', cwd: '/work' })) as SarifLog;
    expectValid(log);
    const [stdin, elsewhere] = log.runs[0].results;
    expect(stdin.locations[0].physicalLocation.artifactLocation.uri).toBe('-');
    expect(elsewhere.locations[0].physicalLocation.artifactLocation.uri).toBe(
      'file:///elsewhere/with%20space/Dockerfile',
    );
    expect(elsewhere.locations[0].physicalLocation.region.startLine).toBe(2);
    const region = stdin.fixes?.[0].artifactChanges[0].replacements[0].deletedRegion;
    expect(region).toMatchObject({ endLine: 3, endColumn: 13 });
    expect(applyByLines(entries[0].original, region as SarifRegion, 'X')).toBe('X');

    // The whole examples folder, in one run.
    const all = run(['--format', 'sarif', EXAMPLES]);
    const big = JSON.parse(all.stdout) as SarifLog;
    expectValid(big);
    expect(big.runs[0].results.length).toBeGreaterThan(20);
  });
});

describe('--format checkstyle', () => {
  it('lists every file, with a severity per finding and the code as source', () => {
    const root = fs.mkdtempSync(path.join(tmp, 'cs-'));
    for (const n of ['go-basic', 'node-npm-start', 'python-runserver', 'go-multistage'])
      copyExample(n, root);
    const r = run(['--format', 'checkstyle', '.'], { cwd: root });
    expect(r.code).toBe(0);
    const xml = r.stdout;
    expect(
      xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<checkstyle version="4.3">\n'),
    ).toBe(true);
    expect(xml.trimEnd().endsWith('</checkstyle>')).toBe(true);
    // Well-formed enough for the tools that read it: known lines only, attributes escaped.
    for (const line of xml.trimEnd().split('\n').slice(2, -1)) {
      expect(line).toMatch(
        /^ {2}<file name="[^"<&]*"\/?>$|^ {2}<\/file>$|^ {4}<error line="\d+" column="\d+" severity="(error|warning|info)" message="([^"<&]|&(amp|lt|gt|quot|apos|#\d+);)*" source="msconvert\.MSC\d{3}"\/>$/,
      );
    }
    expect(xml).toContain('<file name="go-multistage/Dockerfile"/>');
    expect(xml).toMatch(
      /<file name="go-basic\/Dockerfile">\n {4}<error line="1" column="1" severity="warning" [^\n]*source="msconvert.MSC000"\/>/,
    );
    expect(xml).toMatch(/severity="info" [^\n]*source="msconvert.MSC005"/);
    expect(xml).toMatch(/severity="info" [^\n]*source="msconvert.MSC101"/);
  });

  it('escapes attribute text', () => {
    expect(xmlAttr('a<b>&"c"\'\n\x01')).toBe('a&lt;b&gt;&amp;&quot;c&quot;&apos;&#10;');
    const xml = checkstyle(
      [
        {
          path: 'a&b/Dockerfile',
          status: 'error',
          language: null,
          reason: 'bad <thing>',
          code: 'MSC911',
          warnings: [],
          original: '',
          output: '',
          explanation: null,
        },
      ],
      { version: '0', cwd: '/' },
    );
    expect(xml).toContain(
      '<file name="a&amp;b/Dockerfile">\n    <error line="1" column="1" severity="error" message="bad &lt;thing&gt;" source="msconvert.MSC911"/>',
    );
  });
});

describe('--format and --json', () => {
  it('--json is --format json', () => {
    const dir = copyExample('go-cgo');
    const a = run(['--json', dir]);
    const b = run(['--format', 'json', dir]);
    expect(a.code).toBe(0);
    expect(b.stdout).toBe(a.stdout);
    expect(run(['--json', '--format', 'json', dir]).stdout).toBe(a.stdout);
    expect(run(['-f', 'json', dir]).stdout).toBe(a.stdout);
  });

  it('--check --format diff prints the diff and exits 1; plain --check lists the files', () => {
    const dir = copyExample('go-basic', fs.mkdtempSync(path.join(tmp, 'check-')));
    const diff = run(['--check', '--format', 'diff', dir]);
    expect(diff.code).toBe(1);
    expect(diff.stdout).toContain('+FROM gcr.io/distroless/static-debian12');
    const list = run(['--check', dir]);
    expect(list.stdout.trim()).toBe(path.join(dir, 'Dockerfile'));
  });

  it.each([
    [['--json', '--format', 'sarif']],
    [['--format', 'xml']],
    [['--stdout', '--format', 'json']],
    [['--stdout', '--format', 'diff']],
    [['--write', '--format', 'sarif']],
    [['--write', '--format', 'checkstyle']],
  ])('rejects %j', (args) => {
    const dir = copyExample('go-basic', fs.mkdtempSync(path.join(tmp, 'flags-')));
    const before = fs.readFileSync(path.join(dir, 'Dockerfile'));
    const r = run([...args, path.join(dir, 'Dockerfile')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^msconvert: /);
    expect(r.stdout).toBe('');
    expect(fs.readFileSync(path.join(dir, 'Dockerfile'))).toEqual(before);
  });
});

describe('scripts/size-chart.js', () => {
  const table = [
    '| example | status | verdict | before | after | after/before |',
    '| --- | --- | --- | ---: | ---: | ---: |',
    '| go-basic | converted | verified | 893.6 MB | 8.0 MB | 0.9% |',
    '| go-run | declined | original builds | 886.6 MB | | |',
    '| node-<x> | converted | verified | 647.0 MB | 241.7 MB | 37.4% |',
    '| **median** (2 converted) | | | 770.3 MB | 124.9 MB | 19.2% |',
  ].join('\n');

  it('reads the converted rows of docs/sizes.md', () => {
    expect(sizeChart.parseSizes(table)).toEqual([
      { name: 'go-basic', before: 893.6, after: 8 },
      { name: 'node-<x>', before: 647, after: 241.7 },
    ]);
    const real = sizeChart.parseSizes(fs.readFileSync(path.join(ROOT, 'docs', 'sizes.md'), 'utf8'));
    expect(real.length).toBeGreaterThan(0);
  });

  it('draws two bars per example, escaped, in a standalone SVG', () => {
    const svg = sizeChart.chart(sizeChart.parseSizes(table));
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg.match(/<rect [^>]*fill="#afb8c1"\/>/g)).toHaveLength(3); // 2 bars + legend
    expect(svg.match(/<rect [^>]*fill="#2da44e"\/>/g)).toHaveLength(3);
    expect(svg).toContain('node-&lt;x&gt;');
    expect(svg).not.toContain('node-<x>');
    expect(svg).toContain('8.0 MB (0.9%)');
    // Deterministic, so the committed chart only changes with the table.
    expect(sizeChart.chart(sizeChart.parseSizes(table))).toBe(svg);
  });

  it('is committed and shown in the README', () => {
    const svg = fs.readFileSync(path.join(ROOT, 'docs', 'sizes.svg'), 'utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')).toContain('](docs/sizes.svg)');
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.docs).toBe('node scripts/size-chart.js');
  });
});
