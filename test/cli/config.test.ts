// Configuration (.msconvertrc.json, package.json "msconvert") and ignore lists (--ignore, the
// file's "ignore", `# msconvert ignore=` comments): found where they should be, flags win,
// mistakes are one-line errors before any work, and only warnings are ever silenced.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ConfigFinder } from '../../src/cli/config-files';
import {
  ConfigError,
  codeKind,
  dropIgnored,
  globMatcher,
  ignoredPath,
  inlineIgnores,
  parseCodeList,
  validateConfig,
} from '../../src/config';
import { MemoryContext } from '../../src/context';
import { convert } from '../../src/convert';
import { CLI, EXAMPLES, ROOT } from '../helpers';

const LANGS = ['go', 'node'];

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let tmp: string;
beforeAll(() => {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'cli', 'index.js')))
    throw new Error('dist/ is missing: run npm run build (npm test does it)');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'msconvert-config-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A fresh "repository" (a folder with .git, where the search stops) with files in it. */
function repo(files: Record<string, string> = {}, examples: Record<string, string> = {}): string {
  const root = fs.mkdtempSync(path.join(tmp, 'repo-'));
  fs.mkdirSync(path.join(root, '.git'));
  for (const [dest, name] of Object.entries(examples))
    fs.cpSync(path.join(EXAMPLES, name), path.join(root, dest), { recursive: true });
  for (const [p, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, p)), { recursive: true });
    fs.writeFileSync(path.join(root, p), text);
  }
  return root;
}

describe('codes and ignore lists', () => {
  it('classifies codes by range', () => {
    expect(codeKind('MSC000')).toBe('finding');
    expect(codeKind('MSC005')).toBe('decline');
    expect(codeKind('MSC101')).toBe('warning');
    expect(codeKind('MSC901')).toBe('error');
    expect(codeKind('MSC105')).toBe('warning');
    expect(codeKind('MSC199')).toBeNull();
    expect(codeKind('toString')).toBeNull();
  });

  it('parses repeated and comma-separated warning codes, and refuses the rest', () => {
    expect(parseCodeList(['MSC101', 'msc106, MSC107', 'MSC101'])).toEqual([
      'MSC101',
      'MSC106',
      'MSC107',
    ]);
    expect(() => parseCodeList(['MSC005'])).toThrow(/not a warning.*would not force a conversion/);
    expect(() => parseCodeList(['MSC901'])).toThrow(/not a warning/);
    expect(() => parseCodeList(['MSC1O1'])).toThrow(/not an msconvert code/);
  });

  it('reads `# msconvert ignore=` comment lines anywhere, CRLF and BOM included', () => {
    const text =
      '\ufeff# msconvert ignore=MSC101\r\nFROM node:20\r\n  # note: msconvert ignore=msc106, MSC107 (pm2 is pinned)\r\nRUN x # msconvert ignore=MSC110\r\n';
    expect(inlineIgnores(text).sort()).toEqual(['MSC101', 'MSC106', 'MSC107']);
    expect(inlineIgnores('# msconvert ignore=\n# msconvertignore=MSC101\n')).toEqual([]);
  });

  it('drops only warnings; declines and the output stay', () => {
    const pkg = JSON.stringify({ name: 'a', scripts: { start: 'node s.js' } });
    const ctx = new MemoryContext({ 'package.json': pkg });
    const df = 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["npm", "start"]\n';
    const plain = convert(df, ctx);
    expect(plain.warnings.map((w) => w.code)).toEqual(['MSC101']);
    const flagged = convert(df, ctx, { ignore: ['MSC101'] });
    expect(flagged.warnings).toEqual([]);
    expect(flagged.output).toBe(plain.output);
    const inline = convert(`# msconvert ignore=MSC101\n${df}`, ctx);
    expect(inline.warnings).toEqual([]);
    expect(inline.status).toBe('converted');
    const declined = convert(
      '# msconvert ignore=MSC005\nFROM golang:1.19\nCOPY . .\nCMD ["go", "run", "example.com/tool@v1"]\n',
      ctx,
      { ignore: ['MSC005'] },
    );
    expect(declined).toMatchObject({ status: 'declined', code: 'MSC005' });
    expect(dropIgnored(plain, df, [])).toBe(plain);
  });
});

