// What users install and run: the npm package (its file list, and the packed tarball working
// from a clean folder through require, import, types and the bin), --version and --help, and
// the integrations: the pre-commit hook, the GitHub Action, the root Dockerfile.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse as parseYaml } from 'yaml';
import { isDockerfileName, NOT_DOCKERFILE } from '../src/cli/files';
import { CLI, EXAMPLES, ROOT } from './helpers';

const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  main: string;
  types: string;
  bin: Record<string, string>;
  files: string[];
  engines: { node: string };
  exports: Record<string, unknown>;
};

let tmp: string;
beforeAll(() => {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'cli', 'index.js')))
    throw new Error('dist/ is missing: run npm run build (npm test does it)');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'msconvert-pack-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function sh(cmd: string, args: string[], cwd: string, input?: string) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', input, env: { ...process.env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Source files the package must ship compiled: src/**\/*.ts. */
function sources(dir = path.join(ROOT, 'src'), rel = ''): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory()
        ? sources(path.join(dir, e.name), `${rel}${e.name}/`)
        : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')
          ? [`${rel}${e.name.replace(/\.ts$/, '')}`]
          : [],
    );
}

describe('the npm package', () => {
  it('declares its entry points', () => {
    expect(PKG.main).toBe('dist/index.js');
    expect(PKG.types).toBe('dist/index.d.ts');
    expect(PKG.bin).toEqual({ msconvert: 'bin/msconvert.js' });
    expect(PKG.engines.node).toBe('>=20');
    expect(PKG.exports).toEqual({
      '.': { types: './dist/index.d.ts', require: './dist/index.js', default: './dist/index.js' },
      './package.json': './package.json',
    });
    expect(fs.readFileSync(path.join(ROOT, 'bin', 'msconvert.js'), 'utf8')).toMatch(
      /^#!\/usr\/bin\/env node\n/,
    );
  });

  it('packs what a user needs and nothing else', () => {
    // --ignore-scripts: prepack would rebuild dist/ under the feet of other running tests.
    const r = sh('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], ROOT);
    expect(r.code).toBe(0);
    const files = (JSON.parse(r.stdout) as { files: { path: string }[] }[])[0].files
      .map((f) => f.path)
      .sort();
    const allowed = (f: string) =>
      ['README.md', 'LICENSE', 'package.json', 'bin/msconvert.js'].includes(f) ||
      /^dist\/.+\.(js|d\.ts)$/.test(f) ||
      /^data\/[^/]+$/.test(f);
    expect(files.filter((f) => !allowed(f))).toEqual([]);
    expect(files.filter((f) => /\.test\.|(^|\/)test\//.test(f))).toEqual([]);
    const want = sources().flatMap((s) => [`dist/${s}.js`, `dist/${s}.d.ts`]);
    expect(want.filter((f) => !files.includes(f))).toEqual([]);
    // A compiled file without its source is left over from an old build.
    expect(files).toContain('dist/msconvert.js'); // the bundled CLI the bin loads
    const stale = files
      .filter((f) => f.startsWith('dist/') && f !== 'dist/msconvert.js')
      .filter((f) => !want.includes(f))
      .map((f) => `${f} (stale: rm -rf dist && npm run build)`);
    expect(stale).toEqual([]);
    for (const t of fs.readdirSync(path.join(ROOT, 'data'))) expect(files).toContain(`data/${t}`);
  });

  it('works when installed from the tarball: bin, require, import and types', () => {
    const r = sh('npm', ['pack', '--ignore-scripts', '--pack-destination', tmp, '--json'], ROOT);
    expect(r.code).toBe(0);
    const tarball = path.join(tmp, (JSON.parse(r.stdout) as { filename: string }[])[0].filename);
    const project = path.join(tmp, 'consumer');
    const installed = path.join(project, 'node_modules', 'msconvert');
    fs.mkdirSync(installed, { recursive: true });
    expect(sh('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1'], tmp).code).toBe(0);
    // Dependencies come from this checkout, as npm would have installed them.
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(installed, 'node_modules'));
    fs.writeFileSync(path.join(project, 'package.json'), '{"name": "consumer", "private": true}');

    const bin = path.join(installed, PKG.bin.msconvert);
    expect(sh(process.execPath, [bin, '--version'], project).stdout.trim()).toBe(PKG.version);
    const diff = sh(process.execPath, [bin, path.join(EXAMPLES, 'go-basic')], project);
    expect(diff.code).toBe(0);
    expect(diff.stdout).toContain('+FROM gcr.io/distroless/static-debian12');

    const cjs = sh(
      process.execPath,
      [
        '-e',
        "const m = require('msconvert'); const r = m.convert('FROM golang:1.19\\nRUN go build -o /app .\\nCMD [\"/app\"]\\n'); console.log(typeof m.convert, r.status, require('msconvert/package.json').version);",
      ],
      project,
    );
    expect(cjs.stderr).toBe('');
    expect(cjs.stdout.trim()).toBe(`function converted ${PKG.version}`);
    const esm = sh(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "import { convert, CODES } from 'msconvert'; console.log(typeof convert, CODES.MSC101);",
      ],
      project,
    );
    expect(esm.stderr).toBe('');
    expect(esm.stdout.trim()).toBe('function the container starts through npm or yarn');
    // Internals are not part of the API.
    const deep = sh(process.execPath, ['-e', "require('msconvert/dist/cli')"], project);
    expect(deep.stderr).toContain('ERR_PACKAGE_PATH_NOT_EXPORTED');

    // Types resolve through "exports" the way TypeScript users compile.
    fs.writeFileSync(
      path.join(project, 'use.ts'),
      [
        "import { convert, MemoryContext, type ConvertResult } from 'msconvert';",
        "const r: ConvertResult = convert('FROM node:20', new MemoryContext({}), { lang: 'node' });",
        "const s: 'converted' | 'unchanged' | 'declined' | 'error' = r.status;",
        'export { s };',
        '',
      ].join('\n'),
    );
    fs.writeFileSync(
      path.join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          module: 'node16',
          moduleResolution: 'node16',
          types: [],
        },
        files: ['use.ts'],
      }),
    );
    const tsc = sh(
      process.execPath,
      [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', project],
      project,
    );
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.code).toBe(0);
  });
});

