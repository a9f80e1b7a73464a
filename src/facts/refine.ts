// How facts from the built image refine the text-only plan. Pure: facts arrive as data.
//
// - the base image's WORKDIR and ENV replace what data/images.json assumes (or the
//   '/' msconvert assumes for an image it does not know);
// - an image msconvert does not know is planned as the official image with the same runtime
//   version, OS release and libc (a private `mycorp/node-base` that has Node 20 on Debian 12
//   is planned as node:20-bookworm), when the text-only plan declined;
// - the shared libraries of the copied ELF files, with their packages, must reach the
//   runtime: installed from the OS package (ensure), or a decline when no package has them;
// - dependency folders the build filled on the resolution path are copied when the plan
//   left them behind.
import * as path from 'path';
import type { ImageRef } from '../analysis/image';
import type { BuildContext } from '../context';
import type { ConvertResult } from '../convert';
import {
  decline,
  type ConvertOptions,
  type Decline,
  type ProviderInput,
  type ProviderPlan,
} from '../providers/contract';
import { templateJson } from '../data';
import type { FactsUse, ImageFacts } from './types';

interface FactsData {
  /** Packages of the C runtime that providers choose runtime images for (cc, base). */
  providerHandled: string[];
  runtimeLibraries: Record<string, string[]>;
}

const data = (): FactsData => templateJson<FactsData>('facts.json');

/** Which runtime the Dockerfile's own commands use most (node, python ...). */
function commandWeight(text: string): Record<string, number> {
  const words: Record<string, RegExp> = {
    node: /\b(node|npm|npx|yarn|pnpm)\b/g,
    python: /\b(python3?|pip3?|poetry|pipenv|uv|gunicorn|uvicorn)\b/g,
    java: /\b(java|mvn|mvnw|gradle|gradlew|javac|jar)\b/g,
    go: /\bgo\b/g,
    rust: /\b(cargo|rustc)\b/g,
    dotnet: /\bdotnet\b/g,
  };
  const out: Record<string, number> = {};
  for (const [k, re] of Object.entries(words)) out[k] = (text.match(re) ?? []).length;
  return out;
}

/**
 * Official images with the runtime, version, OS release and libc the facts show, most
 * likely first (by how often the Dockerfile's commands use each runtime).
 */
export function equivalentImages(facts: ImageFacts, text: string): string[] {
  const os = facts.os;
  if (!os) return [];
  const alpine = os.id === 'alpine' || facts.libc === 'musl';
  const suffix = alpine ? '-alpine' : os.id === 'debian' && os.codename ? `-${os.codename}` : null;
  if (suffix === null) return [];
  const v = facts.runtimes;
  const minor = (s: string) => s.split('.').slice(0, 2).join('.');
  const major = (s: string) => s.split('.')[0];
  const out: [string, string][] = [];
  if (v.node) out.push(['node', `node:${major(v.node)}${suffix}`]);
  if (v.python) out.push(['python', `python:${minor(v.python)}${suffix}`]);
  if (v.go) out.push(['go', `golang:${minor(v.go)}${suffix}`]);
  if (v.rust) out.push(['rust', `rust:${minor(v.rust)}${suffix}`]);
  if (v.java && !alpine) {
    const m = /^(?:1\.)?(\d+)/.exec(v.java);
    if (m) out.push(['java', `eclipse-temurin:${m[1]}-jdk`]);
  }
  if (v.dotnet) out.push(['dotnet', `mcr.microsoft.com/dotnet/sdk:${minor(v.dotnet)}`]);
  const w = commandWeight(text);
  return out
    .filter(([k]) => (w[k] ?? 0) > 0)
    .sort((a, b) => (w[b[0]] ?? 0) - (w[a[0]] ?? 0))
    .map(([, img]) => img);
}

/** The facts that describe the image itself, one line each. */
export function imageFactLines(facts: ImageFacts, text = ''): string[] {
  // The runtimes the Dockerfile's commands use (node:20 also has Python, for node-gyp).
  const w = commandWeight(text);
  const wanted = (k: string) => (w[k] ?? 0) > 0 || Object.values(w).every((n) => n === 0);
  const out: string[] = [];
  if (facts.os)
    out.push(
      `/etc/os-release: ${facts.os.pretty || `${facts.os.id} ${facts.os.versionId}`}${facts.libc ? `, ${facts.libc}` : ''}`,
    );
  for (const [k, v] of Object.entries(facts.runtimes).filter(([k]) => wanted(k)))
    out.push(`${k} version ${v} (${k === 'dotnet' ? 'dotnet --list-runtimes' : `${k} --version`})`);
  return out;
}

function inside(p: string, dir: string): boolean {
  return p === dir || p.startsWith(dir.endsWith('/') ? dir : `${dir}/`);
}

/**
 * Applies library and dependency-folder facts to a provider's plan (in place). Returns what
 * was used and changed, or a decline when a needed library cannot reach the runtime.
 */
