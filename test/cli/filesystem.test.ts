// Hostile files and file systems, through the built CLI as a child process on temporary copies:
// binary, empty, huge, invalid UTF-8 and UTF-16 files, directories, FIFOs, devices and symbolic
// links, read-only files and folders, a disk that fills up, a file changed while msconvert
// works, and several files of which one fails. After every failure: exit code 2, one line on
// stderr naming the file and the reason, the original bytes unchanged, no temporary file left,
// and --json reports the error for that file.
//
// Some cases need root (this machine and CI run as root): a tmpfs that fills up, a read-only
// bind mount, and runs as the unprivileged user nobody (root ignores file permissions, so a
// read-only file or folder only shows as such to another user). Each is skipped with a logged
// reason where it cannot be set up.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FileError, readDockerfile, writeAtomic } from '../../src/cli/files';
import { ensureBuilt } from '../arbitraries';
import { CLI, EXAMPLES, ROOT } from '../helpers';

const NOBODY = 65534;
const isRoot = process.getuid?.() === 0;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], opts: { input?: Buffer; asNobody?: boolean } = {}): Run {
  const argv = [CLI, ...args];
  const r = opts.asNobody
    ? spawnSync(
        'setpriv',
        [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', process.execPath, ...argv],
        { input: opts.input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
      )
    : spawnSync(process.execPath, argv, {
        input: opts.input,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
        maxBuffer: 256 * 1024 * 1024,
      });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let tmp: string;
function freshDir(name = 'case'): string {
  const dir = fs.mkdtempSync(path.join(tmp, `${name}-`));
  return dir;
}
function goDir(): string {
  const dir = freshDir('go');
  fs.cpSync(path.join(EXAMPLES, 'go-basic'), dir, { recursive: true });
  return dir;
}
function tempFilesIn(dir: string): string[] {
  return fs.readdirSync(dir).filter((n) => /\.msconvert-.*\.tmp$/.test(n));
}

/** The failure contract: exit 2, one stderr line naming the file and the reason, no leftovers. */
function expectFailure(r: Run, file: string, reason: RegExp, dir = path.dirname(file)): void {
  expect(r.code).toBe(2);
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  expect(lines).toHaveLength(1);
  expect(lines[0].startsWith(`msconvert: ${file}: `)).toBe(true);
  expect(lines[0]).toMatch(reason);
  expect(lines[0]).toMatch(/\[MSC9\d\d\]$/);
  expect(lines[0]).not.toMatch(/internal error|\n\s+at /);
  expect(tempFilesIn(dir)).toEqual([]);
}

/** --json reports the error for that file, with its reason and code, and exits 2. */
function expectJsonError(
  file: string,
  reason: RegExp,
  code: string,
  opts: { asNobody?: boolean; write?: boolean } = {},
): void {
  const r = run([...(opts.write ? ['--write'] : []), '--json', file], { asNobody: opts.asNobody });
  expect(r.code).toBe(2);
  const report = JSON.parse(r.stdout) as {
    files: { path: string; status: string; reason: string; code: string }[];
  };
  expect(report.files).toEqual([
    expect.objectContaining({
      path: file,
      status: 'error',
      reason: expect.stringMatching(reason),
      code,
    }),
  ]);
}

function skipBecause(why: string): void {
  // Logged so that a skipped case is visible in the test output, not silently green.
  console.warn(`filesystem.test: skipped: ${why}`);
}

function canRunAsNobody(): boolean {
  if (!isRoot) return false;
  const r = spawnSync('setpriv', [
    `--reuid=${NOBODY}`,
    `--regid=${NOBODY}`,
    '--clear-groups',
    'true',
  ]);
  return r.status === 0;
}

beforeAll(() => {
  ensureBuilt(ROOT);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'msconvert-fs-'));
  fs.chmodSync(tmp, 0o755);
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('files that are not Dockerfiles', () => {
  const cases: [string, () => Buffer, RegExp, string][] = [
    [
      'a binary file',
      () => Buffer.concat([Buffer.from('FROM golang:1.19\n'), Buffer.from([0, 1, 2, 0xff, 0xfe])]),
      /binary data \(a NUL byte at offset 17\)/,
      'MSC902',
    ],
    ['an empty file', () => Buffer.alloc(0), /the file is empty/, 'MSC903'],
    ['a file of blank lines and a BOM', () => Buffer.from('\uFEFF\n \r\n\t\n'), /empty/, 'MSC903'],
    [
      'invalid UTF-8',
      () => Buffer.concat([Buffer.from('FROM golang:1.19\nRUN echo '), Buffer.from([0xc3, 0x28])]),
      /not valid UTF-8/,
      'MSC902',
    ],
    [
      'UTF-16 LE with a BOM',
      () =>
        Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('FROM golang:1.19\n', 'utf16le')]),
      /UTF-16/,
      'MSC902',
    ],
    [
      'UTF-16 BE with a BOM',
      () => {
        const le = Buffer.from('\uFEFFFROM golang:1.19\n', 'utf16le');
        return Buffer.from(le.swap16());
      },
      /UTF-16/,
      'MSC902',
    ],
  ];

  it.each(cases)('%s: exit 2, one line, bytes kept, --json error', (_, bytes, reason, code) => {
    const dir = freshDir();
    const file = path.join(dir, 'Dockerfile');
    const before = bytes();
    fs.writeFileSync(file, before);
    for (const args of [[file], ['--write', file], ['--check', file], ['--stdout', file]]) {
      expectFailure(run(args), file, reason);
      expect(fs.readFileSync(file)).toEqual(before);
    }
    expectJsonError(file, reason, code);
    expect(fs.readdirSync(dir)).toEqual(['Dockerfile']);
  });

  it('a 50 MB file is refused before it is read, from disk and from stdin', () => {
    const dir = freshDir();
    const file = path.join(dir, 'Dockerfile');
    const line = 'RUN echo "padding padding padding padding padding padding padding"\n';
    const big = Buffer.from(
      'FROM golang:1.19\n' + line.repeat(Math.ceil((50 << 20) / line.length)),
    );
    fs.writeFileSync(file, big);
    const r = run(['--write', file]);
    expectFailure(r, file, /50\.0 MB is larger than the 10 MB a Dockerfile can be/);
    expect(fs.readFileSync(file).equals(big)).toBe(true);
    expectJsonError(file, /larger than/, 'MSC904');
    const stdin = run(['-', '--stdout'], { input: big });
    expect(stdin.code).toBe(2);
    expect(stdin.stdout).toBe('');
    expect(stdin.stderr).toMatch(/^msconvert: -: 50\.0 MB is larger than .*\[MSC904\]\n$/);
  });

  it('a directory named Dockerfile, given explicitly, is a folder without Dockerfiles', () => {
    const dir = freshDir();
    const sub = path.join(dir, 'Dockerfile');
    fs.mkdirSync(sub);
    expectFailure(run([sub]), sub, /no Dockerfile found in this folder/, dir);
    expectJsonError(sub, /no Dockerfile found/, 'MSC901');
  });

  it('a directory named Dockerfile inside a folder is skipped; real Dockerfiles beside it convert', () => {
    const dir = freshDir();
    fs.mkdirSync(path.join(dir, 'Dockerfile'));
    expectFailure(run([dir]), dir, /no Dockerfile found in this folder/, dir);
    const app = goDir();
    fs.renameSync(path.join(app, 'Dockerfile'), path.join(app, 'api.Dockerfile'));
    fs.mkdirSync(path.join(app, 'Dockerfile'));
    const r = run(['--write', app]);
    expect(r.code).toBe(0);
    expect(fs.readFileSync(path.join(app, 'api.Dockerfile'), 'utf8')).toContain('AS builder');
    expect(fs.statSync(path.join(app, 'Dockerfile')).isDirectory()).toBe(true);
  });

  it('a FIFO and a character device are not regular files (and are never read)', () => {
    const dir = freshDir();
    const fifo = path.join(dir, 'Dockerfile');
    const mk = spawnSync('mkfifo', [fifo]);
    if (mk.status !== 0) {
      skipBecause('mkfifo is not available');
    } else {
      // Reading a FIFO with no writer would hang: the CLI must refuse it from stat alone.
      expectFailure(run(['--write', fifo]), fifo, /not a regular file/);
      expectJsonError(fifo, /not a regular file/, 'MSC901');
    }
    expectFailure(run(['/dev/zero']), '/dev/zero', /not a regular file/, dir);
  });

  it('a path that does not exist', () => {
    const file = path.join(freshDir(), 'nope', 'Dockerfile');
    expectFailure(run([file]), file, /no such file or folder/, tmp);
    expectJsonError(file, /no such file/, 'MSC901');
  });
});

describe('symbolic links', () => {
  it('--write through a link: the link stays a link, its target gets the new text', () => {
    const app = goDir();
    const elsewhere = freshDir('links');
    const link = path.join(elsewhere, 'Dockerfile');
    const target = path.join(app, 'Dockerfile');
    fs.symlinkSync(target, link);
    const before = fs.readFileSync(target, 'utf8');
    const r = run(['--write', '--context', app, link]);
    expect(r.code).toBe(0);
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.readlinkSync(link)).toBe(target);
    const after = fs.readFileSync(target, 'utf8');
    expect(after).not.toBe(before);
    expect(after).toContain('FROM golang:1.19 AS builder');
    expect(tempFilesIn(app)).toEqual([]);
    expect(tempFilesIn(elsewhere)).toEqual([]);
  });

  it('a dangling link, given explicitly or found in a folder', () => {
    const dir = freshDir();
    const link = path.join(dir, 'Dockerfile');
    fs.symlinkSync(path.join(dir, 'missing'), link);
    expectFailure(run(['--write', link]), link, /no such file or folder/);
    expectJsonError(link, /no such file/, 'MSC901');
    expectFailure(run(['--write', dir]), link, /no such file/);
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
  });

  it('a link loop', () => {
    const dir = freshDir();
    const a = path.join(dir, 'Dockerfile');
    fs.symlinkSync(path.join(dir, 'b'), a);
    fs.symlinkSync(a, path.join(dir, 'b'));
    const r = run([a]);
    expectFailure(r, a, /too many symbolic links|ELOOP/);
  });
});

