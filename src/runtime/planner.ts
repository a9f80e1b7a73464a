// The shared half of planning: whatever the language, pick the runtime image that meets
// every need (shell, OS packages, the commands the container runs, users), then write the
// runtime stage. Providers say what to copy; this module decides how it must run.
import * as path from 'path';
import type { Warning } from '../codes';
import type { InstalledPackages } from '../analysis/packages';
import {
  installLine,
  packageForCommand,
  splitPackages,
  type PackageManager,
} from '../analysis/packages';
import type { StartNeeds } from '../analysis/needs';
import { expand, referencedVariables, type StageModel } from '../analysis/stage';
import { namedPaths, startWords } from '../analysis/reach';
import { commandName } from '../shell';
import { madePaths } from '../analysis/made';
import { removedByBuild } from '../analysis/removed';
import { carriedSecrets } from '../analysis/secrets';
import { builderKey } from '../analysis/image';
import { images, packages as packageData, templateText, templateTextIfExists } from '../data';
import {
  decline,
  type CopySpec,
  type Decline,
  type ProviderInput,
  type ProviderPlan,
  type RuntimeCandidate,
  type TextEdit,
} from '../providers/contract';
import { assertOneLine } from '../values';

export interface Assembled {
  runtime: RuntimeCandidate;
  /** Full text of the stages appended after the builder. */
  appended: string;
  builderEdits: TextEdit[];
  copies: CopySpec[];
  packages: string[];
  /** Build-only OS packages left in the builder. */
  dropped: string[];
  warnings: Warning[];
  notes: string[];
}

interface Fit {
  ok: boolean;
  reason?: string;
  code?: 'MSC008' | 'MSC009';
  packages: string[];
  /** OS packages of the original that stay in the builder. */
  dropped: string[];
  warnings: Warning[];
}

function baseCommands(c: RuntimeCandidate): Set<string> {
  const out = new Set<string>(c.commands);
  if (c.facts.packageManager === 'apt') for (const x of images().debian.slimCommands) out.add(x);
  if (c.facts.packageManager === 'apk')
    for (const x of packageData().alpineBaseCommands) out.add(x);
  return out;
}

