// Gemfile.lock: the gems a bundle holds (name, version, platform), and from them the OS
// libraries their extensions link that the full ruby image ships with its -dev packages and
// the slim one lacks (data/ruby.json `nativeGems`).
import type { PerRelease, RubyData } from './types';

export interface LockedGem {
  name: string;
  version: string;
  /** x86_64-linux, arm64-darwin ...; null for a gem built from source (the ruby platform). */
  platform: string | null;
}

export interface Lockfile {
  gems: LockedGem[];
  /** Gems named in DEPENDENCIES (the Gemfile's own). */
  dependencies: string[];
}

const PLATFORM = /-(x86_64|aarch64|arm64|x86|arm|universal|java|mingw|mswin|i386|i686|x64)[\w.-]*$/;

/** Reads a Gemfile.lock; null when the text is not one. */
export function readLockfile(text: string): Lockfile | null {
  const gems: LockedGem[] = [];
  const dependencies: string[] = [];
  let section = '';
  let inSpecs = false;
  let found = false;
  for (const raw of text.split(/\r?\n/)) {
    if (/^[A-Z][A-Z ]*$/.test(raw)) {
      section = raw.trim();
      inSpecs = false;
      found = true;
      continue;
    }
    if (raw.trim() === 'specs:') {
      inSpecs = true;
      continue;
    }
    if (inSpecs && ['GEM', 'PATH', 'GIT'].includes(section)) {
      // Specs are indented four spaces, their dependencies six.
      const m = /^ {4}([A-Za-z0-9_.-]+) \(([^)]+)\)\s*$/.exec(raw);
      if (m) {
        const full = m[2];
        const p = PLATFORM.exec(full);
        gems.push({
          name: m[1],
          version: p ? full.slice(0, p.index) : full,
          platform: p ? full.slice(p.index + 1) : null,
        });
      }
    } else if (section === 'DEPENDENCIES') {
      const m = /^ {2}([A-Za-z0-9_.-]+)/.exec(raw);
      if (m) dependencies.push(m[1]);
    }
  }
  return found ? { gems, dependencies } : null;
}

function pick(p: PerRelease, codename: string): string | null {
  if (typeof p === 'string') return p;
  return p[codename] ?? p.bookworm ?? null;
}

export interface NativeLibraries {
  packages: string[];
  /** One line per gem, for the notes and the warning. */
  because: string[];
}

/**
 * The run-time packages the bundle's native gems need on a slim or Alpine runtime. A gem
 * present only as a precompiled platform gem that bundles its library needs nothing.
 */
export function nativeLibraries(
  lock: Lockfile,
  data: RubyData,
  family: 'debian' | 'alpine',
  codename: string,
  nokogiriSystem: boolean,
): NativeLibraries {
  const out: NativeLibraries = { packages: [], because: [] };
  const add = (gem: string, pkgs: string[]) => {
    const fresh = pkgs.filter((p) => !out.packages.includes(p));
    for (const p of fresh) out.packages.push(p);
    if (pkgs.length) out.because.push(`${gem} links ${pkgs.join(', ')}`);
  };
  const seen = new Set<string>();
  for (const g of lock.gems) {
    const spec = data.nativeGems[g.name];
    if (!spec || seen.has(g.name)) continue;
    const sourceBuilt = lock.gems.some((x) => x.name === g.name && x.platform === null);
    if (spec.onlyRubyPlatform && !sourceBuilt) continue;
    seen.add(g.name);
    const pkgs =
      family === 'alpine'
        ? spec.alpine
        : spec.debian.map((p) => pick(p, codename)).filter((p): p is string => !!p);
    add(g.name, pkgs);
  }
  if (nokogiriSystem && lock.gems.some((g) => g.name === 'nokogiri' && g.platform === null))
    add('nokogiri (built with the system libraries)', data.nokogiriSystemLibraries[family]);
  return out;
}

/** Executables the bundle's gems install, by name (puma, rails, rackup ...). */
export function gemExecutables(lock: Lockfile, data: RubyData): Set<string> {
  const out = new Set<string>();
  for (const g of lock.gems) {
    out.add(g.name);
    for (const e of data.gemExecutables[g.name] ?? []) out.add(e);
  }
  return out;
}

/** The gems a Gemfile names (`gem "puma"`), for when there is no Gemfile.lock. */
export function gemfileGems(text: string): Lockfile {
  const gems: LockedGem[] = [];
  for (const m of text.matchAll(/^\s*gem\s+["']([A-Za-z0-9_.-]+)["']/gm))
    gems.push({ name: m[1], version: '', platform: null });
  return { gems, dependencies: gems.map((g) => g.name) };
}