describe("the README's ways to get the command", () => {
  // `npx msconvert` and `npm install -g msconvert`, with the packed tarball standing in for
  // the registry: what a user gets, in folders that have nothing of this checkout.
  let tarball: string;
  beforeAll(() => {
    const dest = fs.mkdtempSync(path.join(tmp, 'tarball-'));
    const r = sh('npm', ['pack', '--ignore-scripts', '--pack-destination', dest, '--json'], ROOT);
    expect(r.code).toBe(0);
    tarball = path.join(dest, (JSON.parse(r.stdout) as { filename: string }[])[0].filename);
  });
  const quiet = ['--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];

  it('npm install -g puts a working msconvert on the PATH', () => {
    const prefix = fs.mkdtempSync(path.join(tmp, 'global-'));
    const env = { ...process.env, npm_config_prefix: prefix, NPM_CONFIG_PREFIX: prefix };
    const r = spawnSync('npm', ['install', '-g', ...quiet, tarball], {
      cwd: tmp,
      encoding: 'utf8',
      env,
    });
    expect({ code: r.status, stderr: r.status === 0 ? '' : r.stderr }).toEqual({
      code: 0,
      stderr: '',
    });
    const bin = path.join(prefix, 'bin', 'msconvert');
    expect(sh(bin, ['--version'], tmp).stdout.trim()).toBe(PKG.version);
    const check = sh(bin, ['--check', path.join(EXAMPLES, 'go-basic', 'Dockerfile')], tmp);
    expect(check.code).toBe(1);
  });

  it('npx msconvert runs it without installing', () => {
    const empty = fs.mkdtempSync(path.join(tmp, 'npx-'));
    const r = spawnSync(
      'npm',
      ['exec', '--yes', ...quiet, `--package=${tarball}`, '--', 'msconvert', '--version'],
      { cwd: empty, encoding: 'utf8', env: { ...process.env } },
    );
    expect({ code: r.status, stdout: r.stdout.trim() }).toEqual({ code: 0, stdout: PKG.version });
    const diff = spawnSync(
      'npm',
      [
        'exec',
        '--yes',
        ...quiet,
        `--package=${tarball}`,
        '--',
        'msconvert',
        path.join(EXAMPLES, 'go-basic'),
      ],
      { cwd: empty, encoding: 'utf8', env: { ...process.env } },
    );
    expect(diff.status).toBe(0);
    expect(diff.stdout).toContain('+FROM gcr.io/distroless/static-debian12');
    expect(fs.readdirSync(empty)).toEqual([]);
  });

  it('the README shows both', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain('npx msconvert');
    expect(readme).toContain('npm install -g msconvert');
    expect(readme).toContain('npm run test:e2e');
  });
});

