// OS packages the stage installs (apt-get, apt, apk), split into what only served the
// build and what the running container may need.
import { packages as packageData } from '../data';
import type { StageModel } from './stage';

export type PackageManager = 'apt' | 'apk';

export interface InstalledPackages {
  manager: PackageManager | null;
  names: string[];
  /** Packages come from an apt source or repository the stage added itself. */
  customSource: boolean;
  /** An install line names packages through variables msconvert could not resolve. */
  dynamic: boolean;
  /** Packages removed again later in the stage (apt-get purge / apk del). */
  removed: string[];
  /** A package manager msconvert cannot carry into a runtime stage (yum, dnf, zypper ...). */
  unsupported: string | null;
}

const SOURCE_HINTS =
  /sources\.list|apt-key|add-apt-repository|signed-by|\/etc\/apk\/repositories|deb\.nodesource|setup_\d+\.x|dpkg -i|\.deb\b/;

export function installedPackages(model: StageModel): InstalledPackages {
  const out: InstalledPackages = {
    manager: null,
    names: [],
    customSource: false,
    dynamic: false,
    removed: [],
    unsupported: null,
  };
  // apk add --virtual NAME pkgs ... apk del NAME removes pkgs again.
  const virtual = new Map<string, string[]>();
  for (const run of model.runs) {
    if (SOURCE_HINTS.test(run.text)) out.customSource = true;
    for (const c of run.commands) {
      const [tool, sub, ...rest] = c.argv;
      if (
        ['yum', 'dnf', 'microdnf', 'zypper', 'tdnf'].includes(tool) &&
        ['install', 'in'].includes(sub)
      ) {
        out.unsupported = tool;
      } else if (tool === 'pacman' && /^-S/.test(sub ?? '')) out.unsupported = tool;
      let names: string[] | null = null;
      if ((tool === 'apt-get' || tool === 'apt' || tool === 'aptitude') && sub === 'install') {
        out.manager = 'apt';
        names = rest;
      } else if ((tool === 'apt-get' || tool === 'apt') && (sub === 'purge' || sub === 'remove')) {
        for (const item of rest.filter((w) => !w.startsWith('-'))) out.removed.push(item);
      } else if (tool === 'apk' && sub === 'add') {
        out.manager = 'apk';
        names = [];
        let group: string | null = null;
        for (let i = 0; i < rest.length; i++) {
          const w = rest[i];
          // --virtual NAME groups packages under NAME; the group name is not a package.
          if (w === '--virtual' || w === '-t') group = rest[i + 1] ?? null;
          if (w === '--virtual' || w === '-t' || w === '--repository' || w === '-X') {
            i++;
            continue;
          }
          names.push(w);
        }
        if (group)
          virtual.set(
            group,
            names.flatMap((w) => w.split(/\s+/)),
          );
      } else if (tool === 'apk' && sub === 'del') {
        for (const item of rest.filter((w) => !w.startsWith('-')))
          for (const p of virtual.get(item) ?? [item]) out.removed.push(p);
      }
      if (!names) continue;
      if (c.argv.some((w) => w.includes('--repository') || w === '-X')) out.customSource = true;
      // A variable that held several names ($PHPIZE_DEPS) expands to one word.
      for (const w of names.flatMap((x) => x.split(/\s+/).filter(Boolean))) {
        if (w.startsWith('-')) continue;
        if (w.includes('$') || w.includes('`')) {
          out.dynamic = true;
          continue;
        }
        // name=version, name:arch, name/release
        const name = w.replace(/[=:/].*$/, '');
        if (name && !out.names.includes(name)) out.names.push(name);
      }
    }
  }
  return out;
}

export interface PackageSplit {
  runtime: string[];
  buildOnly: string[];
  /** -dev packages with no known run-time library: a native link msconvert cannot place. */
  unknownDev: string[];
}

const COMPILERS = new Set([
  'gcc',
  'g++',
  'make',
  'build-essential',
  'build-base',
  'clang',
  'alpine-sdk',
]);

export function splitPackages(
  names: string[],
  manager: PackageManager,
  codename: string | null,
  /** True when nothing in the image can link a native library (a static Go binary). */
  staticArtifact = false,
): PackageSplit {
  const data = packageData();
  const buildOnly = new Set(data.buildOnly);
  const withCompiler = names.some((n) => COMPILERS.has(n));
  const split: PackageSplit = { runtime: [], buildOnly: [], unknownDev: [] };
  const add = (list: string[], v: string) => {
    for (const p of v.split(' ')) if (!list.includes(p)) list.push(p);
  };
  for (const n of names) {
    if (buildOnly.has(n) || (withCompiler && data.buildOnlyWhenWithCompiler.includes(n))) {
      split.buildOnly.push(n);
      continue;
    }
    const isDev = /-(dev|devel)$/.test(n) || (manager === 'apk' && n.endsWith('-dev'));
    if (!isDev) {
      add(split.runtime, n);
      continue;
    }
    split.buildOnly.push(n);
    if (staticArtifact) continue;
    const mapped = manager === 'apk' ? data.apkDevToRuntime[n] : data.devToRuntime[n];
    if (mapped === undefined) split.unknownDev.push(n);
    else if (typeof mapped === 'string') add(split.runtime, mapped);
    else {
      const v = mapped[codename ?? 'bookworm'] ?? mapped.bookworm;
      if (v) add(split.runtime, v);
      else split.unknownDev.push(n);
    }
  }
  return split;
}

/** The package that provides a command, for the given package manager. */
export function packageForCommand(cmd: string, manager: PackageManager): string | null {
  return packageData().commands[manager][cmd] ?? null;
}

/** One RUN line that installs packages in the runtime stage, cleaning up after itself. */
export function installLine(manager: PackageManager, names: string[]): string {
  const list = names.join(' ');
  if (manager === 'apk') return `RUN apk add --no-cache ${list}`;
  return `RUN apt-get update && apt-get install -y --no-install-recommends ${list} && rm -rf /var/lib/apt/lists/*`;
}