/** Checks one candidate against every need; collects the OS packages it must install. */
function fit(
  input: ProviderInput,
  plan: ProviderPlan,
  needs: StartNeeds,
  installed: InstalledPackages,
  c: RuntimeCandidate,
): Fit {
  const pm: PackageManager | null = c.facts.packageManager;
  const pkgs: string[] = [];
  const dropped: string[] = [];
  const warnings: Warning[] = [];
  // Debian slim images ship tzdata up to bookworm; trixie dropped it.
  const ships = new Set(c.facts.ships);
  if (pm === 'apt' && plan.codename !== 'trixie') ships.add('tzdata');
  const want = (p: string) => {
    if (!pkgs.includes(p) && !ships.has(p)) pkgs.push(p);
  };
  // OS packages the original installed that the app may use at run time.
  if (installed.manager && installed.names.length > 0) {
    const split = splitPackages(
      installed.names,
      installed.manager,
      plan.codename,
      plan.staticArtifact,
    );
    // What the candidate already ships needs no package manager (ca-certificates on distroless).
    const runtime = split.runtime.filter((p) => !installed.removed.includes(p) && !ships.has(p));
    for (const item of split.buildOnly) dropped.push(item);
    if (split.unknownDev.length > 0) {
      return {
        ok: false,
        code: 'MSC009',
        reason: `the build links ${split.unknownDev.join(', ')}, and msconvert knows no run-time package for ${split.unknownDev.length > 1 ? 'them' : 'it'}; add the library package to the runtime stage by hand.`,
        packages: [],
        dropped,
        warnings,
      };
    }
    if (runtime.length > 0) {
      if (installed.customSource) {
        return {
          ok: false,
          code: 'MSC009',
          reason: `the image installs ${runtime.join(', ')} from a package source it adds itself, which a runtime stage would have to repeat.`,
          packages: [],
          dropped,
          warnings,
        };
      }
      if (pm !== installed.manager) {
        return {
          ok: false,
          code: 'MSC009',
          reason: `the app needs ${runtime.join(', ')} (${installed.manager} packages), which ${c.image} cannot install.`,
          packages: [],
          dropped,
          warnings,
        };
      }
      runtime.forEach(want);
    }
  }
  if (installed.unsupported) {
    return {
      ok: false,
      code: 'MSC009',
      reason: `the image installs OS packages with ${installed.unsupported}, which msconvert cannot carry into a runtime stage (it handles apt and apk).`,
      packages: [],
      dropped,
      warnings,
    };
  }
  if (installed.dynamic) {
    return {
      ok: false,
      code: 'MSC009',
      reason:
        'an install line names its OS packages through a variable, so msconvert cannot tell which ones the app needs at run time.',
      packages: [],
      dropped,
      warnings,
    };
  }
  // Files the app relies on (CA certificates, time zones).
  for (const p of plan.ensure) {
    if (ships.has(p)) continue;
    if (!pm)
      return {
        ok: false,
        code: 'MSC009',
        reason: `${c.image} lacks ${p}`,
        packages: [],
        dropped,
        warnings,
      };
    want(p);
  }
  // A shell, and the commands the container runs.
  if (needs.shell) {
    if (!c.facts.shell)
      return {
        ok: false,
        code: 'MSC008',
        reason: `${c.image} has no shell`,
        packages: [],
        dropped,
        warnings,
      };
    for (const sh of needs.shells) {
      if (sh === 'bash' && pm === 'apk') want('bash');
      else if (!['sh', 'bash', 'dash', 'ash'].includes(sh)) {
        const p = pm ? (packageForCommand(sh, pm) ?? sh) : null;
        if (!p)
          return {
            ok: false,
            code: 'MSC008',
            reason: `${c.image} has no ${sh}`,
            packages: [],
            dropped,
            warnings,
          };
        want(p);
      }
    }
  }
  const have = baseCommands(c);
  for (const p of plan.providedCommands) have.add(p);
  // A copied file in a folder on the runtime's PATH is a command by its name (a link the
  // build made in /usr/local/bin).
  const searched = c.facts.path.split(':');
  for (const cp of plan.copies)
    if (searched.includes(path.posix.dirname(cp.dest))) have.add(path.posix.basename(cp.dest));
  const copied = [...plan.copies.map((x) => x.dest), ...needs.scripts.map((s) => s.imagePath)];
  const executableNames = new Set(
    [...plan.executables, ...needs.scripts.map((x) => x.imagePath)].map((e) =>
      path.posix.basename(e),
    ),
  );
  for (const need of needs.commands) {
    const word = need.word;
    if (!word || word.includes('$')) continue;
    const name = commandName(word);
    if (plan.vouched.includes(word)) continue;
    if (word.includes('/')) {
      const abs = path.posix.resolve(need.cwd, word);
      if (copied.some((d) => abs === d || abs.startsWith(`${d}/`))) continue;
      if (plan.executables.some((e) => abs.startsWith(`${e}/`))) continue;
    } else {
      if (have.has(name) || executableNames.has(name)) continue;
    }
    const standardDir = /^\/(usr\/(local\/)?)?s?bin\/[^/]+$/.test(word);
    if (word.includes('/') && !standardDir) {
      if (need.strict) {
        return {
          ok: false,
          code: 'MSC008',
          reason: `${need.from} runs \`${word}\`, a path msconvert cannot trace to a build output or a copied file.`,
          packages: [],
          dropped,
          warnings,
        };
      }
      continue;
    }
    if (standardDir && have.has(name)) continue;
    const pkg = pm ? packageForCommand(name, pm) : null;
    if (pkg) {
      want(pkg);
      warnings.push({
        code: 'MSC110',
        message: `${need.from} runs ${name}, so the runtime installs ${pkg}.`,
      });
      continue;
    }
    if (need.strict) {
      return {
        ok: false,
        code: 'MSC008',
        reason: `${need.from} runs \`${word}\`, which msconvert cannot trace to a build output, a copied file or a package of ${c.image}.`,
        packages: [],
        dropped,
        warnings,
      };
    }
  }
  if (pkgs.length > 0 && !pm)
    return {
      ok: false,
      code: 'MSC009',
      reason: `${c.image} cannot install ${pkgs.join(', ')}`,
      packages: [],
      dropped,
      warnings,
    };
  return { ok: true, packages: pkgs, dropped, warnings };
}

