// The candidate lines of a .dockerignore proposal (propose.ts), found in the context by kind
// (version control, host dependency folders, caches, editor files, secrets by name, backups),
// and what the build needs, with the reason shown when a candidate would exclude it. The steps
// run in the order proposeDockerignore() calls them: the order of the candidates and of the
// needed paths is the order of the proposal and of its notes.
import type { BuildContext } from '../context';
import { matcher, type Matcher } from './matcher';
import type { EntryKind, ProposeInput } from './propose';
import type { Ecosystem, Uses } from './uses';

const MAX_ENTRIES = 20000;
const MAX_DEPTH = 12;
/** Folders never walked into: their contents are theirs, and they can be huge. */
const OPAQUE = new Set(['.git', '.hg', '.svn', 'node_modules', '__pycache__', 'target', 'obj']);

const VCS = ['.git', '.hg', '.svn'];
const CACHES = [
  '.pytest_cache',
  '.mypy_cache',
  '.ruff_cache',
  '.tox',
  '.nox',
  '.eslintcache',
  '.parcel-cache',
  '.nyc_output',
  '.gradle',
  '.sass-cache',
];
const EDITOR = ['.idea', '.vscode'];
const ENV_EXAMPLE = /^\.env\.(example|sample|template|dist|defaults|schema)$|\.example$/;
const SSH_KEY = /^id_(rsa|dsa|ecdsa|ed25519)(_sk)?$/;
const PROJECT_FILE = /\.(csproj|fsproj|vbproj)$/;

