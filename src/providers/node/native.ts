// Native addons and the engines npm packages download: the shared libraries they link must be
// in the runtime image. The facts come from the install's package-lock.json (every package
// that runs an install script: node-gyp builds, prebuilt binaries, downloaded engines) and
// from package.json; what each one links comes from data/node.json. A package with an
// install script that the template does not know may link a library of the full builder
// image that the slim runtime lacks, so the conversion declines rather than guess.

import * as path from 'path';
import { builderKey } from '../../analysis/image';
import { sourceToolPackages } from '../../analysis/spawned';
import { images, packages } from '../../data';
import { decline, type Decline, type ProviderInput } from '../contract';
import { projectOf } from './managers';
import type { RuntimeImage } from './runtime';
import { data, type Install } from './types';

export interface NativeData {
  /** Package -> Debian packages its binary links at run time. */
  nativeModules: Record<string, string[]>;
  /** Packages whose install script leaves nothing that links beyond glibc/libstdc++. */
  selfContained: string[];
}

export interface NativeFinding {
  /** Debian packages the runtime must have. */
  ensure: string[];
  /** Production packages with an install script whose libraries are unknown. */
  unknown: string[];
}

interface LockEntry {
  dev?: boolean;
  hasInstallScript?: boolean;
  optional?: boolean;
  os?: string[];
}

/**
 * npm installs a package whose `os` list leaves Linux out on no Linux machine, so in no image
 * (`["darwin"]`, `["!linux"]`). Its `cpu` list is not read: the build host's CPU is not known.
 */
function installableOnLinux(entry: LockEntry): boolean {
  const os = entry.os;
  if (!Array.isArray(os) || os.length === 0) return true;
  if (os.includes('!linux')) return false;
  const allowed = os.filter((o) => !o.startsWith('!'));
  return allowed.length === 0 || allowed.includes('linux');
}

/** Production packages that run install scripts, from a package-lock.json text. */
export function scriptedPackages(lockText: string | null): string[] | null {
  if (!lockText) return null;
  try {
    const lock = JSON.parse(lockText.replace(/^\uFEFF/, '')) as {
      packages?: Record<string, LockEntry>;
    };
    if (!lock.packages) return null;
    const out = new Set<string>();
    for (const [key, entry] of Object.entries(lock.packages)) {
      if (!entry.hasInstallScript || entry.dev || !installableOnLinux(entry)) continue;
      const m = /node_modules\/((?:@[^/]+\/)?[^/]+)$/.exec(key);
      if (m) out.add(m[1]);
    }
    return [...out].sort();
  } catch {
    return null;
  }
}

export function nativeNeeds(
  data: NativeData,
  directDeps: string[],
  scripted: string[] | null,
): NativeFinding {
  const ensure: string[] = [];
  const unknown: string[] = [];
  const names = new Set([...directDeps, ...(scripted ?? [])]);
  for (const name of [...names].sort()) {
    const libs = data.nativeModules[name];
    if (libs) {
      for (const l of libs) if (!ensure.includes(l)) ensure.push(l);
      continue;
    }
    // Only the lock file says a package runs an install script; a direct dependency
    // without one is plain JavaScript as far as msconvert can tell.
    if (scripted?.includes(name) && !data.selfContained.includes(name)) unknown.push(name);
  }
  return { ensure, unknown };
}

/**
 * The Debian packages a slim runtime needs for the native addons and the tools the sources
 * spawn, or the decline when an install script links what msconvert cannot tell. An Alpine
 * runtime is the builder's own image, where the apk packages the build added are carried as such.
 */
export function runtimePackages(
  input: ProviderInput,
  local: Install[],
  deps: Record<string, string>,
  rt: RuntimeImage,
): string[] | Decline {
  const { model, files, ctx } = input;
  const ensure: string[] = [];
  if (rt.alpine) return ensure;
  const scripted = local.map((i) =>
    scriptedPackages(files.readByImagePath(path.posix.join(projectOf(i), 'package-lock.json'))),
  );
  const native = nativeNeeds(
    data(),
    Object.keys(deps),
    scripted.every((x) => x === null) ? null : scripted.flatMap((x) => x ?? []),
  );
  for (const item of native.ensure) ensure.push(item);
  if (
    native.unknown.length > 0 &&
    !rt.same &&
    (!input.options.runtime || ['slim', 'alpine', 'distroless'].includes(input.options.runtime))
  ) {
    const names = native.unknown.slice(0, 3).join(', ');
    return decline(
      'MSC018',
      `${names} ${native.unknown.length > 1 ? 'run install scripts' : 'runs an install script'} (a native addon or a downloaded binary) whose shared libraries msconvert cannot tell; ${model.image.resolved} may have libraries ${rt.image} lacks. Keep the builder's image with --runtime ${input.parsed.stages[0].image}, or convert by hand and check with msconvert --verify.`,
    );
  }
  const tools = images().builders[builderKey(model.image.name, model.image.tag)]?.tools ?? [];
  for (const item of sourceToolPackages(ctx, tools, 'js', packages().commands.apt))
    ensure.push(item);
  return ensure;
}
