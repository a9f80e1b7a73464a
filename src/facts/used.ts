// What the original's processes really used: the files mapped (/proc/<pid>/maps: the
// executable, shared libraries, locale archives) and opened (/proc/<pid>/fd) by every process
// of a running container. They are read by a helper container of the original image (its own
// shell and readlink, not the host's) that joins the container's PID namespace, so the
// container under test is not touched and needs no shell itself.
import * as path from 'path';
import type { DockerSession } from '../docker';

// Pure sh builtins apart from readlink: `read` splits a maps line into its six fields, the
// last being the path. The helper's own shell is left out; the commands it starts come
// after the glob was expanded.
const SCRIPT = [
  'self=$$',
  'for d in /proc/[0-9]*; do',
  '  p=${d#/proc/}',
  '  [ "$p" = "$self" ] && continue',
  '  [ -r "$d/maps" ] || continue',
  '  echo "P $p $(readlink "$d/exe" 2>/dev/null)"',
  // The start folder and the arguments: a script read and closed at start (server.js) shows
  // in neither maps nor fd, but its path is in the command line.
  '  echo "C $(readlink "$d/cwd" 2>/dev/null)"',
  '  tr "\\000" "\\n" < "$d/cmdline" 2>/dev/null | while read -r x; do echo "A $x"; done',
  '  while read -r a b c e i f; do case "$f" in /*) echo "M $f";; esac; done < "$d/maps"',
  '  for x in "$d"/fd/*; do t=$(readlink "$x" 2>/dev/null); case "$t" in /*) echo "F $t";; esac; done',
  // Listening TCP sockets (state 0A) of the process's own network namespace.
  '  for n in tcp tcp6; do [ -r "$d/net/$n" ] && while read -r s l r st x; do [ "$st" = 0A ] && echo "L $l"; done < "$d/net/$n"; done',
  'done',
].join('\n');

export interface UsedFiles {
  /** Executables of the processes seen. */
  executables: string[];
  /** Every file mapped or opened, without duplicates, sorted. */
  paths: string[];
  /** TCP ports some process listens on. */
  listening: number[];
  /** Module folders on the resolution path of the scripts run (kept when they exist). */
  moduleDirs: string[];
  /** Of paths, those only mapped (executables, shared libraries), not opened or named. */
  mappedOnly: string[];
}

