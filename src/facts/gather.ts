// Reads facts from the built original image with the image's own tools (its sh, ldd, dpkg
// or apk, node/java/python), never the host's: helper containers of that image, with no
// network, removed at once. Each step gives up quietly when the image lacks the tool, and
// the fact is then simply absent (the text-only plan stands for it).
import type { DockerSession, ExecResult } from '../docker';
import type { ImageFacts, LibraryFact } from './types';

// One run: OS, libc, runtime versions, Python's path, and the dependency folders present.
const SURVEY = [
  'echo "@os"; cat /etc/os-release 2>/dev/null',
  'echo "@libc"',
  'for f in /lib/ld-musl-*; do [ -e "$f" ] && echo musl && break; done',
  'for f in /lib64/ld-linux-* /lib/*/libc.so.6 /usr/lib/*/libc.so.6; do [ -e "$f" ] && echo glibc && break; done',
  'echo "@node"; command -v node >/dev/null && node --version 2>&1 | head -n 1',
  'echo "@java"; command -v java >/dev/null && java -version 2>&1 | head -n 1',
  'echo "@python"; if command -v python3 >/dev/null; then python3 --version 2>&1; elif command -v python >/dev/null; then python --version 2>&1; fi',
  'echo "@pythonpath"; if command -v python3 >/dev/null; then python3 -c "import sys; print(chr(10).join(p for p in sys.path if p))" 2>/dev/null; fi',
  'echo "@go"; command -v go >/dev/null && go version 2>&1 | head -n 1',
  'echo "@rust"; command -v rustc >/dev/null && rustc --version 2>&1 | head -n 1',
  'echo "@dotnet"; command -v dotnet >/dev/null && dotnet --list-runtimes 2>&1',
  'echo "@dirs"; find / -xdev \\( -path /proc -o -path /sys -o -path /dev \\) -prune -o -type d \\( -name node_modules -o -name site-packages -o -name dist-packages \\) -prune -print 2>/dev/null',
  'exit 0',
].join('\n');

// The ELF files under the folders given, and what ldd says each needs.
const ELF_SCAN = [
  'command -v ldd >/dev/null || exit 0',
  'for root in "$@"; do [ -e "$root" ] && find "$root" -xdev -type f \\( -name "*.so" -o -name "*.so.*" -o -name "*.node" -o -perm -u+x \\) 2>/dev/null; done | head -n 3000 | while read -r f; do',
  '  case "$(head -c 4 "$f" 2>/dev/null | tr -d "\\000")" in *ELF) ;; *) continue;; esac',
  '  echo "E $f"',
  '  ldd "$f" 2>/dev/null | while read -r l; do echo "N $l"; done',
  'done',
  'exit 0',
].join('\n');

// The package that owns each file (dpkg's database has pre-usrmerge paths for some).
const OWNERS = [
  'for p in "$@"; do',
  '  if command -v dpkg >/dev/null; then',
  '    r=$( (dpkg -S "$p" || dpkg -S "${p#/usr}" || dpkg -S "/usr$p") 2>/dev/null | head -n 1)',
  '    [ -n "$r" ] && echo "O $p ${r%%:*}"',
  '  elif command -v apk >/dev/null; then',
  '    r=$(apk info --who-owns "$p" 2>/dev/null | head -n 1)',
  '    [ -n "$r" ] && echo "O $p ${r##* }"',
  '  fi',
  'done',
  'exit 0',
].join('\n');

function sections(out: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  let cur = '';
  for (const line of out.split('\n')) {
    const m = /^@(\w+)$/.exec(line);
    if (m) {
      cur = m[1];
      map.set(cur, []);
    } else if (cur && line.trim() !== '') map.get(cur)?.push(line);
  }
  return map;
}

function osRelease(lines: string[]): ImageFacts['os'] {
  const kv = new Map<string, string>();
  for (const l of lines) {
    const m = /^([A-Z_]+)=(.*)$/.exec(l);
    if (m) kv.set(m[1], m[2].replace(/^"(.*)"$/, '$1'));
  }
  if (!kv.get('ID')) return undefined;
  return {
    id: kv.get('ID') as string,
    versionId: kv.get('VERSION_ID') ?? '',
    codename: kv.get('VERSION_CODENAME') || null,
    pretty: kv.get('PRETTY_NAME') ?? '',
  };
}