interface UserSetup {
  lines: string[];
  /** The owner a copied path had in the original, when it was not root's. */
  ownerOf: (p: string) => string | null;
  warnings: Warning[];
}

/** The user `useradd -u N` / `adduser -u N` created with that numeric id, if any. */
function createdWithId(model: StageModel, uid: string): string | null {
  for (const cmd of model.runs.flatMap((r) => r.commands)) {
    const tool = commandName(cmd.argv[0]);
    if (tool !== 'useradd' && tool !== 'adduser') continue;
    const args = cmd.argv;
    const i = args.findIndex((a) => a === '-u' || a === '--uid');
    const id = i >= 0 ? args[i + 1] : args.find((a) => a.startsWith('--uid='))?.slice(6);
    const name = args
      .slice(1)
      .filter((a) => !a.startsWith('-') && a !== id)
      .pop();
    if (id === uid && name) return name;
  }
  return null;
}

/**
 * Users: USER names the runtime does not know, and owners the copies are given by name,
 * come with the builder's user database; so does a numeric USER the stage created (its
 * name, home and groups are in that database, and HOME points into it).
 */
function users(
  input: ProviderInput,
  c: RuntimeCandidate,
  copyFrom: string,
  owners: string[],
): UserSetup {
  const { model } = input;
  const out: UserSetup = { lines: [], ownerOf: (p) => ownerOf(model, p), warnings: [] };
  const knows = (n: string) => /^\d+$/.test(n) || c.facts.users.includes(n);
  const user = model.user && !/^(root|0)(:(root|0))?$/.test(model.user) ? model.user : null;
  let name: string | null = null;
  let group: string | undefined;
  if (user) [name, group] = user.split(':');
  const created = name && /^\d+$/.test(name) ? createdWithId(model, name) : null;
  const unknownUser = name !== null && (!knows(name) || (group !== undefined && !knows(group)));
  const unknownOwner = owners.find((o) => o.split(':').some((n) => n && !knows(n)));
  if (unknownUser || created || unknownOwner) {
    out.lines.push(
      `COPY --from=${input.builderName} /etc/passwd /etc/passwd`,
      `COPY --from=${input.builderName} /etc/group /etc/group`,
    );
    out.warnings.push({
      code: 'MSC107',
      message: unknownUser
        ? `the user ${name} is created in the builder; the runtime takes its /etc/passwd and /etc/group so that USER ${user} means the same user.`
        : created
          ? `USER ${user} is the user ${created} created in the builder; the runtime takes its /etc/passwd and /etc/group so that it keeps its name, groups and home.`
          : `${unknownOwner} owns copied files or runs the app, a user the builder knows; the runtime takes its /etc/passwd and /etc/group so that the name means the same user.`,
    });
    const homeUser = unknownUser ? name : created;
    const home = homeUser ? homeOf(model, homeUser) : null;
    if (home) out.lines.push(`COPY --from=${copyFrom} --chown=${user} ${home} ${home}`);
  }
  return out;
}

/** The owner the original gave the folder or file at `p` itself, if any. */
function ownerOf(model: StageModel, p: string): string | null {
  let owner: string | null = null;
  for (const r of model.runs) {
    for (const c of r.commands) {
      if (commandName(c.argv[0]) !== 'chown') continue;
      const recursive = c.argv.some((a) => /^-[a-zA-Z]*R/.test(a) || a === '--recursive');
      const args = c.argv.slice(1).filter((a) => !a.startsWith('-'));
      if (args.length < 2 || args[0].includes('$')) continue;
      for (const t of args.slice(1)) {
        const abs = path.posix.resolve(c.cwd, t);
        if (abs === p || (recursive && p.startsWith(`${abs}/`))) owner = args[0];
      }
    }
  }
  for (const cp of model.copies) {
    if (cp.chown && (cp.dest === p || p.startsWith(`${cp.dest}/`))) owner = owner ?? cp.chown;
  }
  if (!owner && model.userWorkdirs.includes(p)) owner = model.user;
  return owner;
}

