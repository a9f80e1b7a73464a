// Reading Dockerfiles safely and writing them atomically. Every failure is a one-line
// reason with a stable code, and a failed write leaves the original exactly as it was.
import * as fs from 'fs';
import * as path from 'path';
import type { Code } from './codes';

export const MAX_BYTES = 10 * 1024 * 1024;

export class FileError extends Error {
  constructor(
    readonly code: Code,
    message: string,
  ) {
    super(message);
  }
}

export interface ReadFile {
  text: string;
  /** Fingerprint of the bytes read, to detect a change before writing. */
  digest: string;
  size: number;
}

function describeErrno(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EROFS':
      return 'read-only file system';
    case 'ELOOP':
      return 'too many symbolic links';
    default:
      return err.message;
  }
}

/** Decodes bytes as a Dockerfile: UTF-8 (BOM allowed), no NUL bytes, not too large. */
export function decode(bytes: Buffer): string {
  if (bytes.length > MAX_BYTES) {
    throw new FileError(
      'MSC904',
      `${(bytes.length / 1024 / 1024).toFixed(1)} MB is larger than the ${MAX_BYTES / 1024 / 1024} MB a Dockerfile can be`,
    );
  }
  if (
    bytes.length >= 2 &&
    ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
  ) {
    throw new FileError(
      'MSC902',
      'UTF-16 text; Docker reads Dockerfiles as UTF-8, save it as UTF-8',
    );
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0)
    throw new FileError(
      'MSC902',
      `binary data (a NUL byte at offset ${nul}), not a text Dockerfile`,
    );
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new FileError('MSC902', 'not valid UTF-8 text');
  }
}

export function readDockerfile(file: string): ReadFile {
  let bytes: Buffer;
  try {
    const st = fs.statSync(file);
    if (st.isDirectory()) throw new FileError('MSC901', 'is a directory');
    if (!st.isFile()) throw new FileError('MSC901', 'not a regular file');
    if (st.size > MAX_BYTES) {
      throw new FileError(
        'MSC904',
        `${(st.size / 1024 / 1024).toFixed(1)} MB is larger than the ${MAX_BYTES / 1024 / 1024} MB a Dockerfile can be`,
      );
    }
    bytes = fs.readFileSync(file);
  } catch (err) {
    if (err instanceof FileError) throw err;
    throw new FileError('MSC901', describeErrno(err as NodeJS.ErrnoException));
  }
  const text = decode(bytes);
  let digest: string | null = null;
  return {
    text,
    get digest() {
      digest ??= digestOf(bytes);
      return digest;
    },
    size: bytes.length,
  };
}

