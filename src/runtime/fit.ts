// Whether one runtime candidate meets every need of the app (the OS packages the original
// installed for run time, the files the provider ensures, a shell, the commands the
// container runs), and which OS packages it must install to do so; then the first candidate
// that fits, smallest first.
import * as path from 'path';
import type { Warning } from '../codes';
import type { InstalledPackages } from '../analysis/packages';
import { packageForCommand, splitPackages, type PackageManager } from '../analysis/packages';
import type { StartNeeds } from '../analysis/needs';
import { commandName } from '../shell';
import { images, packages as packageData } from '../data';
import {
  decline,
  type Decline,
  type ProviderPlan,
  type RuntimeCandidate,
} from '../providers/contract';

export interface Fit {
  ok: boolean;
  reason?: string;
  code?: 'MSC008' | 'MSC009';
  packages: string[];
  /** OS packages of the original that stay in the builder. */
  dropped: string[];
  warnings: Warning[];
}

interface Failure {
  code: 'MSC008' | 'MSC009';
  reason: string;
}

/** What one candidate is found to need while the checks run. */
interface Fitting {
  c: RuntimeCandidate;
  pm: PackageManager | null;
  ships: Set<string>;
  pkgs: string[];
  dropped: string[];
  warnings: Warning[];
  want: (p: string) => void;
}

function baseCommands(c: RuntimeCandidate): Set<string> {
  const out = new Set<string>(c.commands);
  if (c.facts.packageManager === 'apt') for (const x of images().debian.slimCommands) out.add(x);
  if (c.facts.packageManager === 'apk')
    for (const x of packageData().alpineBaseCommands) out.add(x);
  return out;
}

function fitting(plan: ProviderPlan, c: RuntimeCandidate): Fitting {
  // Debian slim images ship tzdata up to bookworm; trixie dropped it.
  const ships = new Set(c.facts.ships);
  if (c.facts.packageManager === 'apt' && plan.codename !== 'trixie') ships.add('tzdata');
  const pkgs: string[] = [];
  const want = (p: string) => {
    if (!pkgs.includes(p) && !ships.has(p)) pkgs.push(p);
  };
  return { c, pm: c.facts.packageManager, ships, pkgs, dropped: [], warnings: [], want };
}

/** OS packages the original installed that the app may use at run time. */
function installedPackages(
  f: Fitting,
  plan: ProviderPlan,
  installed: InstalledPackages,
): Failure | null {
  if (installed.manager && installed.names.length > 0) {
    const split = splitPackages(
      installed.names,
      installed.manager,
      plan.codename,
      plan.staticArtifact,
    );
    // What the candidate already ships needs no package manager (ca-certificates on distroless).
    const buildOnly = plan.buildOnlyPackages ?? [];
    const runtime = split.runtime.filter(
      (p) => !installed.removed.includes(p) && !f.ships.has(p) && !buildOnly.includes(p),
    );
    for (const item of split.buildOnly) f.dropped.push(item);
    for (const item of split.runtime) if (buildOnly.includes(item)) f.dropped.push(item);
    if (split.unknownDev.length > 0) {
      return {
        code: 'MSC009',
        reason: `the build links ${split.unknownDev.join(', ')}, and msconvert knows no run-time package for ${split.unknownDev.length > 1 ? 'them' : 'it'}; add the library package to the runtime stage by hand.`,
      };
    }
    if (runtime.length > 0) {
      if (installed.customSource) {
        return {
          code: 'MSC009',
          reason: `the image installs ${runtime.join(', ')} from a package source it adds itself, which a runtime stage would have to repeat.`,
        };
      }
      if (f.pm !== installed.manager) {
        return {
          code: 'MSC009',
          reason: `the app needs ${runtime.join(', ')} (${installed.manager} packages), which ${f.c.image} cannot install.`,
        };
      }
      runtime.forEach(f.want);
    }
  }
  if (installed.unsupported) {
    return {
      code: 'MSC009',
      reason: `the image installs OS packages with ${installed.unsupported}, which msconvert cannot carry into a runtime stage (it handles apt and apk).`,
    };
  }
  if (installed.dynamic) {
    return {
      code: 'MSC009',
      reason:
        'an install line names its OS packages through a variable, so msconvert cannot tell which ones the app needs at run time.',
    };
  }
  return null;
}