function homeOf(model: StageModel, name: string): string | null {
  for (const cmd of model.runs.flatMap((r) => r.commands)) {
    const tool = commandName(cmd.argv[0]);
    if (tool !== 'useradd' && tool !== 'adduser') continue;
    if (!cmd.argv.includes(name)) continue;
    const args = cmd.argv;
    const hIdx = args.findIndex(
      (a) =>
        a === '-d' || a === '--home' || a === '--home-dir' || (tool === 'adduser' && a === '-h'),
    );
    const explicit = hIdx >= 0 ? args[hIdx + 1] : null;
    // adduser --system (Debian) gives /nonexistent as home and creates nothing.
    if (tool === 'adduser' && args.includes('--system') && !explicit) return null;
    const creates =
      tool === 'useradd'
        ? args.some((a) => a === '-m' || a === '--create-home' || /^-[a-zA-Z]*m/.test(a))
        : !args.some((a) => a === '--no-create-home' || a === '-H');
    if (!creates) return null;
    return explicit ?? `/home/${name}`;
  }
  return null;
}

/** Absolute paths the start commands run that the stage itself put there (ADD of a URL, COPY). */
function placedByStage(input: ProviderInput, needs: StartNeeds, plan: ProviderPlan): CopySpec[] {
  const out: CopySpec[] = [];
  for (const need of needs.commands) {
    if (!need.word.startsWith('/')) continue;
    if (plan.copies.some((c) => need.word === c.dest || need.word.startsWith(`${c.dest}/`)))
      continue;
    const placed = input.model.copies.some((cp) => {
      if (!cp.destIsDir) return cp.dest === need.word;
      return cp.sources.some(
        (src) => path.posix.join(cp.dest, path.posix.basename(src)) === need.word,
      );
    });
    if (placed && !out.some((c) => c.src === need.word)) {
      out.push({
        from: input.builderName,
        src: need.word,
        dest: need.word,
        why: `run by ${need.from}; the original added it there`,
      });
    }
  }
  return out;
}

/**
 * Files the start names (a script's `source $GOPATH/src/app/config.sh`, `--config
 * /etc/app.yaml`, ENV CONFIG=/app/config.json) that the stage copied from the context or
 * wrote from a heredoc: the program reads them, so they are carried.
 */
function namedByStart(input: ProviderInput, needs: StartNeeds, plan: ProviderPlan): CopySpec[] {
  const { model, files, ctx } = input;
  const out: CopySpec[] = [];
  const words = startWords(model, needs).map((w) => expand(w, model.env));
  for (const p of namedPaths(words, model.cwd)) {
    if (plan.copies.some((c) => p === c.dest || p.startsWith(`${c.dest}/`))) continue;
    if (out.some((c) => c.dest === p) || WHOLE_SYSTEM.test(p)) continue;
    const rel = files.contextPathOf(p);
    const file =
      rel !== null
        ? ctx.exists(rel) && !ctx.isDir(rel)
        : files.inlineFiles().some((f) => f.path === p);
    if (!file) continue;
    out.push({
      from: input.builderName,
      src: p,
      dest: p,
      why: 'named by the start command, its script or ENV',
    });
  }
  return out;
}

/** Folders a runtime stage must never take whole from the builder. */
const WHOLE_SYSTEM =
  /^\/((usr|usr\/local|var|etc|bin|sbin|lib|lib64|opt|home|root|srv|usr\/lib|usr\/bin|usr\/sbin|usr\/local\/bin|usr\/local\/lib|usr\/share)\/?)?$/;

const SCRATCH_DIRS =
  /^\/(tmp|var\/tmp|var\/cache|var\/lib\/apt|var\/lib\/dpkg|root\/\.cache|root\/\.npm|root\/\.cache|go\/pkg|usr\/local\/go|proc|sys|dev|run)(\/|$)/;

/**
 * Folders and files the original made outside what is copied anyway (a /var/lib/app folder
 * the app opens, a config file a heredoc or redirect wrote): copied too, with the owner a
 * chown gave them (COPY --from keeps the mode; distroless has no shell to mkdir with).
 */
