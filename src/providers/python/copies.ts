// What the runtime stage copies from the builder: where the installs put packages (the
// system site-packages with a stage that gathers /usr/local, venvs, user and --target
// folders), the app folders, what build steps wrote outside them, and the tools a start
// command runs that a COPY --from=<image> placed.
import * as path from 'path';
import type { Warning } from '../../codes';
import type { RuntimeFacts } from '../../data';
import { isSystemFolder } from '../../analysis/system-folders';
import type { StartNeeds } from '../../analysis/needs';
import { commandName } from '../../shell';
import type { CopySpec, ProviderInput } from '../contract';
import type { Manifests } from './manifests';
import { LOCAL_STAGE, SCRATCH, under } from './names';
import type { PythonData, Walk } from './types';

/** The copies, notes and warnings the plan gathers, in the order they are found. */
export interface Draft {
  from: string;
  copies: CopySpec[];
  notes: string[];
  warnings: Warning[];
  extraStages: string[][];
  /** Adds a copy of `src` to the same path, once. */
  add(src: string, why: string): void;
}

export function newDraft(from: string): Draft {
  const copies: CopySpec[] = [];
  return {
    from,
    copies,
    notes: [],
    warnings: [],
    extraStages: [],
    add(src, why) {
      if (!copies.some((c) => c.src === src)) copies.push({ from, src, dest: src, why });
    },
  };
}

/** Where the installs put packages. */
export function installCopies(
  input: ProviderInput,
  w: Walk,
  draft: Draft,
  version: { minor: string; pathMinor: string },
  d: PythonData,
): void {
  const { model } = input;
  const { add, from } = draft;
  if (w.installs.some((i) => i.place.kind === 'system')) {
    add(
      `/usr/local/lib/python${version.pathMinor}/site-packages`,
      `packages installed into the system site-packages of Python ${version.minor}`,
    );
    // Console scripts (and data files such as Jupyter's) land in /usr/local/bin, share and
    // etc, next to Python's own entries. A stage derived from the builder gathers everything
    // there but those entries, so the slim image keeps its own interpreter.
    const stage = [`FROM ${from} AS ${LOCAL_STAGE}`];
    if (model.user && !/^(root|0)(:.*)?$/.test(model.user)) stage.push('USER root');
    for (const item of d.localStage.map((l) => l.replace('{own}', d.localOwn.join('|'))))
      stage.push(item);
    draft.extraStages.push(stage);
    draft.copies.push({
      from: LOCAL_STAGE,
      src: '/python-local',
      dest: '/usr/local',
      why: "console scripts and data files the installs put in /usr/local (bin, share, etc), without Python's own entries",
    });
  }
  for (const [dir, how] of w.venvs)
    add(dir, `virtual environment made by ${how}; its python links to /usr/local/bin`);
  for (const inst of w.installs) {
    const p = inst.place;
    if (p.kind === 'venv') add(p.dir, `virtual environment ${inst.tool} installs into`);
    else if (p.kind === 'user') add(p.dir, `user site (${inst.tool} --user)`);
    else if (p.kind === 'dir') add(p.dir, p.what);
  }
  const tools = [
    ...new Set(
      w.installs.map((i) =>
        i.place.kind === 'system'
          ? `${i.tool} (system site-packages)`
          : `${i.tool} (${i.place.kind === 'project' ? 'project folder' : i.place.dir})`,
      ),
    ),
  ];
  if (tools.length) draft.notes.push(`installs: ${tools.join(', ')}`);
  if (w.builds.length)
    draft.notes.push(
      `build steps kept in the copied folders: ${[...new Set(w.builds)].join(', ')}`,
    );
}

// Python keeps `/` and `/usr/src` system folders (the defaults): its images ship CPython's
// build tree in /usr/src.
const ownedBySystem = (p: string): boolean => isSystemFolder(p) || SCRATCH.test(p);

/** App folders: the WORKDIR, where projects are built, everything copied from the context. */
export function appCopies(
  input: ProviderInput,
  w: Walk,
  needs: StartNeeds,
  targets: string[],
  draft: Draft,
): void {
  const app: string[] = [];
  if (input.model.cwd !== '/') app.push(input.model.cwd);
  for (const dir of [...w.projectDirs, ...targets]) if (!ownedBySystem(dir)) app.push(dir);
  for (const dir of app) {
    const venvInside =
      [...w.venvs.keys()].some((v) => under(v, dir)) ||
      w.installs.some(
        (i) => (i.place.kind === 'venv' || i.place.kind === 'project') && under(i.place.dir, dir),
      );
    draft.add(dir, venvInside ? 'app with its virtual environment' : 'app files');
  }
  for (const s of needs.scripts) draft.add(s.imagePath, 'script run at start');
}

/**
 * Files build steps write outside the app: Django's STATIC_ROOT. (Folders made with mkdir
 * are the shared planner's.)
 */
export function staticCopies(input: ProviderInput, w: Walk, draft: Draft): void {
  if (!w.builds.some((b) => b.endsWith('collectstatic'))) return;
  const roots = staticRoots(input);
  if (roots === null) {
    draft.warnings.push({
      code: 'MSC105',
      message:
        'collectstatic runs in the build, but msconvert found no STATIC_ROOT in the settings; check that the collected files are inside a copied folder.',
    });
  } else for (const r of roots) draft.add(r, 'STATIC_ROOT, filled by collectstatic');
}

/**
 * The start command's tools the plan vouches for: those a COPY --from=<image> placed (uv),
 * copied along, and the console scripts the installed distributions provide.
 */