export function refinePlan(
  plan: ProviderPlan,
  input: ProviderInput,
  facts: ImageFacts,
  use: FactsUse,
): Decline | null {
  const copied = plan.copies.map((c) => c.src);
  const handled = new Set(data().providerHandled);
  const seen = new Set<string>();
  for (const lib of facts.libraries) {
    if (!lib.resolved) continue;
    if (copied.some((c) => inside(lib.resolved as string, c))) continue;
    // The runtime image of the same tag has it at the same path (libruby in /usr/local/lib).
    const own = data().runtimeLibraries[plan.language] ?? [];
    if (own.some((p) => (lib.resolved as string).startsWith(p))) continue;
    const key = `${lib.soname}|${lib.package ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (!lib.package)
      return decline(
        'MSC030',
        `${lib.file} needs ${lib.soname}, found at ${lib.resolved} in the built image, which no OS package provides and the runtime stage does not copy; copy it in the Dockerfile from a package, or pass --runtime.`,
      );
    use.used.push(`${lib.file} needs ${lib.soname} from ${lib.package} (ldd, package database)`);
    if (handled.has(lib.package)) continue;
    if (!plan.ensure.includes(lib.package)) {
      plan.ensure.push(lib.package);
      use.changed.push(
        `the runtime gets ${lib.package}: ${path.posix.basename(lib.file)} links ${lib.soname}`,
      );
    }
  }
  // Dependency folders on the resolution path that the plan leaves behind.
  const start = input.model.cwd;
  const nodePath = (input.model.env.NODE_PATH ?? '').split(':').filter(Boolean);
  for (const d of facts.dependencyDirs) {
    // Python's sys.path matters to a Python app only: an apt package's dependency (python3
    // with npm) fills dist-packages in images whose app never imports from it.
    if (d.kind === 'site-packages' && plan.language !== 'python') continue;
    const onPath =
      d.kind === 'node_modules'
        ? inside(start, path.posix.dirname(d.path)) || nodePath.includes(d.path)
        : (facts.pythonPath ?? []).includes(d.path);
    if (!onPath) continue;
    if (copied.some((c) => inside(d.path, c))) {
      use.used.push(`${d.path} filled by the build and copied`);
      continue;
    }
    plan.copies.push({
      from: plan.copyFrom,
      src: d.path,
      dest: d.path,
      why: `the build filled it and ${d.kind === 'node_modules' ? 'Node resolves modules from it' : "it is on Python's sys.path"} (fact)`,
    });
    use.used.push(`${d.path} filled by the build, on the resolution path`);
    use.changed.push(`copies ${d.path}, which the text-only plan left behind`);
  }
  return null;
}

interface KnownBuilder {
  workdir: string;
  env: Record<string, string>;
}

/**
 * The base image's WORKDIR and ENV as readStage() wants them, from the facts; undefined
 * without facts. Each is recorded once as used, and as changed when it differs from what
 * msconvert assumed.
 */
export function baseFromFacts(
  options: ConvertOptions,
  use: FactsUse,
  known: (img: ImageRef) => KnownBuilder | undefined,
):
  | { workdir: (img: ImageRef) => string; env: (img: ImageRef) => Record<string, string> }
  | undefined {
  const c = options.facts?.config;
  if (!c) return undefined;
  let saidWorkdir = false;
  let saidEnv = false;
  return {
    workdir: (img) => {
      if (!saidWorkdir) {
        saidWorkdir = true;
        const k = known(img);
        const assumed = k?.workdir ?? '/';
        use.used.push(`base image WORKDIR ${c.workdir} (docker image inspect)`);
        if (assumed !== c.workdir)
          use.changed.push(
            `the base image starts in ${c.workdir}, not ${assumed} as ${k ? 'data/images.json says' : 'assumed for an image msconvert does not know'}`,
          );
      }
      return c.workdir;
    },
    env: (img) => {
      if (!saidEnv) {
        saidEnv = true;
        const assumed = known(img)?.env ?? {};
        // Only a value msconvert assumed and the image contradicts; more variables than
        // data/ lists are simply more complete.
        const differ = Object.keys(assumed).filter((k) => assumed[k] !== c.env[k]);
        use.used.push(
          `base image ENV: ${Object.keys(c.env).sort().join(', ') || 'none'} (docker image inspect)`,
        );
        if (differ.length)
          use.changed.push(
            `base image ENV differs from what msconvert assumed for ${differ.sort().join(', ')}`,
          );
      }
      return { ...c.env };
    },
  };
}

// Declines no other base image could lift: they are about the Dockerfile, not its image.
const STRUCTURAL = new Set([
  'MSC001',
  'MSC004',
  'MSC005',
  'MSC006',
  'MSC010',
  'MSC013',
  'MSC014',
  'MSC016',
  'MSC030',
]);

/**
 * convert() with facts: the plan from the facts, and when it still declines for want of
 * knowing the base image, the plan as the official image with the same runtime, release and
 * libc (equivalentImages). The explanation lists the facts and what they changed.
 */
export function withFacts(
  text: string,
  ctx: BuildContext,
  options: ConvertOptions,
  run: (text: string, ctx: BuildContext, options: ConvertOptions) => ConvertResult,
): ConvertResult {
  const r = run(text, ctx, options);
  const facts = options.facts;
  if (!facts) return r;
  const lines = imageFactLines(facts, text);
  if (r.status === 'converted' && r.explanation?.facts) {
    r.explanation.facts.used = [...lines, ...r.explanation.facts.used];
    return r;
  }
  if (r.status !== 'declined' || options.baseAs || (r.code && STRUCTURAL.has(r.code))) return r;
  for (const image of equivalentImages(facts, text)) {
    const r2 = run(text, ctx, { ...options, baseAs: image });
    if (r2.status !== 'converted' || !r2.explanation) continue;
    const f = r2.explanation.facts ?? { used: [], changed: [] };
    f.used = [...lines, ...f.used];
    f.changed.unshift(
      `planned as ${image}, the official image with the runtime, OS release and libc ${facts.base} has; from the text alone: declined [${r.code}] ${r.reason}`,
    );
    r2.explanation.facts = f;
    r2.explanation.notes.push(
      `FROM ${facts.base} planned as ${image} (facts from the built image)`,
    );
    return r2;
  }
  return r;
}
