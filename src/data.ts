// Loads the data in data/: base-image facts, package maps, provider constants.
// Read lazily and once, so a run pays only for what it uses.
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', 'data');
const cache = new Map<string, unknown>();

export function templateJson<T>(name: string): T {
  let v = cache.get(name);
  if (v === undefined) {
    v = JSON.parse(fs.readFileSync(path.join(ROOT, name), 'utf8'));
    cache.set(name, v);
  }
  return v as T;
}

export function templateText(name: string): string {
  const v = templateTextIfExists(name);
  if (v === null) throw new Error(`template ${name} is missing from ${ROOT}`);
  return v;
}

/** A template's text, or null when there is none; absence is remembered like presence. */
export function templateTextIfExists(name: string): string | null {
  const key = `text:${name}`;
  let v = cache.get(key);
  if (v === undefined) {
    try {
      v = fs.readFileSync(path.join(ROOT, name), 'utf8');
    } catch {
      v = null;
    }
    cache.set(key, v);
  }
  return v as string | null;
}

export interface RuntimeFacts {
  image: string;
  shell: boolean;
  libc: 'none' | 'glibc' | 'musl';
  packageManager: 'apt' | 'apk' | null;
  ships: string[];
  users: string[];
  path: string;
  workdir: string;
  sizeMB: number;
  /** The image's own ENTRYPOINT, which a runtime stage must clear when the original set none. */
  entrypoint?: string[];
}

export interface BuilderFacts {
  workdir: string;
  env: Record<string, string>;
  users: string[];
  sizeMB: number;
  /** Commands the image has beyond a slim OS. */
  tools?: string[];
  /** The image's own CMD serves the app it is given (php:X-apache, php:X-fpm): what it starts. */
  serves?: string;
}

export interface ImagesData {
  debian: {
    codenames: Record<string, number>;
    distrolessSuffix: Record<string, string>;
    slimCommands: string[];
  };
  builders: Record<string, BuilderFacts>;
  runtimes: Record<string, RuntimeFacts>;
}

export interface PackagesData {
  buildOnly: string[];
  buildOnlyWhenWithCompiler: string[];
  devToRuntime: Record<string, string | Record<string, string>>;
  apkDevToRuntime: Record<string, string>;
  commands: { apt: Record<string, string>; apk: Record<string, string> };
  alpineBaseCommands: string[];
  libraryToDev: Record<string, string>;
  baseLibraries: string[];
}

export const images = (): ImagesData => templateJson<ImagesData>('images.json');
export const packages = (): PackagesData => templateJson<PackagesData>('packages.json');
