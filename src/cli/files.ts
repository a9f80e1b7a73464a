// Reading Dockerfiles safely and writing them atomically. Every failure is a one-line
// reason with a stable code, and a failed write leaves the original exactly as it was.
import * as fs from 'fs';
import * as path from 'path';
import type { Code } from '../codes';
import { compileGlob } from '../glob';

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
  const utf16 = utf16WithoutBom(bytes);
  if (utf16) {
    throw new FileError(
      'MSC902',
      `UTF-16 ${utf16} text without a byte-order mark; Docker reads Dockerfiles as UTF-8, save it as UTF-8`,
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

/**
 * 'LE' or 'BE' when the bytes look like UTF-16 text without a BOM: a NUL in every other byte
 * (the high byte of ASCII characters) and none in the others, over the start of the file.
 */
function utf16WithoutBom(bytes: Buffer): 'LE' | 'BE' | null {
  const n = Math.min(bytes.length, 512) & ~1;
  if (n < 4) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenNul++;
    if (bytes[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  if (oddNul >= pairs * 0.9 && evenNul === 0) return 'LE';
  if (evenNul >= pairs * 0.9 && oddNul === 0) return 'BE';
  return null;
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
/**
 * Names the pattern above also takes that are not Dockerfiles: ignore files, backups, docs,
 * code, pictures and archives named after a Dockerfile. The pre-commit hook excludes the same
 * (test/pack.test.ts holds the two together).
 */
export const NOT_DOCKERFILE =
  /\.(dockerignore|md|txt|orig|bak|rej|swp|golden|json|ya?ml|sh|log|ts|js|go|py|png|jpe?g|gif|svg|ico|webp|pdf|zip|t?gz|tar|bz2|xz|7z|exe|dll|so|bin|lock|toml|xml|html?|css)$|~$/;

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

/** Something a folder walk left out, for the user to know (a warning code and a reason). */
export interface WalkNote {
  path: string;
  code: Code;
  message: string;
}

/**
 * Dockerfiles in a folder and below, skipping vendored and ignored folders. Sorted. A symbolic
 * link is followed only when its target stays inside `root` (a link out of the tree would
 * let a checked-out repository make --write change files elsewhere); links that leave it and
 * folders that cannot be read are left out with a note.
 */
export function findDockerfiles(
  root: string,
  recursive: boolean,
  notes: WalkNote[] = [],
): string[] {
  const out: string[] = [];
  let realRoot: string;
  try {
    realRoot = fs.realpathSync(root);
  } catch {
    realRoot = path.resolve(root);
  }
  const walk = (dir: string, ignores: IgnoreFile[]) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      if (dir === root) return;
      notes.push({
        path: dir,
        code: 'MSC160',
        message: `folder skipped: it cannot be read (${describeErrno(err as NodeJS.ErrnoException)})`,
      });
      return;
    }
    const own = readGitignore(dir);
    const stack = own ? [...ignores, own] : ignores;
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!recursive || SKIP_DIRS.has(e.name) || e.name.startsWith('.')) continue;
        if (ignoredBy(stack, full, true)) continue;
        walk(full, stack);
      } else if (
        (e.isFile() || e.isSymbolicLink()) &&
        isDockerfileName(e.name) &&
        !ignoredBy(stack, full, false)
      ) {
        if (e.isSymbolicLink()) {
          let target: string | null = null;
          try {
            target = fs.realpathSync(full);
          } catch {
            // Dangling or a loop: kept, so that reading it reports why.
          }
          if (target !== null && !isInside(realRoot, target)) {
            notes.push({
              path: full,
              code: 'MSC161',
              message: `symbolic link skipped: it leads out of ${root} (to ${target})`,
            });
            continue;
          }
        }
        out.push(full);
      }
    }
  };
  walk(root, []);
  return out;
}

/** True when `p` is `dir` or below it (both absolute and resolved). */
export function isInside(dir: string, p: string): boolean {
  const rel = path.relative(dir, p);
  return rel === '' || (!rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel));
}

interface IgnoreRule {
  match: (rel: string) => boolean;
  negated: boolean;
  dirOnly: boolean;
}

interface IgnoreFile {
  dir: string;
  rules: IgnoreRule[];
}

/**
 * A folder's .gitignore as git reads it: blank lines and # comments skipped, ! negates, a
 * trailing / matches folders only, a pattern with a / elsewhere is relative to the folder,
 * one without matches at any depth; *, ?, [...] and ** as git has them. Matched in linear time
 * (src/glob.ts): a crafted pattern cannot hang the walk.
 */
function readGitignore(dir: string): IgnoreFile | null {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, '.gitignore'), 'utf8');
  } catch {
    return null;
  }
  const rules: IgnoreRule[] = [];
  for (const raw of text.split('\n')) {
    let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    // Trailing spaces are dropped unless escaped with a backslash.
    let end = line.length;
    while (end > 0 && line[end - 1] === ' ' && line[end - 2] !== '\\') end--;
    line = line.slice(0, end);
    if (line === '' || line.startsWith('#')) continue;
    const negated = line.startsWith('!');
    if (negated) line = line.slice(1);
    else if (line.startsWith('\\!') || line.startsWith('\\#')) line = line.slice(1);
    const dirOnly = line.endsWith('/');
    if (dirOnly) line = line.slice(0, -1);
    if (line === '') continue;
    const anchored = line.includes('/');
    if (line.startsWith('/')) line = line.slice(1);
    rules.push({ match: compileGlob(anchored ? line : `**/${line}`), negated, dirOnly });
  }
  return rules.length > 0 ? { dir, rules } : null;
}

/** Git's rule: the last pattern that matches decides, deeper .gitignore files after outer ones. */
function ignoredBy(stack: IgnoreFile[], full: string, isDir: boolean): boolean {
  let ignored = false;
  for (const f of stack) {
    const rel = path.relative(f.dir, full).split(path.sep).join('/');
    for (const r of f.rules) if ((!r.dirOnly || isDir) && r.match(rel)) ignored = !r.negated;
  }
  return ignored;
}
