// OS libraries the full python image ships that the slim one lacks: those packages load at
// run time (psycopg2 -> libpq5), those a local C extension links, and the commands the app's
// source starts. Packages compiled from source against unknown libraries are declined.
import * as path from 'path';
import type { ImageRef } from '../../analysis/image';
import { compiledLibraries, runtimePackageForLibrary } from '../../analysis/native';
import { installedPackages } from '../../analysis/packages';
import { spawnedCommands } from '../../analysis/spawned';
import { packages } from '../../data';
import { decline, type Decline, type ProviderInput } from '../contract';
import type { Manifests } from './manifests';
import { norm } from './names';
import type { PythonData, Walk } from './types';

/** The Debian packages the slim runtime needs, with a note for each, or the decline. */
export function runtimeLibraries(
  input: ProviderInput,
  w: Walk,
  manifests: Manifests,
  codename: string | null,
  image: ImageRef,
  d: PythonData,
): { ensure: string[]; notes: string[] } | Decline {
  const out = { ensure: [] as string[], notes: [] as string[] };
  const ensure = (p: string) => {
    if (!out.ensure.includes(p)) out.ensure.push(p);
  };
  moduleLibraries(manifests, codename, d, ensure, out.notes);
  const compiled = extensionLibraries(input, w, codename, image, d, ensure, out.notes);
  if (compiled) return compiled;
  const apt = packages().commands.apt;
  for (const cmd of spawnedCommands(input.ctx, 'py')) {
    const pkg = d.builderTools.includes(cmd) ? apt[cmd] : undefined;
    if (pkg && !out.ensure.includes(pkg)) {
      ensure(pkg);
      out.notes.push(`the source runs ${cmd}, which ${image.resolved} had: ${pkg} is installed`);
    }
  }
  return out;
}

/** Libraries the installed distributions load (data/python.json nativeModules). */
function moduleLibraries(
  manifests: Manifests,
  codename: string | null,
  d: PythonData,
  ensure: (p: string) => void,
  notes: string[],
): void {
  const release = (p: string | Record<string, string>): string =>
    typeof p === 'string' ? p : (p[codename ?? d.defaultCodename] ?? p.bookworm);
  for (const [name, mod] of Object.entries(d.nativeModules)) {
    const extras = manifests.deps.get(name);
    if (!extras) continue;
    if ((mod.unless ?? []).some((u) => manifests.deps.has(u))) continue;
    if ((mod.unlessExtras ?? []).some((e) => extras.has(e))) continue;
    for (const p of mod.packages) {
      const v = release(p);
      if (v) ensure(v);
    }
    notes.push(`${name} loads ${mod.packages.map(release).join(', ')} at run time`);
  }
}

/**
 * Packages compiled from source on the full image link libraries whose headers came with it
 * (libpq, libxml2 ...), which the slim runtime lacks: the libraries a local C extension
 * names are installed; what cannot be read is accepted only when the Dockerfile names the
 * -dev packages itself (the shared planner installs their run-time twins).
 */
function extensionLibraries(
  input: ProviderInput,
  w: Walk,
  codename: string | null,
  image: ImageRef,
  d: PythonData,
  ensure: (p: string) => void,
  notes: string[],
): Decline | null {
  const explicitDev = installedPackages(input.model).names.filter((n) => /-dev(el)?$/.test(n));
  const unsure: string[] = [];
  const projects = new Set<string>(w.wheels);
  for (const inst of w.installs) if (inst.project) projects.add(inst.project);
  for (const dir of projects) {
    const at = (n: string) => input.files.readByImagePath(path.posix.join(dir, n));
    const compiled = compiledLibraries(at('setup.py'), at('pyproject.toml'));
    if (!compiled) continue;
    if (compiled.libraries === null) {
      unsure.push(`the project in ${dir}`);
      continue;
    }
    for (const lib of compiled.libraries) {
      const pkg = runtimePackageForLibrary(lib, codename);
      if (pkg === null) {
        return decline(
          'MSC009',
          `the project in ${dir} compiles a C extension that links ${lib}, and msconvert knows no run-time package for it; install that library in a hand-written runtime stage.`,
        );
      }
      for (const p of pkg.split(' ').filter(Boolean)) {
        ensure(p);
        notes.push(`the C extension in ${dir} links ${lib}: ${p} is installed`);
      }
    }
  }
  for (const inst of w.installs) for (const u of noBinary(inst.cmd.argv, d)) unsure.push(u);
  if (unsure.length > 0 && explicitDev.length === 0) {
    return decline(
      'MSC009',
      `${unsure.join(', ')} ${unsure.length > 1 ? 'are' : 'is'} compiled from source against the libraries ${image.resolved} ships with their headers, and msconvert cannot tell which ones the build links, so the slim runtime may lack them; name the -dev packages the build needs in an apt-get install line (their run-time libraries are then installed) or use binary wheels.`,
    );
  }
  return null;
}

/** What `pip --no-binary` compiles whose libraries msconvert does not know. */
function noBinary(argv: string[], d: PythonData): string[] {
  const out: string[] = [];
  argv.forEach((a, i) => {
    const v = a === '--no-binary' ? argv[i + 1] : a.startsWith('--no-binary=') ? a.slice(12) : null;
    for (const name of (v ?? '').split(',').filter(Boolean)) {
      if (name === ':none:') continue;
      if (name === ':all:') out.push('every package (pip --no-binary :all:)');
      else if (!d.nativeModules[norm(name)]) out.push(`${name} (pip --no-binary)`);
    }
  });
  return out;
}