describe('installing from git', () => {
  // pre-commit installs node hooks with `npm install -g git+file://<clone>`. npm runs the
  // prepare script there without the devDependencies (npm/cli#8440); scripts/prepare.js
  // installs them and builds dist/, so the installed bin works.
  it(
    'npm install -g from a git clone builds dist/ and installs a working bin',
    () => {
      const clone = path.join(tmp, 'clone');
      expect(sh('git', ['clone', '-q', ROOT, clone], tmp).code).toBe(0);
      // The working tree's package files, as committed next.
      for (const f of ['package.json', 'package-lock.json', 'scripts/prepare.js', 'tsconfig.json'])
        fs.copyFileSync(path.join(ROOT, f), path.join(clone, f));
      fs.rmSync(path.join(clone, 'src'), { recursive: true, force: true });
      fs.cpSync(path.join(ROOT, 'src'), path.join(clone, 'src'), { recursive: true });
      const git = (args: string[]) =>
        sh('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], clone);
      expect(git(['add', '-A']).code).toBe(0);
      git(['commit', '-q', '-m', 'working tree']);
      const prefix = path.join(tmp, 'global');
      const r = spawnSync(
        'npm',
        [
          'install',
          '--allow-git=root',
          '--install-links',
          '-g',
          '--prefer-offline',
          '--no-audit',
          '--no-fund',
          `git+file://${clone}`,
        ],
        {
          cwd: tmp,
          encoding: 'utf8',
          env: { ...process.env, npm_config_prefix: prefix, NPM_CONFIG_PREFIX: prefix },
        },
      );
      expect({ code: r.status, stderr: r.status === 0 ? '' : r.stderr }).toEqual({
        code: 0,
        stderr: '',
      });
      const installed = path.join(prefix, 'lib', 'node_modules', 'msconvert');
      expect(fs.existsSync(path.join(installed, 'dist', 'cli', 'index.js'))).toBe(true);
      // Only production dependencies are installed with it.
      expect(fs.existsSync(path.join(installed, 'node_modules', 'typescript'))).toBe(false);
      const bin = path.join(prefix, 'bin', 'msconvert');
      expect(sh(bin, ['--version'], tmp).stdout.trim()).toBe(PKG.version);
      const check = sh(bin, ['--check', path.join(EXAMPLES, 'go-basic', 'Dockerfile')], tmp);
      expect(check.code).toBe(1);
    },
    5 * 60 * 1000,
  );
});

describe('--version and --help', () => {
  it('--version prints the package version alone', () => {
    for (const flag of ['--version', '-v']) {
      const r = sh(process.execPath, [CLI, flag], ROOT);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`${PKG.version}\n`);
    }
  });

  it('--help lists every flag in groups, examples, exit codes and the rules link', () => {
    const r = sh(process.execPath, [CLI, '--help'], ROOT);
    expect(r.code).toBe(0);
    const help = r.stdout;
    for (const flag of [
      '--write',
      '--backup',
      '--check',
      '--stdout',
      '--format',
      '--json',
      '--color',
      '--context',
      '--lang',
      '--runtime',
      '--ignore',
      '--config',
      '--dockerignore',
      '--verify',
      '--probe-path',
      '--build-timeout',
    ])
      expect(help).toContain(flag);
    for (const heading of ['Output:', 'Conversion:', 'Verification (--verify):', 'Examples:'])
      expect(help).toContain(`\n${heading}\n`);
    expect(help).toContain('"diff", "json", "sarif", "checkstyle"');
    expect(help).toContain('msconvert --check --format sarif .');
    expect(help).toMatch(/Exit codes: 0 .* 1 .*\n.* 2 an error/);
    expect(help).toContain('docs/rules/<CODE>.md');
    expect(help.split('\n').filter((l) => l.length > 100)).toEqual([]);
  });
});