function madeByStage(input: ProviderInput, plan: ProviderPlan): CopySpec[] {
  const out: CopySpec[] = [];
  const { model, files } = input;
  const covered = (p: string) =>
    plan.copies.some((c) => p === c.dest || p.startsWith(`${c.dest}/`));
  const sources = [...files.targets(), ...model.runs.map((r) => r.workdir)];
  for (const made of madePaths(model, files)) {
    const abs = made.path;
    if (SCRATCH_DIRS.test(abs) || covered(abs) || WHOLE_SYSTEM.test(abs)) continue;
    // Source folders the build reads (a WORKDIR, a COPY target) are not runtime data.
    if (made.folder && sources.some((t) => t === abs || t.startsWith(`${abs}/`))) continue;
    // Folders inside the OS's own trees (mkdir -p /usr/share/man/man1 for a package's
    // install script) belong to packages, unless the original handed them to a user.
    if (made.folder && /^\/(usr|bin|sbin|lib|lib64)(\/|$)/.test(abs) && !ownerOf(model, abs))
      continue;
    if (out.some((o) => abs === o.dest || abs.startsWith(`${o.dest}/`))) continue;
    // A folder made around paths already listed replaces them: it is copied whole once.
    for (let i = out.length - 1; i >= 0; i--)
      if (out[i].dest.startsWith(`${abs}/`)) out.splice(i, 1);
    // The owner a chown gave it is applied with every other copy's (ownerOf below); a mode
    // chmod gave a made folder (chmod 1777 /data for any user) is kept by staging it.
    const mode = made.folder ? modeOf(model, abs) : null;
    if (mode === undefined) {
      throw new MadeModeUnknown(abs);
    }
    out.push({
      from: input.builderName,
      src: abs,
      dest: abs,
      why: `${made.how} in the original`,
      ...(mode && mode !== '755' && mode !== '0755' ? { chmod: mode } : {}),
    });
  }
  return out;
}

/** The stage that stages made folders whose own mode must survive the copy. */
const MODES_STAGE = 'made-modes';

/** A made folder's mode that msconvert cannot tell (chmod $MODE /data). */
class MadeModeUnknown extends Error {
  constructor(readonly path: string) {
    super(path);
  }
}

/**
 * The mode the last chmod gave the folder `p` itself: octal digits, null when none touched
 * it, undefined when it cannot be told. Symbolic modes apply to mkdir's 755.
 */
function modeOf(model: StageModel, p: string): string | null | undefined {
  let mode: number | null = null;
  let unknown = false;
  for (const c of model.runs.flatMap((r) => r.commands)) {
    if (commandName(c.argv[0]) !== 'chmod') continue;
    const args = c.argv.slice(1).filter((a) => !/^-[a-zA-Z]+$/.test(a) && !a.startsWith('--'));
    if (args.length < 2) continue;
    const targets = args.slice(1).map((t) => path.posix.resolve(c.cwd, t));
    const recursive = c.argv.some((a) => /^-[a-zA-Z]*R/.test(a) || a === '--recursive');
    if (!targets.some((t) => t === p || (recursive && p.startsWith(`${t}/`)))) continue;
    const next = applyMode(mode ?? 0o755, args[0]);
    if (next === null) unknown = true;
    else {
      mode = next;
      unknown = false;
    }
  }
  if (unknown) return undefined;
  return mode === null ? null : mode.toString(8).padStart(3, '0');
}

/** chmod's mode argument applied to a folder's mode; null when it cannot be read. */
function applyMode(current: number, spec: string): number | null {
  if (/^[0-7]{3,4}$/.test(spec)) return parseInt(spec, 8);
  let mode = current;
  for (const clause of spec.split(',')) {
    const m = /^([ugoa]*)([-+=])([rwxXst]*)$/.exec(clause);
    if (!m) return null;
    const who = m[1] === '' || m[1].includes('a') ? 'ugo' : m[1];
    let bits = 0;
    for (const w of who) {
      const shift = w === 'u' ? 6 : w === 'g' ? 3 : 0;
      for (const perm of m[3]) {
        if (perm === 'r') bits |= 4 << shift;
        if (perm === 'w') bits |= 2 << shift;
        if (perm === 'x' || perm === 'X') bits |= 1 << shift;
        if (perm === 's' && w === 'u') bits |= 0o4000;
        if (perm === 's' && w === 'g') bits |= 0o2000;
        if (perm === 't') bits |= 0o1000;
      }
    }
    if (m[2] === '+') mode |= bits;
    else if (m[2] === '-') mode &= ~bits;
    else {
      let clear = 0;
      for (const w of who) clear |= 7 << (w === 'u' ? 6 : w === 'g' ? 3 : 0);
      mode = (mode & ~clear) | bits;
    }
  }
  return mode;
}