describe('read-only files and folders', () => {
  it('as root, a 0444 file is written (root may write it) and keeps its mode', () => {
    if (!isRoot) return skipBecause('not running as root');
    const app = goDir();
    const file = path.join(app, 'Dockerfile');
    fs.chmodSync(file, 0o444);
    const r = run(['--write', file]);
    expect(r.code).toBe(0);
    expect(fs.readFileSync(file, 'utf8')).toContain('AS builder');
    expect(fs.statSync(file).mode & 0o777).toBe(0o444);
  });

  it('as another user, a 0444 file in a writable folder is refused, not replaced', () => {
    if (!canRunAsNobody()) return skipBecause('cannot run as nobody (needs root and setpriv)');
    const app = goDir();
    fs.chmodSync(app, 0o755);
    for (const n of fs.readdirSync(app)) fs.chownSync(path.join(app, n), NOBODY, NOBODY);
    fs.chownSync(app, NOBODY, NOBODY);
    const file = path.join(app, 'Dockerfile');
    fs.chmodSync(file, 0o444);
    const before = fs.readFileSync(file);
    expectFailure(run(['--write', file], { asNobody: true }), file, /permission denied/);
    expect(fs.readFileSync(file)).toEqual(before);
    expectJsonError(file, /permission denied/, 'MSC905', { asNobody: true, write: true });
    expect(fs.readFileSync(file)).toEqual(before);
    expect(tempFilesIn(app)).toEqual([]);
  });

  it('as another user, an unreadable file and a folder where no temporary file can be made', () => {
    if (!canRunAsNobody()) return skipBecause('cannot run as nobody (needs root and setpriv)');
    const app = goDir();
    fs.chmodSync(app, 0o755); // owned by root: nobody can read it but not create files in it
    const file = path.join(app, 'Dockerfile');
    const before = fs.readFileSync(file);
    expectFailure(
      run(['--write', file], { asNobody: true }),
      file,
      /cannot write: permission denied/,
    );
    expect(fs.readFileSync(file)).toEqual(before);
    fs.chmodSync(file, 0o000);
    expectFailure(run([file], { asNobody: true }), file, /permission denied/);
    expectJsonError(file, /permission denied/, 'MSC901', { asNobody: true });
    fs.chmodSync(file, 0o644);
    expect(fs.readFileSync(file)).toEqual(before);
  });

  it('a read-only file system (a read-only bind mount)', () => {
    if (!isRoot) return skipBecause('bind mounts need root');
    const app = goDir();
    const mnt = freshDir('ro');
    const mount = (args: string[]) => spawnSync('mount', args, { encoding: 'utf8' });
    if (mount(['--bind', app, mnt]).status !== 0)
      return skipBecause('mount --bind is not permitted here');
    try {
      if (mount(['-o', 'remount,bind,ro', mnt]).status !== 0)
        return skipBecause('cannot remount read-only');
      const file = path.join(mnt, 'Dockerfile');
      const before = fs.readFileSync(file);
      expectFailure(run(['--write', file]), file, /cannot write: read-only file system/);
      expect(fs.readFileSync(file)).toEqual(before);
      expect(tempFilesIn(app)).toEqual([]);
    } finally {
      spawnSync('umount', [mnt]);
    }
  });
});

