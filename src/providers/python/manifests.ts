// Manifests: the dependencies (for console scripts and OS libraries) and the project's own
// console scripts, from requirement files, pyproject.toml, Pipfile, lock files and setup.py.
import * as path from 'path';
import type { ProviderInput } from '../contract';
import {
  parseToml,
  tomlAt,
  tomlStrings,
  tomlTable,
  tomlTableOrTables,
  type Toml,
} from '../../readers/toml';
import { norm } from './names';
import { data, type Dep } from './types';

export function requirement(spec: string): Dep | null {
  const s = spec.trim();
  if (!s || s.startsWith('#') || s.startsWith('-')) return null;
  const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?/.exec(s);
  if (!m) return null;
  if (s.includes('://') && !/^[A-Za-z0-9._-]+\s*(\[[^\]]*\])?\s*@/.test(s)) return null;
  return {
    name: norm(m[1]),
    extras: (m[2] ?? '')
      .split(',')
      .map((x) => x.trim().toLowerCase())
      .filter(Boolean),
  };
}

export class Manifests {
  readonly deps = new Map<string, Set<string>>();
  readonly scripts = new Set<string>();
  private readonly seen = new Set<string>();

  constructor(private readonly input: ProviderInput) {}

  add(dep: Dep | null): void {
    if (!dep) return;
    const extras = this.deps.get(dep.name) ?? new Set<string>();
    for (const e of dep.extras) extras.add(e);
    this.deps.set(dep.name, extras);
  }

  private read(imagePath: string): string | null {
    return this.input.files.readByImagePath(imagePath);
  }

  /** A requirements file and the ones it includes with -r. */
  requirements(imagePath: string, depth = 0): void {
    if (this.seen.has(imagePath) || depth > 5) return;
    this.seen.add(imagePath);
    const text = this.read(imagePath);
    if (text === null) return;
    for (const raw of text.split(/\r?\n/)) {
      const line = raw.replace(/\s+#.*$/, '').trim();
      const inc = /^(?:-r|--requirement)\s*=?\s*(\S+)/.exec(line);
      if (inc) this.requirements(path.posix.join(path.posix.dirname(imagePath), inc[1]), depth + 1);
      else this.add(requirement(line));
    }
  }

  /** The manifests of a project folder; scripts only when the project itself is installed. */
  project(dir: string, installed: boolean): void {
    const key = `${dir}:${installed}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const at = (name: string) => this.read(path.posix.join(dir, name));
    const toml = (name: string): Toml | null => {
      const text = at(name);
      return text === null ? null : parseToml(text);
    };
    const pyproject = toml('pyproject.toml');
    for (const s of tomlStrings(tomlAt(pyproject, 'project')?.dependencies))
      this.add(requirement(s));
    this.keyed(tomlAt(pyproject, 'tool.poetry.dependencies'), ['python']);
    if (installed)
      for (const t of ['project.scripts', 'project.gui-scripts', 'tool.poetry.scripts'])
        for (const k of Object.keys(tomlAt(pyproject, t) ?? {})) this.scripts.add(k);
    this.keyed(tomlAt(toml('Pipfile'), 'packages'), []);
    for (const lock of ['poetry.lock', 'uv.lock', 'pdm.lock']) {
      for (const p of tomlTableOrTables(toml(lock)?.package)) {
        if (typeof p.name === 'string') this.add({ name: norm(p.name), extras: [] });
      }
    }
    const pipLock = at('Pipfile.lock');
    if (pipLock) {
      try {
        const json = JSON.parse(pipLock) as { default?: Record<string, unknown> };
        for (const k of Object.keys(json.default ?? {})) this.add({ name: norm(k), extras: [] });
      } catch {
        // not JSON: ignored
      }
    }
    const setupPy = at('setup.py');
    if (setupPy) {
      const req = /install_requires\s*=\s*\[([^\]]*)\]/.exec(setupPy);
      if (req) for (const m of req[1].matchAll(/["']([^"']+)["']/g)) this.add(requirement(m[1]));
      if (installed)
        for (const m of setupPy.matchAll(
          /["']\s*([A-Za-z0-9_.-]+)\s*=\s*[\w.]+\s*:\s*[\w.]+\s*["']/g,
        ))
          this.scripts.add(m[1]);
    }
    const setupCfg = at('setup.cfg');
    if (setupCfg) {
      const opts = /install_requires\s*=\s*\n((?:[ \t]+\S.*\n?)*)/.exec(setupCfg);
      if (opts) for (const l of opts[1].split('\n')) this.add(requirement(l));
      const cs = /console_scripts\s*=\s*\n((?:[ \t]+\S.*\n?)*)/.exec(setupCfg);
      if (cs && installed)
        for (const m of cs[1].matchAll(/^\s*([A-Za-z0-9_.-]+)\s*=/gm)) this.scripts.add(m[1]);
    }
  }

  /**
   * The dependencies of a table keyed by distribution name (Poetry's, Pipfile's [packages]),
   * with the extras a `{ version = ..., extras = [...] }` value asks for.
   */
  private keyed(table: Toml | null, skip: string[]): void {
    for (const [name, value] of Object.entries(table ?? {})) {
      if (skip.includes(name)) continue;
      const extras = tomlTableOrTables(value).flatMap((t) => tomlStrings(t.extras));
      this.add({ name: norm(name), extras });
    }
  }

  /** Console scripts the installed distributions provide. */
  commands(): Set<string> {
    const out = new Set<string>(this.scripts);
    const map = data().scripts;
    for (const name of this.deps.keys()) for (const s of map[name] ?? [name]) out.add(s);
    return out;
  }
}
