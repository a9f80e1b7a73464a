// The shared half of planning: whatever the language, pick the runtime image that meets
// every need (shell, OS packages, the commands the container runs, users), then write the
// runtime stage. Providers say what to copy; this module decides how it must run.
import * as path from 'path';
import type { Warning } from './codes';
import type { InstalledPackages } from './analysis/packages';
import {
  installLine,
  packageForCommand,
  splitPackages,
  type PackageManager,
} from './analysis/packages';
import type { StartNeeds } from './analysis/needs';
import { referencedVariables, type StageModel } from './analysis/stage';
import { commandName } from './shell';
import { builderKey } from './analysis/image';
import { images, packages as packageData, templateText, templateTextIfExists } from './templates';
import {
  decline,
  type CopySpec,
  type Decline,
  type ProviderInput,
  type ProviderPlan,
  type RuntimeCandidate,
  type TextEdit,
} from './plan';
import { assertOneLine } from './values';

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

/** Users: USER names the runtime does not know come with the builder's user database. */
function users(input: ProviderInput, c: RuntimeCandidate, copyFrom: string): UserSetup {
  const { model } = input;
  const out: UserSetup = { lines: [], ownerOf: (p) => ownerOf(model, p), warnings: [] };
  const user = model.user;
  if (!user || /^(root|0)(:(root|0))?$/.test(user)) return out;
  const [name, group] = user.split(':');
  const numeric = /^\d+$/.test(name) && (!group || /^\d+$/.test(group));
  const known =
    c.facts.users.includes(name) &&
    (!group || c.facts.users.includes(group) || /^\d+$/.test(group));
  if (!numeric && !known) {
    out.lines.push(
      `COPY --from=${input.builderName} /etc/passwd /etc/passwd`,
      `COPY --from=${input.builderName} /etc/group /etc/group`,
    );
    out.warnings.push({
      code: 'MSC107',
      message: `the user ${name} is created in the builder; the runtime takes its /etc/passwd and /etc/group so that USER ${user} means the same user.`,
    });
    const home = homeOf(model, name);
    if (home) out.lines.push(`COPY --from=${copyFrom} --chown=${user} ${home} ${home}`);
  }
  // Folders the original handed to a user keep that owner (COPY --from makes the top folder
  // root's otherwise): a chown of that path, a COPY --chown to it, a WORKDIR made as the user.
  out.ownerOf = (p: string) => ownerOf(model, p);
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

/** Folders a runtime stage must never take whole from the builder. */
const WHOLE_SYSTEM =
  /^\/((usr|usr\/local|var|etc|bin|sbin|lib|lib64|opt|home|root|srv|usr\/lib|usr\/bin|usr\/sbin|usr\/local\/bin|usr\/local\/lib|usr\/share)\/?)?$/;

const SCRATCH_DIRS =
  /^\/(tmp|var\/tmp|var\/cache|var\/lib\/apt|var\/lib\/dpkg|root\/\.cache|root\/\.npm|root\/\.cache|go\/pkg|usr\/local\/go|proc|sys|dev|run)(\/|$)/;

/**
 * Folders and files the original made with mkdir or touch outside what is copied anyway
 * (a /data folder the app writes to): copied too.
 */
function madeByStage(input: ProviderInput, plan: ProviderPlan): CopySpec[] {
  const out: CopySpec[] = [];
  const { model, files } = input;
  const covered = (p: string) =>
    plan.copies.some((c) => p === c.dest || p.startsWith(`${c.dest}/`));
  const sources = [...files.targets(), ...model.runs.map((r) => r.workdir)];
  const commands = model.runs.flatMap((r) => r.commands);
  for (const c of commands) {
    const tool = commandName(c.argv[0]);
    if (tool !== 'mkdir' && tool !== 'touch') continue;
    for (const a of c.argv.slice(1)) {
      if (a.startsWith('-') || /[$*?{`]/.test(a)) continue;
      const abs = path.posix.resolve(c.cwd, a);
      if (abs === '/' || SCRATCH_DIRS.test(abs) || covered(abs)) continue;
      // Source folders the build reads (a WORKDIR, a COPY target) are not runtime data.
      if (sources.some((t) => t === abs || t.startsWith(`${abs}/`))) continue;
      if (
        /^\/(usr|etc|bin|sbin|lib|lib64|var\/lib)(\/|$)/.test(abs) &&
        tool === 'mkdir' &&
        !ownerOf(model, abs)
      )
        continue;
      if (out.some((o) => abs === o.dest || abs.startsWith(`${o.dest}/`))) continue;
      // The owner a chown gave it is applied with every other copy's (ownerOf below).
      out.push({
        from: input.builderName,
        src: abs,
        dest: abs,
        why: `made by ${tool} in the original`,
      });
    }
  }
  return out;
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
  const placed = placedByStage(input, needs, planIn);
  const withPlaced = placed.length ? { ...planIn, copies: [...planIn.copies, ...placed] } : planIn;
  const made = madeByStage(input, withPlaced);
  // A made folder that holds other copies replaces them: it is copied whole once.
  const inside = (c: CopySpec) => made.some((m) => c.dest.startsWith(`${m.dest}/`));
  const plan = made.length
    ? { ...withPlaced, copies: [...withPlaced.copies.filter((c) => !inside(c)), ...made] }
    : withPlaced;
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
  const eol = input.parsed.eol;
  const model = input.model;
  const warnings = [...plan.warnings, ...result.warnings];
  const sections: Record<string, string[]> = { from: [`FROM ${chosen.image}`] };

  // ARGs and builder-image variables the carried instructions refer to.
  const carried = model.carried.filter((i) => i.keyword !== 'ARG');
  const refs = new Set<string>();
  for (const ins of carried) for (const v of referencedVariables(ins.raw)) refs.add(v);
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

  const userSetup = users(input, chosen, plan.copyFrom);
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
  for (const cp of copies) {
    if (/\s/.test(cp.src) || /\s/.test(cp.dest)) {
      // Paths with spaces need the JSON form.
      const json = JSON.stringify([cp.src, cp.dest]).replace(/","/g, '", "');
      copyLines.push(`COPY --from=${cp.from}${cp.chown ? ` --chown=${cp.chown}` : ''} ${json}`);
      continue;
    }
    copyLines.push(
      `COPY --from=${cp.from}${cp.chown ? ` --chown=${cp.chown}` : ''} ${cp.src} ${cp.dest}`,
    );
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
  sections.carried = carried.map((ins) => ins.raw);
  const lines = renderStage(plan.language, sections);

  const stages = [...plan.extraStages.map((s) => s.join(eol)), lines.join(eol)];
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