describe('a disk that fills up mid-write', () => {
  it('leaves the original and no temporary file (64 KiB tmpfs, filled)', () => {
    if (!isRoot) return skipBecause('mounting a tmpfs needs root');
    const mnt = freshDir('tmpfs');
    const m = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mnt], {
      encoding: 'utf8',
    });
    if (m.status !== 0) return skipBecause(`mount -t tmpfs failed: ${m.stderr.trim()}`);
    try {
      for (const n of ['Dockerfile', 'go.mod', 'main.go'])
        fs.copyFileSync(path.join(EXAMPLES, 'go-basic', n), path.join(mnt, n));
      const file = path.join(mnt, 'Dockerfile');
      const before = fs.readFileSync(file);
      // Fill every free block, so the temporary file can be created but not written.
      const fd = fs.openSync(path.join(mnt, 'filler'), 'w');
      try {
        for (;;) fs.writeSync(fd, Buffer.alloc(1024, 1));
      } catch (e) {
        expect((e as NodeJS.ErrnoException).code).toBe('ENOSPC');
      } finally {
        fs.closeSync(fd);
      }
      expectFailure(run(['--write', file]), file, /cannot write: no space left on the device/);
      expect(fs.readFileSync(file)).toEqual(before);
      const json = run(['--write', '--json', file]);
      expect(json.code).toBe(2);
      expect(JSON.parse(json.stdout).files[0]).toMatchObject({
        status: 'error',
        code: 'MSC905',
        reason: expect.stringMatching(/no space left/),
      });
      expect(fs.readFileSync(file)).toEqual(before);
      expect(tempFilesIn(mnt)).toEqual([]);
    } finally {
      spawnSync('umount', [mnt]);
    }
  });
});