/** Versions as the tools print them: v20.20.2, openjdk version "17.0.13" ..., Python 3.11.2. */
export function runtimeVersions(s: Map<string, string[]>): Record<string, string> {
  const out: Record<string, string> = {};
  const first = (k: string) => s.get(k)?.[0] ?? '';
  const pick = (k: string, re: RegExp) => {
    const m = re.exec(first(k));
    if (m) out[k] = m[1];
  };
  pick('node', /^v(\d+\.\d+\.\d+)/);
  pick('java', /version "([^"]+)"/);
  pick('python', /^Python (\d+\.\d+(?:\.\d+)?)/);
  pick('go', /go(\d+\.\d+(?:\.\d+)?)/);
  pick('rust', /^rustc (\d+\.\d+\.\d+)/);
  const dotnet = (s.get('dotnet') ?? [])
    .map((l) => /^Microsoft\.(?:NETCore|AspNetCore)\.App (\d+\.\d+\.\d+)/.exec(l)?.[1])
    .filter((v): v is string => Boolean(v));
  if (dotnet.length) out.dotnet = dotnet.sort().pop() as string;
  return out;
}

/** Parses the ELF scan: each file with the sonames ldd lists and where they resolved. */
export function parseElfScan(out: string): {
  files: string[];
  needs: Omit<LibraryFact, 'package'>[];
} {
  const files: string[] = [];
  const needs: Omit<LibraryFact, 'package'>[] = [];
  let file = '';
  for (const line of out.split('\n')) {
    if (line.startsWith('E ')) {
      file = line.slice(2);
      files.push(file);
      continue;
    }
    if (!line.startsWith('N ') || !file) continue;
    const l = line.slice(2).trim();
    // libpq.so.5 => /usr/lib/x86_64-linux-gnu/libpq.so.5 (0x...), libx.so => not found
    const m = /^(\S+) => (?:(\/\S+) \(0x[0-9a-f]+\)|(not found))/.exec(l);
    if (m) needs.push({ file, soname: m[1], resolved: m[2] ?? null });
  }
  return { files, needs };
}

async function sh(
  session: DockerSession,
  image: string,
  script: string,
  args: string[] = [],
): Promise<ExecResult> {
  return session.helper(image, 'sh', ['-c', script, 'sh', ...args], ['--user', '0'], 120000);
}

/**
 * The image-level facts: the base image's configuration (from `baseTag`, an image built
 * `FROM` the base alone), the OS, the libc, runtime versions and the dependency folders the
 * build added.
 */
export async function imageFacts(
  session: DockerSession,
  base: string,
  originalTag: string,
  baseTag: string | undefined,
): Promise<ImageFacts> {
  const facts: ImageFacts = {
    base,
    runtimes: {},
    libraries: [],
    scanned: [],
    dependencyDirs: [],
  };
  const config = baseTag ? await session.imageConfig(baseTag) : undefined;
  if (config) {
    const { workdir, user, entrypoint, cmd, env } = config;
    facts.config = { workdir: workdir || '/', user, entrypoint, cmd, env };
  }
  const survey = await sh(session, originalTag, SURVEY);
  if (survey.code !== 0) return facts;
  const s = sections(survey.stdout);
  facts.os = osRelease(s.get('os') ?? []);
  const libc = s.get('libc')?.[0];
  if (libc === 'glibc' || libc === 'musl') facts.libc = libc;
  facts.runtimes = runtimeVersions(s);
  const py = s.get('pythonpath');
  if (py && py.length) facts.pythonPath = py;
  let dirs = s.get('dirs') ?? [];
  if (baseTag) {
    const inBase = await sh(session, baseTag, SURVEY);
    if (inBase.code === 0) {
      const had = new Set(sections(inBase.stdout).get('dirs') ?? []);
      dirs = dirs.filter((d) => !had.has(d));
    }
  }
  facts.dependencyDirs = dirs.map((path) => ({
    kind: path.endsWith('/node_modules') ? 'node_modules' : 'site-packages',
    path,
  }));
  return facts;
}

/** The libraries the ELF files under `roots` need, with the package of each. */
export async function libraryFacts(
  session: DockerSession,
  originalTag: string,
  roots: string[],
): Promise<{ libraries: LibraryFact[]; scanned: string[] }> {
  if (roots.length === 0) return { libraries: [], scanned: [] };
  const scan = await sh(session, originalTag, ELF_SCAN, roots);
  const { files, needs } = parseElfScan(scan.stdout);
  const resolved = [...new Set(needs.map((n) => n.resolved).filter((r): r is string => !!r))];
  const owner = new Map<string, string>();
  if (resolved.length) {
    const o = await sh(session, originalTag, OWNERS, resolved);
    for (const line of o.stdout.split('\n')) {
      const m = /^O (\S+) (\S+)$/.exec(line);
      // apk prints name-version-rN; the package is the name.
      if (m) owner.set(m[1], m[2].replace(/-\d[^-]*-r\d+$/, ''));
    }
  }
  return {
    scanned: files,
    libraries: needs.map((n) => ({
      ...n,
      package: n.resolved ? (owner.get(n.resolved) ?? null) : null,
    })),
  };
}