describe('pre-commit hook', () => {
  const hooks = parseYaml(
    fs.readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8'),
  ) as Record<string, string>[];
  const hook = hooks[0];

  it('runs msconvert --check on Dockerfiles with node', () => {
    expect(hooks).toHaveLength(1);
    expect(hook).toMatchObject({ id: 'msconvert', entry: 'msconvert --check', language: 'node' });
    expect(hook.files).toBe('(^|/)(Dockerfile|dockerfile)(\\.[^/]*)?$|\\.(Dockerfile|dockerfile)$');
    // One list of names that look like Dockerfiles but are not, for the hook and the walk.
    expect(hook.exclude).toBe(NOT_DOCKERFILE.source);
    // Older pre-commit cannot install node hooks that build (see scripts/prepare.js).
    expect(hook.minimum_pre_commit_version).toBe('4.6.1');
    // The entry names the package's bin.
    expect(Object.keys(PKG.bin)).toContain(hook.entry.split(' ')[0]);
  });

  it('selects the files msconvert would find in a folder', () => {
    // pre-commit uses Python's re.search; these patterns mean the same in JavaScript.
    const files = new RegExp(hook.files);
    const exclude = new RegExp(hook.exclude);
    const picked = (f: string) => files.test(f) && !exclude.test(f);
    for (const f of [
      'Dockerfile',
      'dockerfile',
      'api/Dockerfile',
      'Dockerfile.prod',
      'svc/Dockerfile.dev',
      'api.Dockerfile',
      'deploy/web.Dockerfile',
      'deploy/web.dockerfile',
    ])
      expect({ f, picked: picked(f) }).toEqual({ f, picked: true });
    for (const f of [
      'Dockerfile.dockerignore',
      'Dockerfile.orig',
      'api/Dockerfile.md',
      'Dockerfile~',
      'docs/Dockerfile-guide.md',
      'Dockerfiles/readme.txt',
      'src/dockerfile.ts',
      'MyDockerfile',
      'docs/Dockerfile.png',
    ])
      expect({ f, picked: picked(f) }).toEqual({ f, picked: false });
    // Where msconvert's own folder search has an opinion, the hook agrees with it.
    for (const f of [
      'Dockerfile',
      'Dockerfile.prod',
      'x.Dockerfile',
      'Dockerfile.orig',
      'Dockerfile.yaml',
      'x.dockerfile',
      'Dockerfile.png',
    ])
      expect({ f, picked: picked(f) }).toEqual({ f, picked: isDockerfileName(f) });
  });

  it('fails the commit for a convertible Dockerfile, passes for declined ones', () => {
    const repo = fs.mkdtempSync(path.join(tmp, 'hook-'));
    fs.cpSync(path.join(EXAMPLES, 'go-basic'), path.join(repo, 'api'), { recursive: true });
    fs.cpSync(path.join(EXAMPLES, 'python-runserver'), path.join(repo, 'dev'), { recursive: true });
    const staged = ['api/Dockerfile', 'api/main.go', 'dev/Dockerfile', 'dev/manage.py'].filter(
      (f) => new RegExp(hook.files).test(f) && !new RegExp(hook.exclude).test(f),
    );
    expect(staged).toEqual(['api/Dockerfile', 'dev/Dockerfile']);
    const [cmd, ...args] = hook.entry.split(' ');
    expect(cmd).toBe('msconvert');
    const fail = sh(process.execPath, [CLI, ...args, ...staged], repo);
    expect(fail.code).toBe(1);
    expect(fail.stdout.trim()).toBe('api/Dockerfile');
    const pass = sh(process.execPath, [CLI, ...args, 'dev/Dockerfile'], repo);
    expect(pass.code).toBe(0);
  });
});