/** Fills the runtime-stage template (the provider's own, or the shared one) with sections. */
function renderStage(provider: string, sections: Record<string, string[]>): string[] {
  const template =
    templateTextIfExists(`${provider}.runtime-stage.tmpl`) ?? templateText('runtime-stage.tmpl');
  const out: string[] = [];
  for (const line of template.split(/\r?\n/)) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const m = /^\{\{([\w-]+)\}\}$/.exec(line.trim());
    if (!m) out.push(line);
    else
      for (const item of sections[m[1]] ?? []) {
        // Carried instructions are the original's own text (continuations included); every
        // other line is made from values, which must not add an instruction of their own.
        if (m[1] !== 'carried') assertOneLine(item);
        out.push(item);
      }
  }
  return out;
}

/**
 * Copies from the builder of a path the build removed again (rm -rf /src after cp -R
 * templates /app): the original has nothing there, and COPY --from of it fails the build.
 */
function withoutRemoved(input: ProviderInput, plan: ProviderPlan): ProviderPlan {
  const gone = plan.copies.filter(
    (c) => c.from === input.builderName && removedByBuild(input.model, c.src),
  );
  if (gone.length === 0) return plan;
  return {
    ...plan,
    copies: plan.copies.filter((c) => !gone.includes(c)),
    notes: [
      ...plan.notes,
      ...gone.map((c) => `${c.src} is not copied: the build removes it, so the original has none`),
    ],
  };
}

