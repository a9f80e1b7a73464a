// Finding and reading the settings files (.msconvertrc.json, package.json "msconvert") for
// the CLI; what the settings mean and how they are checked is src/config.ts (pure).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  ConfigError,
  isObject,
  PACKAGE_KEY,
  RC_FILE,
  validateConfig,
  type FoundConfig,
} from '../config';

function readIfFile(p: string): string | null {
  try {
    return fs.statSync(p).isFile() ? fs.readFileSync(p, 'utf8') : null;
  } catch {
    return null;
  }
}

/** Finds and reads configuration files, once per folder. */
export class ConfigFinder {
  private readonly cache = new Map<string, FoundConfig | null>();
  constructor(
    private readonly languages: readonly string[],
    /** Where a lookup outside a repository stops (os.homedir(); tests give their own). */
    private readonly home: string = os.homedir(),
  ) {}

  /** The configuration that applies to files in `dir`, or null. Throws ConfigError. */
  find(dir: string): FoundConfig | null {
    const start = path.resolve(dir);
    const top = this.boundary(start);
    const visited: string[] = [];
    let found: FoundConfig | null = null;
    for (let d = start; ;) {
      if (this.cache.has(d)) {
        found = this.cache.get(d) ?? null;
        break;
      }
      visited.push(d);
      found = this.read(d);
      if (found || d === top) break;
      const parent = path.dirname(d);
      if (parent === d) break;
      d = parent;
    }
    for (const v of visited) this.cache.set(v, found);
    return found;
  }

  private readonly boundaries = new Map<string, string>();
  /**
   * The last folder the lookup from `start` may read: the nearest one holding .git, else the
   * home folder when `start` is inside it, else `start` itself.
   */
  private boundary(start: string): string {
    let top = this.boundaries.get(start);
    if (top !== undefined) return top;
    const home = path.resolve(this.home);
    top = start;
    for (let d = start; ;) {
      if (fs.existsSync(path.join(d, '.git')) || d === home) {
        top = d;
        break;
      }
      const parent = path.dirname(d);
      if (parent === d) break;
      d = parent;
    }
    this.boundaries.set(start, top);
    return top;
  }

  private read(dir: string): FoundConfig | null {
    const rc = path.join(dir, RC_FILE);
    const text = readIfFile(rc);
    if (text !== null) {
      let raw: unknown;
      try {
        raw = JSON.parse(text.replace(/^\uFEFF/, ''));
      } catch (e) {
        throw new ConfigError(rc, `not valid JSON: ${(e as Error).message}`);
      }
      return { file: rc, dir, config: validateConfig(raw, rc, this.languages) };
    }
    const pkgFile = path.join(dir, 'package.json');
    const pkgText = readIfFile(pkgFile);
    if (pkgText === null) return null;
    let pkg: unknown;
    try {
      pkg = JSON.parse(pkgText.replace(/^\uFEFF/, ''));
    } catch {
      return null; // someone else's file: without a readable "msconvert" key it says nothing
    }
    if (!isObject(pkg) || pkg[PACKAGE_KEY] === undefined) return null;
    return {
      file: pkgFile,
      dir,
      config: validateConfig(pkg[PACKAGE_KEY], pkgFile, this.languages, `"${PACKAGE_KEY}": `),
    };
  }
}