/** Files the kernel or the runtime makes up, which no image holds. */
export function isImageFile(p: string): boolean {
  if (/ \(deleted\)$/.test(p)) return false;
  if (/^\/(dev|proc|sys|run)\//.test(p) || p === '/' || p.startsWith('/memfd:')) return false;
  return true;
}

/** Parses the helper's output. */
export function parseUsed(out: string): UsedFiles {
  const exes = new Set<string>();
  const paths = new Set<string>();
  const named = new Set<string>();
  const ports = new Set<number>();
  const modules = new Set<string>();
  let cwd = '';
  for (const line of out.split('\n')) {
    const m = /^([PMFLCA]) (.*)$/.exec(line);
    if (!m) continue;
    if (m[1] === 'C') {
      cwd = m[2];
      continue;
    }
    if (m[1] === 'A') {
      // Arguments that look like paths of files the program reads (a script, a jar).
      const arg = m[2].replace(/^-[^=]*=/, '');
      if (/^-/.test(arg) || !/[./]/.test(arg) || /\s/.test(arg) || !cwd) continue;
      if (!/\.(js|cjs|mjs|py|jar|dll|rb|php|sh)$/.test(arg) && !arg.startsWith('/')) continue;
      const abs = path.posix.resolve(cwd, arg);
      if (!isImageFile(abs)) continue;
      paths.add(abs);
      named.add(abs);
      // Node resolves modules from node_modules in the script's folder and every parent.
      if (/\.(js|cjs|mjs)$/.test(abs))
        for (let d = path.posix.dirname(abs); ; d = path.posix.dirname(d)) {
          modules.add(path.posix.join(d, 'node_modules'));
          if (d === '/') break;
        }
      continue;
    }
    if (m[1] === 'L') {
      const port = /:([0-9A-Fa-f]{4})$/.exec(m[2].trim());
      if (port) ports.add(parseInt(port[1], 16));
      continue;
    }
    if (m[1] === 'P') {
      const exe = m[2].replace(/^\d+ ?/, '');
      if (exe) exes.add(exe);
      if (exe && isImageFile(exe)) paths.add(exe);
    } else if (isImageFile(m[2])) {
      paths.add(m[2]);
      if (m[1] === 'F') named.add(m[2]);
    }
  }
  return {
    executables: [...exes].sort(),
    paths: [...paths].sort(),
    listening: [...ports].sort((x, y) => x - y),
    moduleDirs: [...modules].sort(),
    mappedOnly: [...paths].filter((p) => !named.has(p)).sort(),
  };
}

/**
 * The files used by the processes of the running container `container`, read with the tools
 * of `toolImage`; undefined when that image has no shell or the processes cannot be read.
 */
export async function usedFiles(
  session: DockerSession,
  container: string,
  toolImage: string,
): Promise<UsedFiles | undefined> {
  const r = await session.helper(
    toolImage,
    'sh',
    ['-c', SCRIPT],
    ['--pid', `container:${container}`, '--cap-add', 'SYS_PTRACE', '--user', '0'],
  );
  if (r.code !== 0 && !r.stdout.includes('P ')) return undefined;
  const used = parseUsed(r.stdout);
  return used.executables.length > 0 ? used : undefined;
}

/** Of `paths`, those that exist in a fresh container of `image` (checked with its own sh). */
export async function existing(
  session: DockerSession,
  image: string,
  paths: string[],
): Promise<Set<string> | undefined> {
  if (paths.length === 0) return new Set();
  const r = await session.helper(image, 'sh', [
    '-c',
    'for f in "$@"; do [ -e "$f" ] && echo "$f"; done; exit 0',
    'sh',
    ...paths,
  ]);
  if (r.code !== 0) return undefined;
  return new Set(r.stdout.split('\n').filter((l) => l !== ''));
}

export interface MissingReport {
  /** Paths checked in the converted image. */
  checked: number;
  /** Used by the original, present in the original image, absent from the converted one. */
  missing: string[];
}

const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);

/**
 * Which of the files the original used are absent from the converted image. Only files of
 * the original image count (not those the app wrote at run time). A file the converted
 * container's own processes map is there; one they map under another folder (a runtime
 * image that keeps node in /nodejs/bin) is the same file moved, not a missing one.
 */
export async function missingFiles(
  session: DockerSession,
  used: UsedFiles,
  originalImage: string,
  convertedImage: string,
  convertedUsed: UsedFiles | undefined,
  leftOut: readonly string[] = [],
): Promise<MissingReport | undefined> {
  const all = [...new Set([...used.paths, ...used.moduleDirs])].sort();
  const inImage = await existing(session, originalImage, all);
  if (!inImage) return undefined;
  const there = new Set(convertedUsed?.paths ?? []);
  const moved = new Set((convertedUsed?.paths ?? []).map(base));
  const mappedOnly = new Set(used.mappedOnly);
  const checked = all.filter((p) => inImage.has(p));
  // A running converted container has loaded every library its own programs link: one the
  // original mapped and it does not belongs to a program built differently (a Go binary
  // linked statically), not to a missing file. Files opened or named stay required.
  // A program the original ran by its path (a child spawned with process.execPath) and the
  // converted container runs from another folder is the same program moved; the runner a
  // rewritten start replaced is left out on purpose.
  const exes = new Set(used.executables);
  const under = (p: string) => leftOut.some((l) => p === l || p.startsWith(`${l}/`));
  const candidates = checked.filter(
    (p) =>
      !there.has(p) &&
      !(mappedOnly.has(p) && (convertedUsed || moved.has(base(p)))) &&
      !(exes.has(p) && moved.has(base(p))) &&
      !under(p),
  );
  const created = await session.created(convertedImage);
  if (!created) return undefined;
  const missing: string[] = [];
  // A few at a time: each is one docker cp.
  for (let i = 0; i < candidates.length; i += 6) {
    const batch = candidates.slice(i, i + 6);
    const found = await Promise.all(batch.map((p) => session.exists(created, p)));
    batch.forEach((p, j) => {
      if (!found[j]) missing.push(p);
    });
  }
  return { checked: checked.length, missing };
}