export function assemble(
  input: ProviderInput,
  planIn: ProviderPlan,
  needs: StartNeeds,
  installed: InstalledPackages,
): Assembled | Decline {
  const wholesale = planIn.copies.find((c) => WHOLE_SYSTEM.test(path.posix.normalize(c.src)));
  if (wholesale) {
    return decline(
      'MSC007',
      `the build output would be ${wholesale.src}, a system folder that cannot be copied whole; write the build output to its own folder (for example /app).`,
    );
  }
  const placed = [...placedByStage(input, needs, planIn), ...namedByStart(input, needs, planIn)];
  const withPlaced = placed.length ? { ...planIn, copies: [...planIn.copies, ...placed] } : planIn;
  let made: CopySpec[];
  try {
    made = madeByStage(input, withPlaced);
  } catch (e) {
    if (!(e instanceof MadeModeUnknown)) throw e;
    return decline(
      'MSC020',
      `the build makes ${e.path} and gives it a mode msconvert cannot work out (a chmod through a variable or an unusual mode); the runtime would get it as 755. Write the mode as octal digits (chmod 1777 ${e.path}) and convert again.`,
    );
  }
  // A start command that runs a file the build wrote with echo or printf (not a heredoc,
  // whose text is read like a copied script) cannot be traced: its interpreter and the tools
  // it calls are unknown.
  const opaque = madePaths(input.model, input.files).filter(
    (m) => /redirect|tee/.test(m.how) && input.files.readByImagePath(m.path) === null,
  );
  for (const need of needs.commands) {
    if (!need.strict || !need.word.includes('/') || need.word.includes('$')) continue;
    const abs = path.posix.resolve(need.cwd, need.word);
    if (opaque.some((m) => m.path === abs)) {
      return decline(
        'MSC008',
        `${need.from} runs ${abs}, which the build writes with a shell command msconvert cannot read (echo, printf); write it with a heredoc or COPY it from the build context so that what it runs can be traced.`,
      );
    }
  }
  // A made folder that holds other copies replaces them: it is copied whole once.
  const inside = (c: CopySpec) => made.some((m) => c.dest.startsWith(`${m.dest}/`));
  const merged = made.length
    ? { ...withPlaced, copies: [...withPlaced.copies.filter((c) => !inside(c)), ...made] }
    : withPlaced;
  let plan = withoutRemoved(input, merged);
  let chosen: RuntimeCandidate | null = null;
  let result: Fit | null = null;
  let firstFailure: Fit | null = null;
  for (const c of plan.candidates) {
    const f = fit(input, plan, needs, installed, c);
    if (f.ok) {
      chosen = c;
      result = f;
      break;
    }
    firstFailure ??= f;
  }
  if (!chosen || !result) {
    const f = firstFailure as Fit;
    const last = plan.candidates[plan.candidates.length - 1];
    const lastFit = fit(input, plan, needs, installed, last);
    return decline(
      lastFit.code ?? f.code ?? 'MSC008',
      lastFit.reason ?? f.reason ?? 'no runtime image meets the needs',
    );
  }
  // What the chosen image brings with it (a jlink runtime's stage and copy) joins the plan.
  if (chosen.copies) plan = { ...plan, copies: [...chosen.copies, ...plan.copies] };
  const eol = input.parsed.eol;
  const model = input.model;
  const warnings = [...plan.warnings, ...result.warnings];
  const sections: Record<string, string[]> = { from: [`FROM ${chosen.image}`] };

  // ARGs and builder-image variables the carried instructions refer to.
  const carried = model.carried.filter((i) => i.keyword !== 'ARG');
  const refs = new Set<string>();
  for (const ins of carried) for (const v of referencedVariables(ins.raw)) refs.add(v);
  // Scripts the start runs rely on the builder image's environment too ($GOPATH/bin/app).
  for (const script of needs.scripts) for (const v of referencedVariables(script.text)) refs.add(v);
  const argLines: string[] = [];
  const seenArgs = new Set<string>();
  const envDefined = new Set<string>();
  for (const ins of carried)
    if (ins.keyword === 'ENV') for (const p of ins.pairs) envDefined.add(p.name);
  for (const v of refs) {
    const stageArg = model.stageArgs.get(v);
    if (stageArg) {
      if (!seenArgs.has(stageArg.raw)) argLines.push(stageArg.raw);
      seenArgs.add(stageArg.raw);
    } else if (model.globalArgNames.has(v) && !envDefined.has(v)) {
      argLines.push(`ARG ${v}`);
    }
  }
  sections.args = argLines;
  const builderEnv = images().builders[builderKey(model.image.name, model.image.tag)]?.env ?? {};
  sections['builder-env'] = [...refs]
    .filter(
      (v) =>
        v !== 'PATH' &&
        builderEnv[v] !== undefined &&
        !envDefined.has(v) &&
        !model.stageArgs.has(v),
    )
    .map((v) => `ENV ${v}=${builderEnv[v]}`);

  const owners = plan.copies
    .map((cp) => cp.chown ?? ownerOf(model, cp.dest))
    .filter((o): o is string => o !== null && !o.includes('$'));
  // Users the start switches to (gosu app, su-exec app:app, runuser -u app) must exist too.
  for (const need of needs.commands) {
    const [tool, ...args] = need.argv;
    const name = commandName(tool);
    let who: string | undefined;
    if (['gosu', 'su-exec', 'setuidgid', 's6-setuidgid'].includes(name)) who = args[0];
    else if (name === 'runuser' || name === 'chpst') who = args[args.indexOf('-u') + 1];
    if (who && !who.startsWith('-') && !who.includes('$') && args.includes(who)) owners.push(who);
  }
  const userSetup = users(input, chosen, plan.copyFrom, owners);
  for (const item of userSetup.warnings) warnings.push(item);
  sections['user-database'] = userSetup.lines.filter((l) => l.includes('/etc/'));
  sections['os-packages'] =
    result.packages.length > 0 && chosen.facts.packageManager
      ? [installLine(chosen.facts.packageManager, result.packages)]
      : [];
  sections['provider-run'] = plan.runLines;
  sections.home = userSetup.lines.filter((l) => !l.includes('/etc/'));
  const copyLines: string[] = (sections.copies = []);
  const copies = plan.copies.map((cp) => {
    const owner = cp.chown ? null : userSetup.ownerOf(cp.dest);
    return owner ? { ...cp, chown: owner } : cp;
  });
  // COPY --from makes the folder it copies 755 (and --chmod changes what is inside, not the
  // folder itself), but keeps the modes of what a copied folder holds: a folder whose mode
  // matters is put alone under a staging root in a stage derived from the builder, and
  // that root's copy of its parent is copied.
  const staged: string[] = [];
  for (const cp of copies) {
    let { src, dest } = cp;
    let from = cp.from;
    if (cp.chmod) {
      const root = `/made/${staged.length + 1}`;
      const parent = path.posix.dirname(cp.dest);
      const q = (p: string) => (/^[\w./-]+$/.test(p) ? p : `'${p.replace(/'/g, `'\\''`)}'`);
      const into = parent === '/' ? root : root + parent;
      staged.push(`mkdir -p ${q(into)} && cp -a ${q(cp.src)} ${q(into)}/`);
      from = MODES_STAGE;
      src = `${root}${parent === '/' ? '' : parent}/`;
      dest = parent === '/' ? '/' : `${parent}/`;
    }
    const flags = cp.chown ? ` --chown=${cp.chown}` : '';
    if (/\s/.test(src) || /\s/.test(dest)) {
      // Paths with spaces need the JSON form.
      const json = JSON.stringify([src, dest]).replace(/","/g, '", "');
      copyLines.push(`COPY --from=${from}${flags} ${json}`);
      continue;
    }
    copyLines.push(`COPY --from=${from}${flags} ${src} ${dest}`);
  }
  const modesStage = staged.length
    ? [
        `FROM ${input.builderName} AS ${MODES_STAGE}`,
        ...(model.user && !/^(root|0)(:.*)?$/.test(model.user) ? ['USER root'] : []),
        `RUN ${staged.join(` \\${eol}    && `)}`,
      ]
    : [];
  // Secrets the original image carried stay visible to the reviewer.
  const secrets = carriedSecrets(
    input.files,
    input.ctx,
    copies.filter((cp) => cp.from === input.builderName).map((cp) => cp.src),
  );
  if (secrets.length > 0) {
    const shown = secrets.slice(0, 5).join(', ') + (secrets.length > 5 ? ' ...' : '');
    warnings.push({
      code: 'MSC120',
      message: `the runtime image carries ${shown}, which look${secrets.length > 1 ? '' : 's'} like ${secrets.length > 1 ? 'secrets' : 'a secret'}; the original image carried ${secrets.length > 1 ? 'them' : 'it'} too. Keep secrets out of images (.dockerignore, build secrets, run-time environment).`,
    });
  }
  const workdir = model.cwd;
  sections.workdir = workdir !== chosen.facts.workdir ? [`WORKDIR ${workdir}`] : [];
  // A command the original found through its PATH (the golang image has /go/bin on it)
  // must be found the same way; a folder the original did not search is not added.
  const runtimePath = chosen.facts.path.split(':');
  const builderPath = (model.env.PATH ?? '').split(':');
  const carriedPath = carried.some(
    (i) => i.keyword === 'ENV' && i.pairs.some((p) => p.name === 'PATH'),
  );
  const extraDirs: string[] = [];
  if (!carriedPath) {
    for (const need of needs.commands) {
      if (need.word.includes('/')) continue;
      for (const e of plan.executables) {
        const dir = path.posix.basename(e) === need.word ? path.posix.dirname(e) : e;
        if (runtimePath.includes(dir) || extraDirs.includes(dir) || !builderPath.includes(dir)) {
          continue;
        }
        extraDirs.push(dir);
      }
    }
  }
  sections.path = extraDirs.length > 0 ? [`ENV PATH=${extraDirs.join(':')}:$PATH`] : [];
  sections.runtime = [...(chosen.lines ?? [])];
  // An image that starts its own program (distroless java's `java -jar`) would run the
  // original's CMD as that program's arguments: cleared, CMD runs as it did in the original.
  if (chosen.facts.entrypoint?.length && !model.entrypoint) sections.runtime.push('ENTRYPOINT []');
  sections.carried = carried.map((ins) => ins.raw);
  const lines = renderStage(plan.language, sections);

  const stages = [
    ...plan.extraStages.map((s) => s.join(eol)),
    ...(chosen.stages ?? []).map((s) => s.join(eol)),
    ...(modesStage.length ? [modesStage.join(eol)] : []),
    lines.join(eol),
  ];
  const appended = stages.join(eol + eol) + eol;
  return {
    runtime: chosen,
    appended,
    builderEdits: plan.builderEdits,
    copies,
    packages: result.packages,
    dropped: result.dropped,
    warnings,
    notes: plan.notes,
  };
}
