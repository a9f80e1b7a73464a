// Manifests: the dependencies (for console scripts and OS libraries) and the project's own
// console scripts, from requirement files, pyproject.toml, Pipfile, lock files and setup.py.
import * as path from 'path';
import type { ProviderInput } from '../contract';
import { norm } from './names';
import { data, type Dep } from './types';

/** The body of a TOML table ([tool.poetry.scripts]), or null when absent. */
function tomlTable(text: string, header: string): string | null {
  const out: string[] = [];
  let inside = false;
  let found = false;
  for (const line of text.split(/\r?\n/)) {
    const h = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$/.exec(line);
    if (h) {
      inside = h[1].replace(/["'\s]/g, '') === header;
      found ||= inside;
      continue;
    }
    if (inside) out.push(line);
  }
  return found ? out.join('\n') : null;
}

/** Keys of a TOML table. */
function tomlKeys(table: string): string[] {
  const out: string[] = [];
  for (const m of table.matchAll(/^\s*(["']?)([A-Za-z0-9_.-]+)\1\s*=/gm)) out.push(m[2]);
  return out;
}

/** The strings of a TOML array value (`key = [ "a", "b" ]`, over several lines). */
function tomlStrings(table: string, key: string): string[] {
  const m = new RegExp(`^\\s*["']?${key.replace(/[.-]/g, '\\$&')}["']?\\s*=\\s*\\[`, 'm').exec(
    table,
  );
  if (!m) return [];
  const out: string[] = [];
  let depth = 1;
  let i = m.index + m[0].length;
  while (i < table.length && depth > 0) {
    const c = table[i];
    if (c === '"' || c === "'") {
      const end = table.indexOf(c, i + 1);
      if (end < 0) break;
      out.push(table.slice(i + 1, end));
      i = end + 1;
      continue;
    }
    if (c === '#') {
      const nl = table.indexOf('\n', i);
      i = nl < 0 ? table.length : nl;
      continue;
    }
    if (c === '[') depth++;
    if (c === ']') depth--;
    i++;
  }
  return out;
}

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
    const pyproject = at('pyproject.toml');
    if (pyproject) {
      const project = tomlTable(pyproject, 'project');
      if (project) for (const s of tomlStrings(project, 'dependencies')) this.add(requirement(s));
      const poetry = tomlTable(pyproject, 'tool.poetry.dependencies');
      if (poetry) {
        for (const k of tomlKeys(poetry)) {
          if (k === 'python') continue;
          const line = new RegExp(`^\\s*["']?${k.replace(/[.-]/g, '\\$&')}["']?\\s*=.*$`, 'm').exec(
            poetry,
          );
          const extras = line ? /extras\s*=\s*\[([^\]]*)\]/.exec(line[0]) : null;
          this.add({
            name: norm(k),
            extras: extras ? extras[1].split(',').map((x) => x.replace(/["'\s]/g, '')) : [],
          });
        }
      }
      if (installed) {
        for (const t of ['project.scripts', 'project.gui-scripts', 'tool.poetry.scripts']) {
          const table = tomlTable(pyproject, t);
          if (table) for (const k of tomlKeys(table)) this.scripts.add(k);
        }
      }
    }
    const pipfile = at('Pipfile');
    if (pipfile) {
      const packages = tomlTable(pipfile, 'packages');
      if (packages) {
        for (const m of packages.matchAll(/^\s*(["']?)([A-Za-z0-9_.-]+)\1\s*=(.*)$/gm)) {
          const extras = /extras\s*=\s*\[([^\]]*)\]/.exec(m[3]);
          this.add({
            name: norm(m[2]),
            extras: extras ? extras[1].split(',').map((x) => x.replace(/["'\s]/g, '')) : [],
          });
        }
      }
    }
    for (const lock of ['poetry.lock', 'uv.lock', 'pdm.lock']) {
      const text = at(lock);
      if (text)
        for (const m of text.matchAll(/^name\s*=\s*"([^"]+)"/gm))
          this.add({ name: norm(m[1]), extras: [] });
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

  /** Console scripts the installed distributions provide. */
  commands(): Set<string> {
    const out = new Set<string>(this.scripts);
    const map = data().scripts;
    for (const name of this.deps.keys()) for (const s of map[name] ?? [name]) out.add(s);
    return out;
  }
}