/** Libraries and frameworks that read .env files by themselves, by manifest. */
const ENV_LOADERS: { file: RegExp; re: RegExp }[] = [
  {
    file: /(^|\/)package\.json$/,
    re: /"(dotenv|dotenv-flow|dotenv-expand|@dotenvx\/dotenvx|dotenv-cli|env-cmd|next|vite|react-scripts|nuxt|astro|gatsby|@sveltejs\/kit|@remix-run\/dev|@nestjs\/config)"\s*:/,
  },
  {
    file: /(^|\/)(requirements[^/]*\.txt|pyproject\.toml|Pipfile|setup\.py|setup\.cfg)$/,
    re: /python-dotenv|django-environ|environs|pydantic-settings|python-decouple/i,
  },
  { file: /(^|\/)go\.mod$/, re: /joho\/godotenv|spf13\/viper/ },
  { file: /(^|\/)Cargo\.toml$/, re: /^\s*dotenvy?\s*=/m },
  { file: /(^|\/)Gemfile$/, re: /['"]dotenv(-rails)?['"]/ },
  { file: /(^|\/)composer\.json$/, re: /vlucas\/phpdotenv|symfony\/dotenv|laravel\/framework/ },
  { file: /(^|\/)(pom\.xml|build\.gradle(\.kts)?)$/, re: /dotenv-java|dotenv-kotlin/ },
  { file: /\.(csproj|fsproj)$/, re: /DotNetEnv/ },
  { file: /(^|\/)mix\.exs$/, re: /:dotenvy|:dotenv/ },
];

/** Build tools that read the git history to name a version. */
const GIT_READERS: { file: RegExp; re: RegExp }[] = [
  {
    file: /(^|\/)(pyproject\.toml|setup\.py|setup\.cfg)$/,
    re: /setuptools[-_]scm|hatch-vcs|versioneer|dunamai|poetry-dynamic-versioning|pbr/,
  },
  { file: /(^|\/)package\.json$/, re: /git-rev-sync|git-describe|"git-repo-info"|husky install/ },
  { file: /(^|\/)Cargo\.toml$/, re: /vergen|git-version|built\s*=.*git2/ },
  { file: /(^|\/)build\.rs$/, re: /\bgit\b/ },
  {
    file: /(^|\/)(pom\.xml|build\.gradle(\.kts)?)$/,
    re: /git-commit-id|gradle-git-properties|git-version|axion-release|jgitver/,
  },
  {
    file: /(\.(csproj|fsproj|props|targets)|(^|\/)version\.json)$/,
    re: /Nerdbank\.GitVersioning|GitVersion|MinVer/,
  },
];

interface Walked {
  /** Every path listed, folders without a trailing slash. */
  paths: string[];
  dirs: Set<string>;
  truncated: boolean;
}

function walk(ctx: BuildContext, excludedBefore: Matcher, exceptions: boolean): Walked {
  const paths: string[] = [];
  const dirs = new Set<string>();
  let truncated = false;
  const queue: { dir: string; depth: number }[] = [{ dir: '', depth: 0 }];
  while (queue.length > 0) {
    const { dir, depth } = queue.shift() as { dir: string; depth: number };
    for (const name of ctx.list(dir)) {
      if (paths.length >= MAX_ENTRIES) {
        truncated = true;
        break;
      }
      const isDir = name.endsWith('/');
      const bare = isDir ? name.slice(0, -1) : name;
      // A line break in a name would become a line of its own in the file: such names
      // never become lines (and control characters have no place in one).
      if (/[\x00-\x1f\x7f]/.test(bare)) continue;
      const rel = dir ? `${dir}/${bare}` : bare;
      paths.push(rel);
      if (!isDir) continue;
      dirs.add(rel);
      // A folder the file already excludes holds nothing new, unless an exception
      // could bring some of it back.
      if (OPAQUE.has(bare) || depth >= MAX_DEPTH || ctx.exists(`${rel}/pyvenv.cfg`)) continue;
      if (!exceptions && excludedBefore(rel)) continue;
      queue.push({ dir: rel, depth: depth + 1 });
    }
  }
  return { paths, dirs, truncated };
}

const base = (rel: string) => rel.slice(rel.lastIndexOf('/') + 1);
const parent = (rel: string) => (rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '');
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A line for one path: characters special to Docker's matching escaped. */
export function literal(rel: string): string {
  return rel.replace(/[\\*?[]/g, '\\$&').replace(/^([#!])/, '\\$1');
}

/** True when a text names the file: its name stands as a word of its own. */
function mentions(texts: string[], rel: string): boolean {
  const re = new RegExp(`(^|[^A-Za-z0-9_.-])${escapeRe(base(rel))}($|[^A-Za-z0-9_-])`);
  return texts.some((t) => re.test(t));
}

export interface Candidate {
  lines: string[];
  kind: EntryKind;
  why: string;
  /** Paths to probe: present matches, or a hypothetical one for a language default. */
  probes: string[];
  /** Secrets: when the line as a glob hits a needed file, fall back to each unneeded path. */
  perPath?: boolean;
}

/** What every step reads: the context's paths, the Dockerfiles' uses, and what is needed. */
export interface Scan {
  input: ProposeInput;
  ctx: ProposeInput['ctx'];
  uses: Uses[];
  w: ReturnType<typeof walk>;
  present: Set<string>;
  texts: string[];
  /** Needed paths with the reason shown when a candidate would exclude them (in order). */
  needed: Map<string, string>;
  candidates: Candidate[];
  excludedBefore: Matcher;
  rootHas(name: string): boolean;
  copied(rel: string): boolean;
  hostCopy(rel: string, eco: Ecosystem): boolean;
}

export function scan(
  input: ProposeInput,
  uses: Uses[],
  excludedBefore: Matcher,
  exceptions: string[],
): Scan {
  const { ctx } = input;
  const w = walk(ctx, excludedBefore, exceptions.length > 0);
  const present = new Set(w.paths);
  const texts = uses.flatMap((u) => u.texts);
  const copied = (rel: string) => uses.some((u) => u.copies(rel));
  // A build that copies the folder in and makes none of its own may be using the host's.
  const hostCopy = (rel: string, eco: Ecosystem) =>
    uses.some((u) => u.copies(rel) && !u.builds.has(eco));

  // What the build needs, with the reason shown when a candidate would exclude it.
  const needed = new Map<string, string>();
  for (const u of uses) for (const [rel, why] of u.named) needed.set(rel, why);
  for (const u of uses)
    for (const rel of u.runtimeSources)
      if (!needed.has(rel)) needed.set(rel, 'the runtime stage copies it');
  for (const u of uses)
    for (const c of u.chosen) {
      const m = matcher([c.pattern]);
      for (const rel of w.paths) if (m(rel) && !needed.has(rel)) needed.set(rel, c.why);
    }
  const reincluded = matcher(exceptions);
  for (const rel of w.paths)
    if (exceptions.length > 0 && reincluded(rel) && !needed.has(rel))
      needed.set(rel, 'the existing file brings it back with !');
  for (const e of exceptions)
    if (!/[*?[\\]/.test(e) && !needed.has(e))
      needed.set(e, 'the existing file brings it back with !');

  return {
    input,
    ctx,
    uses,
    w,
    present,
    texts,
    needed,
    candidates: [],
    excludedBefore,
    rootHas: (name: string) => present.has(name),
    copied,
    hostCopy,
  };
}

/** Which manifest loads .env files, which names its version from git, whether a RUN runs git. */
export function readers(s: Scan): {
  envLoader: string | null;
  gitReader: string | null;
  runsGit: boolean;
} {
  const { w, ctx, texts } = s;
  const manifests = w.paths.filter((p) =>
    [...ENV_LOADERS, ...GIT_READERS].some((m) => m.file.test(p)),
  );
  const readsWith = (table: typeof ENV_LOADERS): string | null => {
    for (const file of manifests) {
      const text = ctx.readText(file);
      if (text === null) continue;
      for (const m of table) if (m.file.test(file) && m.re.test(text)) return file;
    }
    return null;
  };
  const envLoader = readsWith(ENV_LOADERS);
  const gitReader = readsWith(GIT_READERS);
  const runsGit = texts.some((t) =>
    /(^|[\s;&|(`$])git\s+(?!clone\b|init\b|config\s+--global)/m.test(t),
  );

  return { envLoader, gitReader, runsGit };
}

export function vcsCandidates(s: Scan, runsGit: boolean, gitReader: string | null): void {
  const { rootHas, needed, candidates } = s;
  for (const name of VCS) {
    if (!rootHas(name)) continue;
    if (name === '.git' && (runsGit || gitReader)) {
      needed.set(
        '.git',
        runsGit
          ? 'the build runs git, which reads it'
          : `${gitReader} names its version from the git history`,
      );
    }
    candidates.push({ lines: [name], kind: 'vcs', why: 'version-control history', probes: [name] });
  }
}

export function dependencyCandidates(s: Scan): void {
  const { ctx, uses, w, texts, needed, candidates, rootHas, hostCopy } = s;
  // Host dependency folders: made again by the build's own install, so only weight (and
  // often built for another OS). Kept when a build copies them and installs nothing itself.
  const depFolder = (rel: string, eco: Ecosystem, what: string) => {
    if (hostCopy(rel, eco))
      needed.set(rel, `the build copies ${rel} and does not make it again (no ${what} install)`);
  };
  const nodeDefault = uses.some((u) => u.builds.has('node'));
  const nestedModules = w.paths.filter((p) => base(p) === 'node_modules' && p !== 'node_modules');
  if (rootHas('node_modules') || nodeDefault) {
    depFolder('node_modules', 'node', 'npm/yarn/pnpm');
    const workspaces =
      /"workspaces"\s*:/.test(ctx.readText('package.json') ?? '') || rootHas('pnpm-workspace.yaml');
    const line = nestedModules.length > 0 && workspaces ? '**/node_modules' : 'node_modules';
    if (line.startsWith('**')) for (const p of nestedModules) depFolder(p, 'node', 'npm/yarn/pnpm');
    candidates.push({
      lines: [line],
      kind: 'dependencies',
      why: 'host Node packages; the build installs its own',
      probes: line.startsWith('**') ? ['node_modules', ...nestedModules] : ['node_modules'],
    });
  }
  for (const dir of w.dirs) {
    if (dir.includes('/') || !ctx.exists(`${dir}/pyvenv.cfg`)) continue;
    depFolder(dir, 'python', 'pip/uv/poetry');
    if (mentions(texts, dir) && uses.some((u) => !u.builds.has('python')))
      needed.set(dir, `the build names ${dir} and creates no virtual environment of its own`);
    candidates.push({
      lines: [literal(dir)],
      kind: 'dependencies',
      why: 'a host Python virtual environment',
      probes: [dir],
    });
  }
  const pycache = w.paths.filter((p) => base(p) === '__pycache__');
  if (pycache.length > 0 || uses.some((u) => u.builds.has('python')))
    candidates.push({
      lines: ['**/__pycache__'],
      kind: 'cache',
      why: 'Python bytecode caches',
      probes: pycache.length ? pycache : ['__pycache__'],
    });
  for (const [manifest, eco, tool] of [
    ['Cargo.toml', 'cargo', 'cargo'],
    ['pom.xml', 'maven', 'Maven'],
  ] as const) {
    if (!rootHas(manifest) || !(rootHas('target') || uses.some((u) => u.builds.has(eco)))) continue;
    if (hostCopy('target', eco))
      needed.set('target', `the build copies target and does not run ${tool}`);
    candidates.push({
      lines: ['target'],
      kind: 'dependencies',
      why: `host ${tool} build output; the build makes its own`,
      probes: ['target'],
    });
    break;
  }
  const projects = w.paths.filter((p) => PROJECT_FILE.test(p));
  if (projects.length > 0 && uses.some((u) => u.builds.has('dotnet'))) {
    const projectDirs = new Set(projects.map(parent));
    for (const name of ['bin', 'obj']) {
      const found = [...w.dirs].filter((d) => base(d) === name);
      for (const d of found) depFolder(d, 'dotnet', 'dotnet');
      const beside = found.filter((d) => projectDirs.has(parent(d)));
      if (beside.length === found.length) {
        candidates.push({
          lines: [`**/${name}`],
          kind: 'dependencies',
          why: `host .NET ${name === 'bin' ? 'build output' : 'intermediate files'}`,
          probes: found.length ? found : [name],
        });
      } else {
        for (const d of beside)
          candidates.push({
            lines: [literal(d)],
            kind: 'dependencies',
            why: `host .NET ${name === 'bin' ? 'build output' : 'intermediate files'}`,
            probes: [d],
          });
      }
    }
  }
}

export function toolCandidates(s: Scan): void {
  const { w, candidates, rootHas } = s;
  for (const name of CACHES)
    if (rootHas(name))
      candidates.push({ lines: [name], kind: 'cache', why: 'a tool cache', probes: [name] });
  for (const name of EDITOR)
    if (rootHas(name))
      candidates.push({ lines: [name], kind: 'editor', why: 'editor settings', probes: [name] });
  const dsStore = w.paths.filter((p) => base(p) === '.DS_Store');
  if (dsStore.length)
    candidates.push({
      lines: ['**/.DS_Store'],
      kind: 'editor',
      why: 'macOS folder metadata',
      probes: dsStore,
    });
}

/** Secret files by name as candidates; returns every secret file found. */
export function secretCandidates(s: Scan, envLoader: string | null): string[] {
  const { ctx, uses, w, texts, needed, candidates, copied, excludedBefore } = s;
  // Secrets by name. A file the build or the app reads stays (and is reported).
  const files = w.paths.filter((p) => !w.dirs.has(p));
  const envFiles = files.filter(
    (p) => /^\.env(\..+)?$/.test(base(p)) && !ENV_EXAMPLE.test(base(p)),
  );
  const examples = files.filter((p) => /^\.env\..+$/.test(base(p)) && ENV_EXAMPLE.test(base(p)));
  const privateKey = (rel: string) => {
    const text = ctx.readText(rel);
    return text === null || /PRIVATE KEY/.test(text);
  };
  const pems = files.filter((p) => /\.(pem|key)$/.test(p));
  const sshKeys = files.filter((p) => SSH_KEY.test(base(p)));
  const npmrc = files.filter(
    (p) => base(p) === '.npmrc' && /_authToken|_auth\s*=|_password\s*=/.test(ctx.readText(p) ?? ''),
  );
  const secretFiles = [...envFiles, ...pems.filter(privateKey), ...sshKeys, ...npmrc];
  const need = (rel: string, why: string) => {
    if (!needed.has(rel)) needed.set(rel, why);
  };
  for (const p of envFiles) {
    if (envLoader) need(p, `the app loads .env files (${envLoader})`);
    else if (mentions(texts, p)) need(p, 'the build or start command names it');
  }
  for (const p of [...pems, ...sshKeys, ...npmrc])
    if (mentions(texts, p)) need(p, 'the build names it');
  for (const p of npmrc)
    if (copied(p) && uses.some((u) => u.runsNodePackageTool))
      need(p, 'npm reads it where the build copies it');
  for (const p of pems)
    if (!privateKey(p))
      need(p, 'it holds only certificates, which are public and may be read at run time');

  if (envFiles.some((p) => base(p) === '.env'))
    candidates.push({
      lines: ['**/.env'],
      kind: 'secret',
      why: 'environment files with secrets',
      probes: envFiles.filter((p) => base(p) === '.env'),
      perPath: true,
    });
  const dotted = envFiles.filter((p) => base(p) !== '.env');
  if (dotted.length) {
    // The examples stay: an exception names each one the file included before.
    const keep = examples.filter((p) => !excludedBefore(p)).map((p) => `!${literal(p)}`);
    candidates.push({
      lines: ['**/.env.*', ...keep],
      kind: 'secret',
      why: 'environment files with secrets',
      probes: dotted,
      perPath: true,
    });
  }
  for (const ext of ['pem', 'key']) {
    const found = pems.filter((p) => p.endsWith(`.${ext}`) && privateKey(p));
    if (found.length)
      candidates.push({
        lines: [`**/*.${ext}`],
        kind: 'secret',
        why: 'private keys',
        probes: found,
        perPath: true,
      });
  }
  for (const name of new Set(sshKeys.map(base)))
    candidates.push({
      lines: [`**/${name}`],
      kind: 'secret',
      why: 'SSH private keys',
      probes: sshKeys.filter((p) => base(p) === name),
      perPath: true,
    });
  for (const p of npmrc)
    candidates.push({ lines: [literal(p)], kind: 'secret', why: 'an npm auth token', probes: [p] });
  return secretFiles;
}

export function backupCandidates(s: Scan): void {
  const { input, present, candidates } = s;
  for (const d of input.dockerfiles) {
    if (d.rel === null) continue;
    const backup = `${d.rel}${input.backupSuffix ?? '.orig'}`;
    if (present.has(backup) || (input.backupSuffix && d.result?.status === 'converted'))
      candidates.push({
        lines: [literal(backup)],
        kind: 'backup',
        why: "the Dockerfile's backup",
        probes: [backup],
      });
  }
}

export function namedByCommands(s: Scan): void {
  const { candidates, present, needed, texts } = s;
  // A path the build's commands or scripts name is read by them (`cat .git/HEAD`,
  // `cp .vscode/x`). Dependency folders are left to the install rule above: their names
  // stand in every PATH and NODE_PATH.
  for (const c of candidates)
    if (c.kind !== 'dependencies')
      for (const p of c.probes)
        if (present.has(p) && !needed.has(p) && mentions(texts, p))
          needed.set(p, 'the build or start command names it');
}
