// The one list of folders that belong to the OS or the base image (or hold other software),
// which a runtime stage never copies whole: copying /usr or /opt from the builder would bring
// the SDK along, or overwrite what the runtime image has there.
//
// Providers differ on two on purpose, and say so where they ask:
// - `/` : an app that lives in the root is declined by Node (MSC012) rather than guessed at,
//   so Node asks without it and handles `/` itself;
// - `/usr/src`: Debian's, Alpine's and Node's images leave it empty, so what it holds the
//   build put there (Node copies a `WORKDIR /usr/src` app whole); Python keeps it a system
//   folder because its images ship CPython's build tree there.
const FOLDERS: readonly string[] = [
  '/',
  '/bin',
  '/sbin',
  '/lib',
  '/lib64',
  '/etc',
  '/var',
  '/var/lib',
  '/var/log',
  '/var/www',
  '/var/cache',
  '/opt',
  '/home',
  '/root',
  '/srv',
  '/tmp',
  '/mnt',
  '/media',
  '/run',
  '/usr',
  '/usr/bin',
  '/usr/lib',
  '/usr/share',
  '/usr/src',
  '/usr/local',
  '/usr/local/bin',
  '/usr/local/sbin',
  '/usr/local/lib',
  '/usr/local/share',
  '/usr/local/include',
  '/usr/local/etc',
];

const SET = new Set(FOLDERS);

export interface SystemFolderOptions {
  /** Count `/` as a system folder (default true). */
  root?: boolean;
  /** Count `/usr/src` as a system folder (default true). */
  usrSrc?: boolean;
}

/** True when the image path (absolute, normalised, no trailing slash) is a system folder. */
export function isSystemFolder(p: string, o: SystemFolderOptions = {}): boolean {
  if (p === '/' && o.root === false) return false;
  if (p === '/usr/src' && o.usrSrc === false) return false;
  return SET.has(p);
}

/** The system folders, for callers that list them (with the same options). */
export function systemFolders(o: SystemFolderOptions = {}): string[] {
  return FOLDERS.filter((p) => isSystemFolder(p, o));
}