describe('a file changed between read and write (writeAtomic)', () => {
  it("throws MSC906 and keeps the other writer's content", () => {
    const app = goDir();
    const file = path.join(app, 'Dockerfile');
    const read = readDockerfile(file);
    const theirs = `${read.text}# edited by someone else meanwhile\n`;
    fs.writeFileSync(file, theirs);
    let err: unknown;
    try {
      writeAtomic(file, 'FROM scratch\n', read);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FileError);
    expect((err as FileError).code).toBe('MSC906');
    expect((err as FileError).message).toMatch(/changed on disk/);
    expect(fs.readFileSync(file, 'utf8')).toBe(theirs);
    expect(tempFilesIn(app)).toEqual([]);
  });

  it('also when the change keeps the size (the digest is compared, not only the length)', () => {
    const app = goDir();
    const file = path.join(app, 'Dockerfile');
    const read = readDockerfile(file);
    const theirs = read.text.replace('/src', '/srv');
    expect(theirs.length).toBe(read.text.length);
    fs.writeFileSync(file, theirs);
    expect(() => writeAtomic(file, 'FROM scratch\n', read, { backupSuffix: '.orig' })).toThrow(
      expect.objectContaining({ code: 'MSC906' }),
    );
    expect(fs.readFileSync(file, 'utf8')).toBe(theirs);
    expect(fs.existsSync(`${file}.orig`)).toBe(false);
    expect(tempFilesIn(app)).toEqual([]);
  });

  it('an unchanged file is replaced, keeping its mode', () => {
    const app = goDir();
    const file = path.join(app, 'Dockerfile');
    fs.chmodSync(file, 0o640);
    writeAtomic(file, 'FROM scratch\n', readDockerfile(file));
    expect(fs.readFileSync(file, 'utf8')).toBe('FROM scratch\n');
    expect(fs.statSync(file).mode & 0o777).toBe(0o640);
    expect(tempFilesIn(app)).toEqual([]);
  });
});