describe('GitHub Action', () => {
  interface Step {
    name?: string;
    id?: string;
    uses?: string;
    run?: string;
    shell?: string;
    env?: Record<string, string>;
    with?: Record<string, string>;
    if?: string;
  }
  const action = parseYaml(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as {
    name: string;
    inputs: Record<string, { default?: string; description: string }>;
    outputs: Record<string, { value: string }>;
    runs: { using: string; steps: Step[] };
  };
  const steps = action.runs.steps;
  const runStep = steps.find((s) => s.id === 'msconvert') as Step;

  it('is a composite action that writes SARIF and uploads it', () => {
    expect(action.runs.using).toBe('composite');
    expect(action.inputs.paths.default).toBe('.');
    expect(runStep.run).toContain('msconvert "${flags[@]}"');
    expect(runStep.run).toContain('flags=(--check --format sarif)');
    const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    expect(upload?.with?.sarif_file).toBe('${{ steps.msconvert.outputs.sarif-file }}');
    expect(steps.indexOf(upload as Step)).toBeGreaterThan(steps.indexOf(runStep));
    // Inputs reach scripts through the environment only, never spliced into the script text.
    for (const s of steps) if (s.run) expect(s.run).not.toContain('${{');
  });

  /** Runs the action's msconvert step with bash, as the runner would. */
  function runAction(inputs: Record<string, string>, cwd: string) {
    const value = (expr: string) =>
      expr.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_m, e: string) => {
        if (e === 'github.action_path') return ROOT;
        const name = /^inputs\.(.+)$/.exec(e)?.[1];
        if (name === undefined) throw new Error(`unexpected expression ${e}`);
        return inputs[name] ?? action.inputs[name]?.default ?? '';
      });
    const output = path.join(cwd, '.github-output');
    fs.writeFileSync(output, '');
    const env: Record<string, string> = { ...(process.env as Record<string, string>) };
    for (const [k, v] of Object.entries(runStep.env ?? {})) env[k] = value(v);
    env.GITHUB_OUTPUT = output;
    const r = spawnSync(
      'bash',
      ['--noprofile', '--norc', '-eo', 'pipefail', '-c', runStep.run ?? ''],
      {
        cwd,
        env,
        encoding: 'utf8',
      },
    );
    const outputs = Object.fromEntries(
      fs
        .readFileSync(output, 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split(/=(.*)/s).slice(0, 2)),
    ) as Record<string, string>;
    return { code: r.status, stdout: r.stdout, stderr: r.stderr, outputs };
  }

  it('its script checks the paths given and records the exit code', () => {
    const work = fs.mkdtempSync(path.join(tmp, 'action-'));
    fs.cpSync(path.join(EXAMPLES, 'go-basic'), path.join(work, 'services', 'api'), {
      recursive: true,
    });
    fs.cpSync(path.join(EXAMPLES, 'node-npm-start'), path.join(work, 'web'), { recursive: true });
    const r = runAction({ paths: 'services\n web', ignore: 'MSC101' }, work);
    expect(r.code).toBe(0); // the step itself passes, so that the upload runs
    expect(r.outputs).toEqual({ 'sarif-file': 'msconvert.sarif', 'exit-code': '1' });
    expect(r.stdout).toContain('some Dockerfiles can be multi-stage');
    const log = JSON.parse(fs.readFileSync(path.join(work, 'msconvert.sarif'), 'utf8')) as {
      runs: { results: { ruleId: string; message: { text: string } }[] }[];
    };
    const results = log.runs[0].results;
    expect(results.map((x) => x.ruleId)).toEqual(['MSC000', 'MSC000']);
    expect(results.map((x) => x.message.text).join(' ')).not.toContain('MSC101');
    // The default path is the workspace; patterns are not globbed by the shell.
    expect(runAction({}, path.join(work, 'services')).outputs['exit-code']).toBe('1');
    const missing = runAction({ paths: 'web*', 'sarif-file': 'out.sarif' }, work);
    expect(missing.code).toBe(0);
    expect(missing.outputs['exit-code']).toBe('2');
    expect(missing.stdout).toContain('::error::msconvert failed (exit code 2)');
    expect(
      (
        JSON.parse(fs.readFileSync(path.join(work, 'out.sarif'), 'utf8')) as {
          runs: { invocations: { executionSuccessful: boolean }[] }[];
        }
      ).runs[0].invocations[0].executionSuccessful,
    ).toBe(false);
  });

  it('fails the job on errors, and on changes only when asked', () => {
    const result = steps[steps.length - 1];
    const check = (exit: string, failOnChange: string) =>
      spawnSync('bash', ['-c', result.run ?? ''], {
        env: { ...process.env, MSCONVERT_EXIT: exit, MSCONVERT_FAIL_ON_CHANGE: failOnChange },
      }).status;
    expect(result.env).toEqual({
      MSCONVERT_EXIT: '${{ steps.msconvert.outputs.exit-code }}',
      MSCONVERT_FAIL_ON_CHANGE: '${{ inputs.fail-on-change }}',
    });
    expect(check('0', 'true')).toBe(0);
    expect(check('1', 'false')).toBe(0);
    expect(check('1', 'true')).toBe(1);
    expect(check('2', 'false')).toBe(2);
  });
});