/** Files the app relies on (CA certificates, time zones). */
function ensured(f: Fitting, plan: ProviderPlan): Failure | null {
  for (const p of plan.ensure) {
    if (f.ships.has(p)) continue;
    if (!f.pm) return { code: 'MSC009', reason: `${f.c.image} lacks ${p}` };
    f.want(p);
  }
  return null;
}

/** A shell, and the shells the start names. */
function shells(f: Fitting, needs: StartNeeds): Failure | null {
  if (!needs.shell) return null;
  if (!f.c.facts.shell) return { code: 'MSC008', reason: `${f.c.image} has no shell` };
  for (const sh of needs.shells) {
    if (sh === 'bash' && f.pm === 'apk') f.want('bash');
    else if (!['sh', 'bash', 'dash', 'ash'].includes(sh)) {
      const p = f.pm ? (packageForCommand(sh, f.pm) ?? sh) : null;
      if (!p) return { code: 'MSC008', reason: `${f.c.image} has no ${sh}` };
      f.want(p);
    }
  }
  return null;
}

/** The commands the container runs: in the image, copied, or installed from a package. */
function startCommands(f: Fitting, plan: ProviderPlan, needs: StartNeeds): Failure | null {
  const { c, pm } = f;
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
    if (plan.vouched.includes(word) || c.vouched?.includes(word)) continue;
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
          code: 'MSC008',
          reason: `${need.from} runs \`${word}\`, a path msconvert cannot trace to a build output or a copied file.`,
        };
      }
      continue;
    }
    if (standardDir && have.has(name)) continue;
    const pkg = pm ? packageForCommand(name, pm) : null;
    if (pkg) {
      f.want(pkg);
      f.warnings.push({
        code: 'MSC110',
        message: `${need.from} runs ${name}, so the runtime installs ${pkg}.`,
      });
      continue;
    }
    // CMD ["node", "x.js"] with a stray character is not JSON, and Docker runs it through a
    // shell: its first word is "[node,", which fails in the original as well.
    if (need.strict && /^\[./.test(word)) {
      return {
        code: 'MSC008',
        reason: `${need.from} is not a valid JSON array, so Docker runs it through a shell and its first word is \`${word}\`, which fails in the original too; write it as JSON (["node", "server.js"]) and convert again.`,
      };
    }
    if (need.strict) {
      return {
        code: 'MSC008',
        reason: `${need.from} runs \`${word}\`, which msconvert cannot trace to a build output, a copied file or a package of ${c.image}.`,
      };
    }
  }
  return null;
}

/** Checks one candidate against every need; collects the OS packages it must install. */
export function fit(
  plan: ProviderPlan,
  needs: StartNeeds,
  installed: InstalledPackages,
  c: RuntimeCandidate,
): Fit {
  const f = fitting(plan, c);
  let failure =
    installedPackages(f, plan, installed) ??
    ensured(f, plan) ??
    shells(f, needs) ??
    startCommands(f, plan, needs);
  if (!failure && f.pkgs.length > 0 && !f.pm)
    failure = { code: 'MSC009', reason: `${c.image} cannot install ${f.pkgs.join(', ')}` };
  if (failure)
    return { ok: false, ...failure, packages: [], dropped: f.dropped, warnings: f.warnings };
  return { ok: true, packages: f.pkgs, dropped: f.dropped, warnings: f.warnings };
}

/**
 * The first candidate (smallest first) that meets every need, with what it must install;
 * when none does, the decline says why the last, most capable one does not.
 */
export function chooseRuntime(
  plan: ProviderPlan,
  needs: StartNeeds,
  installed: InstalledPackages,
): { chosen: RuntimeCandidate; fit: Fit } | Decline {
  let firstFailure: Fit | null = null;
  // A smaller image passed over says why, after the reason the chosen one won.
  const passed: string[] = [];
  for (const c of plan.candidates) {
    const f = fit(plan, needs, installed, c);
    if (f.ok) {
      const why = passed.length ? `${c.why}; passed over ${passed.join('; ')}` : c.why;
      return { chosen: { ...c, why }, fit: f };
    }
    firstFailure ??= f;
    passed.push(`${c.image}: ${f.reason}`);
  }
  const f = firstFailure as Fit;
  const last = plan.candidates[plan.candidates.length - 1];
  const lastFit = fit(plan, needs, installed, last);
  return decline(
    lastFit.code ?? f.code ?? 'MSC008',
    lastFit.reason ?? f.reason ?? 'no runtime image meets the needs',
  );
}