describe('several files, one of which fails', () => {
  it('--write converts and writes the good ones, reports the bad one, exits 2', () => {
    const good1 = goDir();
    const good2 = freshDir('node');
    fs.cpSync(path.join(EXAMPLES, 'node-express'), good2, { recursive: true });
    const bad = freshDir('bad');
    const badFile = path.join(bad, 'Dockerfile');
    const badBytes = Buffer.from([0x46, 0x52, 0x4f, 0x4d, 0x00, 0x0a]);
    fs.writeFileSync(badFile, badBytes);
    const files = [path.join(good1, 'Dockerfile'), badFile, path.join(good2, 'Dockerfile')];
    const r = run(['--write', ...files]);
    expect(r.code).toBe(2);
    const errors = r.stderr.split('\n').filter((l) => l.startsWith('msconvert: '));
    expect(errors).toEqual([
      `msconvert: ${badFile}: binary data (a NUL byte at offset 4), not a text Dockerfile [MSC902]`,
    ]);
    expect(r.stderr).toContain(`${files[0]}: converted and written (go)`);
    expect(r.stderr).toContain(`${files[2]}: converted and written (node)`);
    expect(fs.readFileSync(files[0], 'utf8')).toContain('FROM golang:1.19 AS builder');
    expect(fs.readFileSync(files[2], 'utf8')).toContain('FROM node:20 AS builder');
    expect(fs.readFileSync(badFile)).toEqual(badBytes);
    for (const d of [good1, good2, bad]) expect(tempFilesIn(d)).toEqual([]);
  });

  it('--json reports every file: the bad one as an error with its reason and code', () => {
    const good = goDir();
    const bad = freshDir('bad');
    const badFile = path.join(bad, 'Dockerfile');
    fs.writeFileSync(badFile, '');
    const goodFile = path.join(good, 'Dockerfile');
    const r = run(['--write', '--json', goodFile, badFile]);
    expect(r.code).toBe(2);
    const { files } = JSON.parse(r.stdout) as {
      files: { path: string; status: string; reason: string | null; code: string | null }[];
    };
    expect(files).toEqual([
      expect.objectContaining({ path: goodFile, status: 'converted', written: true }),
      expect.objectContaining({
        path: badFile,
        status: 'error',
        reason: 'the file is empty',
        code: 'MSC903',
      }),
    ]);
    expect(fs.readFileSync(badFile)).toEqual(Buffer.alloc(0));
  });
});

describe('--backup', () => {
  it('keeps the original bytes as <file>.orig', () => {
    const app = goDir();
    const file = path.join(app, 'Dockerfile');
    const before = fs.readFileSync(file);
    const r = run(['--write', '--backup', file]);
    expect(r.code).toBe(0);
    expect(fs.readFileSync(`${file}.orig`)).toEqual(before);
    expect(fs.readFileSync(file, 'utf8')).toContain('AS builder');
    expect(tempFilesIn(app)).toEqual([]);
  });

  it('never overwrites an existing .orig: the file is left alone and the run fails', () => {
    const app = goDir();
    const file = path.join(app, 'Dockerfile');
    const before = fs.readFileSync(file);
    fs.writeFileSync(`${file}.orig`, 'an older backup\n');
    const r = run(['--write', '--backup', file]);
    expectFailure(r, file, /the backup Dockerfile\.orig already exists/);
    expect(fs.readFileSync(file)).toEqual(before);
    expect(fs.readFileSync(`${file}.orig`, 'utf8')).toBe('an older backup\n');
  });

  it('through a symbolic link, the backup lands beside the target', () => {
    const app = goDir();
    const target = path.join(app, 'Dockerfile');
    const before = fs.readFileSync(target);
    const elsewhere = freshDir('links');
    const link = path.join(elsewhere, 'Dockerfile');
    fs.symlinkSync(target, link);
    expect(run(['--write', '--backup', '--context', app, link]).code).toBe(0);
    expect(fs.readFileSync(`${target}.orig`)).toEqual(before);
    expect(fs.existsSync(`${link}.orig`)).toBe(false);
  });
});