describe('the configuration file', () => {
  it('validates keys, languages and codes', () => {
    const f = '/x/.msconvertrc.json';
    expect(
      validateConfig(
        { runtime: { go: 'slim' }, ignore: ['MSC101'], ignorePaths: ['legacy/**'] },
        f,
        LANGS,
      ),
    ).toEqual({ runtime: { go: 'slim' }, ignore: ['MSC101'], ignorePaths: ['legacy/**'] });
    const bad: [unknown, RegExp][] = [
      [[], /must be a JSON object/],
      [
        { runtimes: {} },
        /unknown key "runtimes" \(known keys: runtime, ignore, ignorePaths, dockerignore, cache, keepStart\)/,
      ],
      [{ runtime: 'slim' }, /"runtime" must map a language/],
      [{ runtime: { cobol: 'slim' } }, /unknown language "cobol" \(go, node\)/],
      [{ runtime: { go: '' } }, /"go" must name an image/],
      [{ ignore: 'MSC101' }, /"ignore" must be an array/],
      [{ ignore: ['MSC005'] }, /"ignore": MSC005 is not a warning/],
      [{ ignorePaths: [3] }, /"ignorePaths" must be an array of non-empty strings/],
      [{ dockerignore: 'no' }, /"dockerignore" must be true or false/],
    ];
    for (const [raw, re] of bad) {
      let err: unknown;
      try {
        validateConfig(raw, f, LANGS);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).file).toBe(f);
      expect((err as Error).message).toMatch(re);
    }
  });

  it('is found in the folder or the nearest parent, up to the git root', () => {
    const root = repo({
      '.msconvertrc.json': '{"ignore": ["MSC101"]}',
      'services/api/Dockerfile': 'FROM node:20\n',
      'services/web/.msconvertrc.json': '{"runtime": {"node": "alpine"}}',
      'tools/package.json': '{"name": "tools", "msconvert": {"ignore": ["MSC106"]}}',
      'app/package.json': '{"name": "app"}',
      'broken/package.json': '{ not json',
      'both/.msconvertrc.json': '{}',
      'both/package.json': '{"msconvert": {"ignore": ["MSC110"]}}',
    });
    const finder = new ConfigFinder(LANGS);
    const at = (p: string) => finder.find(path.join(root, p));
    expect(at('services/api')?.file).toBe(path.join(root, '.msconvertrc.json'));
    expect(at('services/web')?.config.runtime).toEqual({ node: 'alpine' });
    expect(at('tools')?.config.ignore).toEqual(['MSC106']);
    expect(at('tools')?.file).toBe(path.join(root, 'tools', 'package.json'));
    // A package.json without the key (or unreadable) says nothing: the search goes on.
    expect(at('app')?.file).toBe(path.join(root, '.msconvertrc.json'));
    expect(at('broken')?.file).toBe(path.join(root, '.msconvertrc.json'));
    // In one folder the rc file wins over package.json.
    expect(at('both')?.config.ignore).toEqual([]);
    // The git root ends the search: a file above it is not read.
    const outer = fs.mkdtempSync(path.join(tmp, 'outer-'));
    fs.writeFileSync(path.join(outer, '.msconvertrc.json'), '{"ignore": ["MSC101"]}');
    const inner = path.join(outer, 'project');
    fs.mkdirSync(path.join(inner, '.git'), { recursive: true });
    expect(finder.find(inner)).toBeNull();
    fs.rmSync(path.join(inner, '.git'), { recursive: true });
    // Outside a repository the search stops at the home folder (a world-writable parent such
    // as /tmp must not configure someone else's run); outside home too, only the folder itself
    // is read.
    expect(new ConfigFinder(LANGS).find(inner)).toBeNull();
    expect(new ConfigFinder(LANGS, outer).find(inner)?.file).toBe(
      path.join(outer, '.msconvertrc.json'),
    );
    expect(new ConfigFinder(LANGS, inner).find(inner)).toBeNull();
  });

  it('matches ignorePaths like .gitignore globs, relative to its folder', () => {
    const found = {
      file: '/r/.msconvertrc.json',
      dir: '/r',
      config: {
        runtime: {},
        ignore: [],
        ignorePaths: ['legacy/**', 'vendor', '*.tmpl.Dockerfile'],
      },
    };
    expect(ignoredPath(found, '/r/legacy/a/Dockerfile')).toBe(true);
    expect(ignoredPath(found, '/r/legacy/Dockerfile')).toBe(true);
    expect(ignoredPath(found, '/r/apps/vendor/x/Dockerfile')).toBe(true);
    expect(ignoredPath(found, '/r/apps/api.tmpl.Dockerfile')).toBe(true);
    expect(ignoredPath(found, '/r/apps/legacy/Dockerfile')).toBe(false);
    expect(ignoredPath(found, '/r/legacy-new/Dockerfile')).toBe(false);
    expect(ignoredPath(found, '/elsewhere/legacy/Dockerfile')).toBe(false);
    expect(globMatcher('a/**/b').test('a/b')).toBe(true);
    expect(globMatcher('a/**/b').test('a/x/y/b')).toBe(true);
    expect(globMatcher('a/*').test('a/x/y')).toBe(false);
    expect(globMatcher('Docker?ile').test('x/Dockerfile')).toBe(true);
  });
});