export function vouchedCommands(
  input: ProviderInput,
  needs: StartNeeds,
  manifests: Manifests,
  runtimeCommands: string[],
  draft: Draft,
): string[] {
  const vouched: string[] = [];
  const provided = manifests.commands();
  for (const need of needs.commands) {
    const word = need.word;
    if (!word || word.includes('/') || word.includes('$') || runtimeCommands.includes(word))
      continue;
    const placed = placedFromImage(input, word);
    if (placed) {
      draft.add(placed, `${word}, copied into the builder from an image`);
      vouched.push(word);
    } else if (provided.has(word)) vouched.push(word);
  }
  return vouched;
}

/**
 * The copies to keep: nested paths are copied with their parent, and so are paths inside the
 * home folder the shared planner copies for a user the runtime image does not know (whose
 * start commands are then vouched for, as the planner traces them through the provider's
 * copies only).
 */
export function outermostCopies(
  input: ProviderInput,
  needs: StartNeeds,
  facts: RuntimeFacts,
  draft: Draft,
  vouched: string[],
): CopySpec[] {
  const { copies } = draft;
  const system = copies.some((c) => c.from === LOCAL_STAGE);
  const home = copiedHome(input, facts);
  const sorted = [...copies].sort((a, b) => a.src.length - b.src.length);
  const kept = copies.filter(
    (c) =>
      !(home && under(c.src, home)) &&
      !(c.from !== LOCAL_STAGE && system && /^\/usr\/local\/(bin|share|etc)\//.test(c.src)) &&
      !sorted.some((p) => p !== c && p.src.length < c.src.length && under(c.src, p.src)),
  );
  if (home) {
    const inHome = copies.filter((c) => under(c.src, home)).map((c) => c.src);
    if (inHome.length > 0) {
      draft.notes.push(`copied with the home folder of ${input.model.user}: ${inHome.join(', ')}`);
      for (const need of needs.commands) {
        const abs = need.word.startsWith('/') ? need.word : null;
        if (abs && under(abs, home) && !vouched.includes(need.word)) vouched.push(need.word);
      }
    }
  }
  return kept;
}

/** Absolute STATIC_ROOT folders named in the Django settings; [] when inside the app; null when none found. */
function staticRoots(input: ProviderInput): string[] | null {
  const { ctx, model } = input;
  const out: string[] = [];
  let found = false;
  if (model.env.STATIC_ROOT?.startsWith('/')) {
    out.push(model.env.STATIC_ROOT);
    found = true;
  }
  const visit = (dir: string, depth: number) => {
    for (const e of ctx.list(dir)) {
      const rel = dir ? `${dir}/${e.replace(/\/$/, '')}` : e.replace(/\/$/, '');
      if (e.endsWith('/')) {
        if (
          depth < 4 &&
          !e.startsWith('.') &&
          !['node_modules/', 'venv/', '.venv/', 'static/'].includes(e)
        )
          visit(rel, depth + 1);
        continue;
      }
      if (!/settings[^/]*\.py$|\/settings\/[^/]+\.py$/.test(rel)) continue;
      const text = ctx.readText(rel) ?? '';
      for (const m of text.matchAll(/^\s*STATIC_ROOT\s*=\s*(.+)$/gm)) {
        found = true;
        for (const lit of m[1].matchAll(/["'](\/[^"']+)["']/g)) {
          const p = path.posix.normalize(lit[1]).replace(/\/$/, '');
          if (!out.includes(p)) out.push(p);
        }
      }
    }
  };
  if (ctx.known) visit('', 0);
  return found ? out.filter((p) => !isSystemFolder(p)) : null;
}

/** The path a start command found by name that a COPY --from=<image> put in the builder. */
function placedFromImage(input: ProviderInput, word: string): string | null {
  const { model } = input;
  const searchPath = [
    ...(model.env.PATH ?? '').split(':'),
    ...'/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'.split(':'),
  ].filter(Boolean);
  for (const cp of model.copies) {
    if (cp.from === null) continue;
    for (const src of cp.sources) {
      const target = cp.destIsDir ? path.posix.join(cp.dest, path.posix.basename(src)) : cp.dest;
      if (path.posix.basename(target) === word && searchPath.includes(path.posix.dirname(target)))
        return target;
    }
  }
  return null;
}

/**
 * The home folder the shared planner copies (with the user database) when USER names a user
 * the runtime image does not know and the stage created it with a home; mirrors assemble.ts.
 */
function copiedHome(input: ProviderInput, facts: RuntimeFacts): string | null {
  const user = input.model.user;
  if (!user || /^(root|0)(:(root|0))?$/.test(user)) return null;
  const [name, group] = user.split(':');
  if (/^\d+$/.test(name) && (!group || /^\d+$/.test(group))) return null;
  if (facts.users.includes(name) && (!group || facts.users.includes(group) || /^\d+$/.test(group)))
    return null;
  for (const cmd of input.model.runs.flatMap((r) => r.commands)) {
    const tool = commandName(cmd.argv[0]);
    if ((tool !== 'useradd' && tool !== 'adduser') || !cmd.argv.includes(name)) continue;
    const args = cmd.argv;
    const h = args.findIndex(
      (a) =>
        a === '-d' || a === '--home' || a === '--home-dir' || (tool === 'adduser' && a === '-h'),
    );
    const creates =
      tool === 'useradd'
        ? args.some((a) => a === '-m' || a === '--create-home' || /^-[a-zA-Z]*m/.test(a))
        : !args.some((a) => a === '--no-create-home' || a === '-H');
    if (!creates) return null;
    return h >= 0 ? args[h + 1] : `/home/${name}`;
  }
  return null;
}
