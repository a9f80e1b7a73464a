// The run-time OS packages for the libraries the build's -sys crates link (openssl-sys ->
// libssl3): from Cargo.lock when the context has it, else judged from the direct
// dependencies in Cargo.toml, with a warning that the check is partial.
import * as path from 'path';
import type { Warning } from '../../codes';
import { packages as packageData } from '../../data';
import {
  parseToml,
  tomlString,
  tomlStrings,
  tomlTable,
  tomlTables,
  type Toml,
} from '../../readers/toml';
import { decline, type Decline } from '../contract';
import { data, type Context, type Manifest, type SysCrate } from './types';

/** The package names in the workspaces' Cargo.lock files, or null when none is readable. */
function lockedNames(ctx: Context): Set<string> | null {
  let locked = false;
  const names = new Set<string>();
  for (const root of ctx.roots.values()) {
    const text = ctx.input.files.readByImagePath(path.posix.join(root.dir, 'Cargo.lock'));
    const lock = text === null ? null : parseToml(text);
    if (!lock) continue;
    locked = true;
    for (const p of tomlTables(lock.package)) if (tomlString(p.name)) names.add(p.name as string);
  }
  return locked ? names : null;
}

/** The dependency tables of a manifest that end up in the binary. */
function depTables(m: Manifest): Toml[] {
  const out: Toml[] = [];
  const deps = tomlTable(m.toml.dependencies);
  if (deps) out.push(deps);
  for (const t of Object.values(tomlTable(m.toml.target) ?? {})) {
    const targetDeps = tomlTable(tomlTable(t)?.dependencies);
    if (targetDeps) out.push(targetDeps);
  }
  const ws = tomlTable(tomlTable(m.toml.workspace)?.dependencies);
  if (ws) out.push(ws);
  return out;
}

/** The -sys crates Cargo.lock lists that msconvert knows, and a warning for unknown ones. */
function sysFromLock(names: Set<string>, warnings: Warning[]): Map<string, string> {
  const d = data();
  const sys = new Map<string, string>(); // crate -> why
  for (const n of names) if (d.sysCrates[n]) sys.set(n, `${n} in Cargo.lock`);
  const unknown = [...names].filter(
    (n) =>
      /[-_]sys$/.test(n) &&
      !d.sysCrates[n] &&
      !d.staticSysCrates.includes(n) &&
      !d.pureSysCrates.includes(n),
  );
  if (unknown.length > 0) {
    warnings.push({
      code: 'MSC105',
      message: `Cargo.lock has ${unknown.join(', ')}, which may link an OS library msconvert does not know; if the binary stops with "error while loading shared libraries", install that library in the runtime stage.`,
    });
  }
  return sys;
}

/** Without Cargo.lock: the -sys crates well-known direct dependencies pull in. */
function sysFromManifests(manifests: Manifest[], warnings: Warning[]): Map<string, string> {
  const d = data();
  const sys = new Map<string, string>();
  let any = false;
  for (const m of manifests) {
    for (const t of depTables(m)) {
      for (const [dep, spec] of Object.entries(t)) {
        any = true;
        const s = tomlTable(spec);
        const real = tomlString(s?.package) ?? dep;
        const implied = d.impliedByDependency[real];
        if (implied && !(real === 'reqwest' && s?.['default-features'] === false))
          sys.set(implied, `${real} in Cargo.toml`);
        if (real === 'diesel') {
          for (const f of tomlStrings(s?.features))
            if (d.dieselFeatures[f]) sys.set(d.dieselFeatures[f], `diesel with ${f}`);
        }
      }
    }
  }
  if (any) {
    warnings.push({
      code: 'MSC105',
      message:
        'Cargo.lock is not in the build context, so msconvert judged the OS libraries the binary links from the direct dependencies only; commit Cargo.lock (and copy it in) for a complete check.',
    });
  }
  return sys;
}

/** The run-time package of a -sys crate's library for apt or apk, or null when unknown. */
function runtimePackage(info: SysCrate, family: 'apt' | 'apk', codename: string | null) {
  const pk = packageData();
  if (family === 'apk')
    return info.apkRuntime ?? (info.apkDev ? (pk.apkDevToRuntime[info.apkDev] ?? null) : null);
  if (info.runtime) return info.runtime;
  if (!info.dev) return null;
  const mapped = pk.devToRuntime[info.dev];
  return typeof mapped === 'string'
    ? mapped
    : mapped
      ? (mapped[codename ?? 'bookworm'] ?? null)
      : null;
}

/** Run-time OS packages for the libraries the -sys crates in the build link. */
export function nativeLibraries(
  ctx: Context,
  family: 'apt' | 'apk',
  codename: string | null,
  warnings: Warning[],
): { packages: string[]; notes: string[] } | Decline {
  const d = data();
  const locked = lockedNames(ctx);
  const lockNames = locked ?? new Set<string>();
  const manifests = [...ctx.manifests.values(), ...ctx.roots.values()];
  const specs = (dep: string): Toml[] =>
    manifests.flatMap((m) =>
      depTables(m)
        .map((t) => tomlTable(t[dep]))
        .filter((x): x is Toml => !!x),
    );
  const sys = locked ? sysFromLock(locked, warnings) : sysFromManifests(manifests, warnings);
  const out: string[] = [];
  const notes: string[] = [];
  for (const [crate, why] of sys) {
    const info = d.sysCrates[crate];
    if ((info.vendoredBy ?? []).some((v) => lockNames.has(v))) continue;
    const vendored = Object.entries(info.vendoredFeatures ?? {}).some(([dep, feat]) =>
      specs(dep).some((s) => tomlStrings(s.features).includes(feat)),
    );
    if (vendored) continue;
    const runtime = runtimePackage(info, family, codename);
    if (!runtime) {
      return decline(
        'MSC009',
        `the binary links the library of ${crate} (${why}), and msconvert knows no ${family} run-time package for it; add it to the runtime stage by hand.`,
      );
    }
    for (const p of runtime.split(' ')) if (!out.includes(p)) out.push(p);
    notes.push(`links ${runtime} (${why})`);
  }
  return { packages: out, notes };
}