describe('the CLI with a configuration', () => {
  it('takes the runtime per language from the file; --runtime wins', () => {
    const root = repo(
      { '.msconvertrc.json': '{"runtime": {"go": "slim"}}' },
      { api: 'go-basic', web: 'node-express' },
    );
    const r = run(['--json', '.'], root);
    expect(r.code).toBe(0);
    const files = (
      JSON.parse(r.stdout) as {
        files: { path: string; output: string; explanation: { notes: string[] } }[];
      }
    ).files;
    const api = files.find((f) => f.path.startsWith('api'));
    expect(api?.output).toContain('FROM debian:bookworm-slim');
    expect(api?.explanation.notes).toContain('runtime slim for go from .msconvertrc.json');
    // No runtime configured for node: its usual runtime.
    expect(files.find((f) => f.path.startsWith('web'))?.output).toContain(
      'FROM gcr.io/distroless/nodejs20-debian12',
    );
    const flag = run(['--stdout', '--runtime', 'distroless', 'api/Dockerfile'], root);
    expect(flag.stdout).toContain('FROM gcr.io/distroless/static-debian12');
    const none = run(['--stdout', '--no-config', 'api/Dockerfile'], root);
    expect(none.stdout).toContain('FROM gcr.io/distroless/static-debian12');
  });

  it('a configured runtime that cannot work declines, naming the file', () => {
    const root = repo({ '.msconvertrc.json': '{"runtime": {"go": "scratch"}}' }, { api: 'go-cgo' });
    const r = run(['api'], root);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('declined');
    expect(r.stderr).toContain('(runtime scratch for go from .msconvertrc.json)');
    expect(r.stderr).toContain('[MSC011]');
  });

  it('ignores warnings from the file, the flag and the Dockerfile', () => {
    const root = repo({}, { a: 'node-npm-start' });
    const warnings = (args: string[]) =>
      (
        JSON.parse(run(['--json', ...args, 'a'], root).stdout) as {
          files: { warnings: { code: string }[] }[];
        }
      ).files[0].warnings.map((w) => w.code);
    expect(warnings([])).toEqual(['MSC101']);
    expect(warnings(['--ignore', 'MSC101'])).toEqual([]);
    expect(warnings(['--ignore', 'MSC110,MSC101'])).toEqual([]);
    expect(warnings(['--ignore', 'MSC110', '--ignore', 'MSC101'])).toEqual([]);
    fs.writeFileSync(path.join(root, 'package.json'), '{"msconvert": {"ignore": ["MSC101"]}}');
    expect(warnings([])).toEqual([]);
    expect(warnings(['--no-config'])).toEqual(['MSC101']);
    fs.rmSync(path.join(root, 'package.json'));
    const file = path.join(root, 'a', 'Dockerfile');
    fs.writeFileSync(file, `# msconvert ignore=MSC101\n${fs.readFileSync(file, 'utf8')}`);
    expect(warnings([])).toEqual([]);
    // The text report shows neither the warning nor its link.
    expect(run(['a'], root).stderr).not.toContain('MSC101');
  });

  it('refuses to ignore declines, errors and unknown codes', () => {
    const root = repo({}, { a: 'python-runserver' });
    for (const [args, re] of [
      [['--ignore', 'MSC005'], /^msconvert: --ignore: MSC005 is not a warning/],
      [['--ignore', 'MSC999'], /^msconvert: --ignore: MSC999 is not an msconvert code/],
      [['--ignore', ''], /^msconvert: --ignore: needs a code/],
    ] as [string[], RegExp][]) {
      const r = run([...args, 'a'], root);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(re);
      expect(r.stdout).toBe('');
    }
    // Inline, a decline's code changes nothing: the file is still declined.
    const file = path.join(root, 'a', 'Dockerfile');
    fs.writeFileSync(file, `# msconvert ignore=MSC005\n${fs.readFileSync(file, 'utf8')}`);
    const r = run(['--check', 'a'], root);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('declined (python)');
    expect(r.stderr).toContain('[MSC005]');
  });

  it('skips ignorePaths in folder walks and for named files, unless --no-ignore-paths', () => {
    const root = repo(
      { '.msconvertrc.json': '{"ignorePaths": ["legacy/**"]}' },
      { 'apps/api': 'go-basic', 'legacy/old': 'go-basic' },
    );
    const r = run(['--check', '.'], root);
    expect(r.code).toBe(1);
    expect(r.stdout.trim().split('\n')).toEqual([path.join('apps', 'api', 'Dockerfile')]);
    // A pre-commit hook names every changed file: the configuration still applies to them.
    const named = run(['--check', 'legacy/old/Dockerfile', 'apps/api/Dockerfile'], root);
    expect(named.code).toBe(1);
    expect(named.stdout.trim()).toBe('apps/api/Dockerfile');
    const forced = run(['--check', '--no-ignore-paths', 'legacy/old/Dockerfile'], root);
    expect(forced.code).toBe(1);
    expect(forced.stdout.trim()).toBe('legacy/old/Dockerfile');
  });

  it('an invalid file is one line naming it, exit 2, before any file is written', () => {
    const root = repo(
      { 'svc/.msconvertrc.json': '{"runtime": {"go": "slim"}, "ignores": ["MSC101"]}' },
      { 'a/b': 'go-basic', 'svc/api': 'go-basic' },
    );
    const good = path.join(root, 'a', 'b', 'Dockerfile');
    const before = fs.readFileSync(good);
    const r = run(['--write', '.'], root);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'msconvert: svc/.msconvertrc.json: unknown key "ignores" (known keys: runtime, ignore, ignorePaths, dockerignore, cache, keepStart) [MSC907]\n',
    );
    expect(fs.readFileSync(good)).toEqual(before);
    fs.writeFileSync(path.join(root, 'svc', '.msconvertrc.json'), '{"ignore": [}');
    const json = run(['svc/api'], root);
    expect(json.code).toBe(2);
    expect(json.stderr).toMatch(
      /^msconvert: svc\/\.msconvertrc\.json: not valid JSON: .*\[MSC907\]\n$/,
    );
    expect(run(['--no-config', 'svc/api'], root).code).toBe(0);
    fs.writeFileSync(path.join(root, 'svc', '.msconvertrc.json'), '{}');
    fs.writeFileSync(path.join(root, 'package.json'), '{"msconvert": {"ignore": ["MSC005"]}}');
    const pkg = run(['a'], root);
    expect(pkg.code).toBe(2);
    expect(pkg.stderr).toMatch(
      /^msconvert: package\.json: "msconvert": "ignore": MSC005 is not a warning .*\[MSC907\]\n$/,
    );
  });

  it('stdin uses the configuration of --context or the current folder', () => {
    const root = repo({ '.msconvertrc.json': '{"runtime": {"go": "slim"}}' }, { api: 'go-basic' });
    const r = spawnSync(process.execPath, [CLI, '-', '--stdout', '--context', 'api'], {
      cwd: root,
      input: fs.readFileSync(path.join(root, 'api', 'Dockerfile')),
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('FROM debian:bookworm-slim');
  });
});