describe('the root Dockerfile', () => {
  const text = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');

  it('is a small multi-stage image of msconvert itself', () => {
    expect(text).toMatch(/^FROM node:20 AS builder$/m);
    expect(text).toMatch(/^RUN npm ci\b/m);
    expect(text).toMatch(/^RUN npm run build && npm prune --omit=dev$/m);
    expect(text).toMatch(/^FROM node:20-slim$/m);
    expect(text).toContain('ENTRYPOINT ["node", "/opt/msconvert/bin/msconvert.js"]');
    expect(text).toMatch(/^WORKDIR \/work$/m);
    // msconvert agrees it is already multi-stage.
    const r = sh(process.execPath, [CLI, '--json', 'Dockerfile'], ROOT);
    expect((JSON.parse(r.stdout) as { files: { code: string }[] }).files[0].code).toBe('MSC001');
  });

  it('builds from a small context', () => {
    const ignore = fs.readFileSync(path.join(ROOT, '.dockerignore'), 'utf8');
    expect(ignore).toMatch(/^\*$/m);
    for (const p of ['package.json', 'package-lock.json', 'src/', 'bin/', 'data/'])
      expect(ignore).toContain(`!${p}`);
    for (const line of text.split('\n').filter((l) => /^COPY (?!--from)/.test(l))) {
      const src = line.split(/\s+/).slice(1, -1);
      for (const s of src) expect(ignore).toMatch(new RegExp(`^!${s.replace(/\/?$/, '/?')}$`, 'm'));
    }
  });
});