function digestOf(bytes: Buffer): string {
  // crypto is loaded when a digest is asked for: a run that writes nothing never needs it.
  const crypto = require('crypto') as typeof import('crypto');
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

export interface WriteOptions {
  /** Keep the original as <file>.orig (or the given suffix) before replacing it. */
  backupSuffix?: string;
}

/**
 * Replaces a file's contents atomically: a temporary file in the same folder, flushed,
 * given the original's mode (and owner, when allowed), then renamed over the original.
 * A symbolic link is written through: its target changes, the link stays a link.
 * Refuses when the file changed since it was read.
 */
export function writeAtomic(
  file: string,
  text: string,
  expected: ReadFile,
  options: WriteOptions = {},
): void {
  let target: string;
  try {
    target = fs.realpathSync(file);
  } catch (err) {
    throw new FileError('MSC905', describeErrno(err as NodeJS.ErrnoException));
  }
  const dir = path.dirname(target);
  const tmp = path.join(
    dir,
    `.${path.basename(target)}.msconvert-${process.pid}-${(require('crypto') as typeof import('crypto')).randomBytes(4).toString('hex')}.tmp`,
  );
  let fd: number | null = null;
  try {
    const st = fs.statSync(target);
    // The rename below would replace a file its owner made read-only: refuse as a plain
    // write would (root may still write, as with any other tool).
    fs.accessSync(target, fs.constants.W_OK);
    fd = fs.openSync(tmp, 'wx', st.mode & 0o7777);
    fs.writeFileSync(fd, text, 'utf8');
    fs.fchmodSync(fd, st.mode & 0o7777);
    try {
      fs.fchownSync(fd, st.uid, st.gid);
    } catch {
      // Not allowed for other users' files: the mode still matches.
    }
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = null;
    // Last check before the rename: someone may have edited the file meanwhile.
    const now = fs.readFileSync(target);
    if (now.length !== expected.size || digestOf(now) !== expected.digest) {
      throw new FileError(
        'MSC906',
        'the file changed on disk after msconvert read it; nothing was written, run msconvert again',
      );
    }
    if (options.backupSuffix) {
      const backup = `${target}${options.backupSuffix}`;
      try {
        fs.copyFileSync(target, backup, fs.constants.COPYFILE_EXCL);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        throw new FileError(
          'MSC905',
          `the backup ${path.basename(backup)} already exists; nothing was written: move it away or leave out --backup`,
        );
      }
    }
    fs.renameSync(tmp, target);
  } catch (err) {
    if (fd !== null) {
      try {
        fs.closeSync(fd);
      } catch {
        // Already failing: the original error is the one to report.
      }
    }
    try {
      fs.unlinkSync(tmp);
    } catch {
      // The temporary file may not exist.
    }
    if (err instanceof FileError) throw err;
    throw new FileError('MSC905', `cannot write: ${describeErrno(err as NodeJS.ErrnoException)}`);
  }
}

const DOCKERFILE_NAME = /^(Dockerfile|dockerfile)(\.[\w.-]+)?$|^[\w.-]+\.(Dockerfile|dockerfile)$/;
const NOT_DOCKERFILE = /\.(dockerignore|md|txt|orig|bak|rej|swp|golden|json|ya?ml|sh|log)$|~$/;

export function isDockerfileName(name: string): boolean {
  return DOCKERFILE_NAME.test(name) && !NOT_DOCKERFILE.test(name);
}

const SKIP_DIRS = new Set([
  'node_modules',
  'vendor',
  '.git',
  '.hg',
  '.svn',
  'dist',
  'coverage',
  '.terraform',
  '__pycache__',
  '.venv',
]);

/** Dockerfiles in a folder and below, skipping vendored and ignored folders. Sorted. */
export function findDockerfiles(root: string, recursive: boolean): string[] {
  const out: string[] = [];
  const walk = (dir: string, ignore: ((rel: string, isDir: boolean) => boolean) | null) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    const localIgnore = gitignoreOf(dir) ?? ignore;
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, e.name);
      const rel = path.relative(root, full);
      if (e.isDirectory()) {
        if (!recursive || SKIP_DIRS.has(e.name) || e.name.startsWith('.')) continue;
        if (localIgnore?.(rel, true)) continue;
        walk(full, localIgnore);
      } else if (
        (e.isFile() || e.isSymbolicLink()) &&
        isDockerfileName(e.name) &&
        !localIgnore?.(rel, false)
      ) {
        out.push(full);
      }
    }
  };
  walk(root, null);
  return out;
}

/** A minimal .gitignore reader: names, globs and folder patterns, no negation. */
function gitignoreOf(dir: string): ((rel: string, isDir: boolean) => boolean) | null {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, '.gitignore'), 'utf8');
  } catch {
    return null;
  }
  const rules = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#') && !l.startsWith('!'))
    .map((l) => {
      const dirOnly = l.endsWith('/');
      const body = l.replace(/\/$/, '').replace(/^\//, '');
      const re = new RegExp(
        `(^|/)${body
          .replace(/[.+^${}()|[\]\\]/g, '\\$&')
          .replace(/\*\*/g, '\u0000')
          .replace(/\*/g, '[^/]*')
          .replace(/\?/g, '[^/]')
          .replace(/\u0000/g, '.*')}$`,
      );
      return { re, dirOnly };
    });
  return (rel, isDir) =>
    rules.some((r) => (!r.dirOnly || isDir) && r.re.test(rel.split(path.sep).join('/')));
}
