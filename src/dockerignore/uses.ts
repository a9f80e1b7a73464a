// What the Dockerfiles that share a build context take from it: the paths COPY, ADD and
// RUN --mount name, the text of every command the build and the container run (and of the
// scripts they call), the package installs and builds that make dependency folders again,
// and where the converted runtime stage's copies came from. Read from the parsed Dockerfile
// and the context facade only.
import * as path from 'path';
import { ImageFiles, globToRegExp } from '../analysis/files';
import { builderKey } from '../analysis/image';
import { readStage, startCommands, type StageModel } from '../analysis/stage';
import { wrapperThroughShell } from '../analysis/tool-wrappers';
import type { BuildContext } from '../context';
import type { ConvertResult } from '../convert';
import { parseDockerfile } from '../parse';
import { commandName } from '../shell';
import { images } from '../data';
import { pushAll } from '../lists';

/** Toolchains whose install or build makes a dependency or output folder again in the image. */
export type Ecosystem = 'node' | 'python' | 'cargo' | 'maven' | 'gradle' | 'dotnet';

export interface DockerfileInput {
  /** The Dockerfile's path relative to the context root, or null when it lies outside it. */
  rel: string | null;
  text: string;
  /** Its conversion in this run; null for a Dockerfile only found in the context. */
  result: ConvertResult | null;
}

export interface Uses {
  /** Context paths named by COPY/ADD sources (globs expanded) and bind mounts, with why. */
  named: Map<string, string>;
  /**
   * Sources a build argument chooses (`COPY .env.${STAGE} ...`), as Docker patterns with `*`
   * for each argument, and the instruction's words: any path they match may be needed.
   */
  chosen: { pattern: string; why: string }[];
  /** True when some stage copies or mounts this context path (or a folder holding it). */
  copies(rel: string): boolean;
  /** True when the path reaches the image the Dockerfile finally produces. */
  reachesImage(rel: string): boolean;
  /** Shell text the build and the container run, scripts they call, ENV values. */
  texts: string[];
  /** Ecosystems whose install or build runs in the same stage that copies the context. */
  builds: Set<Ecosystem>;
  /** Node package tools (npm, yarn, pnpm, npx) run by the build or at start. */
  runsNodePackageTool: boolean;
  /** Context paths the converted runtime stage copies (through the builder). */
  runtimeSources: string[];
}

const INSTALLS: { eco: Ecosystem; re: RegExp }[] = [
  {
    eco: 'node',
    re: /^(npm (ci|install|i|add)|pnpm (install|i|add)|yarn( install| add|$)|bun (install|i|add))\b/,
  },
  {
    eco: 'python',
    re: /^(pip3? install|python[\d.]* -m (pip install|venv)|virtualenv|uv (sync|venv|pip install)|poetry install|pipenv (install|sync)|pdm (install|sync))\b/,
  },
  { eco: 'cargo', re: /^cargo (build|install|test|run)\b/ },
  { eco: 'maven', re: /^(mvn|mvnw)\b/ },
  { eco: 'gradle', re: /^(gradle|gradlew)\b/ },
  { eco: 'dotnet', re: /^dotnet (restore|build|publish|test)\b/ },
];

const NODE_TOOLS = new Set(['npm', 'npx', 'yarn', 'pnpm', 'pnpx', 'corepack']);

/** Reads the scripts a command runs: a script file, the Makefile, package.json scripts. */
function scriptTexts(
  argv: string[],
  cwd: string,
  files: ImageFiles,
  ctx: BuildContext,
  budget: { left: number },
): string[] {
  const out: string[] = [];
  const read = (imagePath: string) => {
    if (budget.left <= 0) return;
    const rel = files.contextPathOf(imagePath);
    if (rel === null || rel === '') return;
    const text = ctx.readText(rel);
    if (text !== null) {
      budget.left--;
      out.push(text);
    }
  };
  const name = commandName(argv[0]);
  if (argv[0] && (argv[0].includes('/') || /\.(sh|bash|py|js|mjs|cjs|ts)$/.test(argv[0])))
    read(path.posix.resolve(cwd, argv[0]));
  if (/^(ba|da|z)?sh$|^python[\d.]*$|^node$/.test(name) && argv[1] && !argv[1].startsWith('-'))
    read(path.posix.resolve(cwd, argv[1]));
  if (name === 'make') read(path.posix.resolve(cwd, 'Makefile'));
  if (NODE_TOOLS.has(name)) read(path.posix.resolve(cwd, 'package.json'));
  return out;
}

/** A COPY/ADD source or mount source as a context path, globs expanded from the listing. */
function expandSource(raw: string, ctx: BuildContext): string[] {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) || raw.startsWith('git@')) return [];
  const clean = path.posix.normalize(raw.replace(/^\/+/, '')).replace(/\/+$/, '');
  const src = clean === '.' ? '' : clean;
  if (!/[*?[]/.test(src)) return [src];
  let found = [''];
  for (const part of src.split('/')) {
    const next: string[] = [];
    for (const dir of found) {
      if (!/[*?[]/.test(part)) {
        next.push(dir ? `${dir}/${part}` : part);
        continue;
      }
      const re = globToRegExp(part);
      for (const n of ctx.list(dir)) {
        const bare = n.replace(/\/$/, '');
        if (re.test(bare)) next.push(dir ? `${dir}/${bare}` : bare);
      }
    }
    found = next.slice(0, 500);
  }
  return found;
}

/** `--mount=type=bind,source=x,...` without from=: a path of the context. */
function bindSources(flags: { name: string; value: string | null }[]): string[] {
  const out: string[] = [];
  for (const f of flags) {
    if (f.name.toLowerCase() !== 'mount' || f.value === null) continue;
    const kv = new Map<string, string>();
    for (const part of f.value.split(',')) {
      const eq = part.indexOf('=');
      kv.set(eq < 0 ? part : part.slice(0, eq), eq < 0 ? '' : part.slice(eq + 1));
    }
    const type = kv.get('type') ?? 'bind';
    if (type !== 'bind' || kv.has('from')) continue;
    out.push(kv.get('source') ?? kv.get('src') ?? '.');
  }
  return out;
}

function isAncestorOrSelf(dir: string, rel: string): boolean {
  return dir === '' || rel === dir || rel.startsWith(`${dir}/`);
}

/** Reads one Dockerfile's uses of its context. Null when it is not a Dockerfile at all. */
export function usesOf(d: DockerfileInput, ctx: BuildContext): Uses | null {
  const parsed = parseDockerfile(d.text);
  if (parsed.stages.length === 0) return null;
  const builders = images().builders;
  const named = new Map<string, string>();
  const chosen: { pattern: string; why: string }[] = [];
  const texts: string[] = [];
  const builds = new Set<Ecosystem>();
  let runsNodePackageTool = false;
  const stages: { model: StageModel; files: ImageFiles }[] = [];
  const mounted: string[] = [];
  const budget = { left: 40 };
  for (const stage of parsed.stages) {
    const model = readStage(
      parsed,
      stage,
      (img) => builders[builderKey(img.name, img.tag)]?.workdir ?? '/',
      (img) => builders[builderKey(img.name, img.tag)]?.env ?? {},
    );
    const files = new ImageFiles(model, ctx);
    stages.push({ model, files });
    // --build-arg can set any ARG, defaults included; a name defined nowhere is unknown too.
    const fixed = (name: string) =>
      !model.globalArgNames.has(name) && !model.stageArgs.has(name) && name in model.env;
    for (const c of model.copies) {
      if (c.from !== null) continue;
      for (const s of c.sources)
        for (const rel of expandSource(s, ctx))
          if (rel !== '') named.set(rel, `${c.keyword} ${s} names it`);
      for (const raw of (c.ins.exec ?? c.ins.words).slice(0, -1)) {
        const vars = [...raw.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]);
        if (raw.startsWith('--') || vars.every(fixed)) continue;
        const pattern = raw
          .replace(/^["']|["']$/g, '')
          .replace(/\$(\{[^}]*\}|[A-Za-z_][A-Za-z0-9_]*)/g, '*')
          .replace(/^\.?\/+/, '');
        chosen.push({
          pattern: pattern === '' || pattern === '.' ? '*' : pattern,
          why: `${c.keyword} ${raw} may name it (a build argument chooses the path)`,
        });
      }
    }
    for (const run of model.runs) {
      for (const src of bindSources(run.ins.flags)) {
        for (const rel of expandSource(src, ctx)) {
          mounted.push(rel);
          if (rel !== '') named.set(rel, `RUN --mount source=${src} names it`);
        }
      }
      texts.push(run.text);
      for (const written of run.commands) {
        // `RUN sh ./mvnw package` runs Maven (the project's wrapper given to a shell).
        const c = wrapperThroughShell(written, files) ?? written;
        const line = [commandName(c.argv[0]), ...c.argv.slice(1)].join(' ');
        for (const { eco, re } of INSTALLS) if (re.test(line)) builds.add(eco);
        if (NODE_TOOLS.has(commandName(c.argv[0]))) runsNodePackageTool = true;
        pushAll(texts, scriptTexts(c.argv, c.cwd, files, ctx, budget));
      }
    }
    for (const c of startCommands(model)) {
      texts.push(c.argv.join(' '));
      if (NODE_TOOLS.has(commandName(c.argv[0]))) runsNodePackageTool = true;
      pushAll(texts, scriptTexts(c.argv, model.cwd, files, ctx, budget));
    }
    if (model.healthcheck) texts.push(model.healthcheck.args);
    pushAll(texts, Object.values(model.env));
  }
  const runtimeSources: string[] = [];
  const finalCopies: string[] = [];
  const single = stages.length === 1 ? stages[0] : null;
  if (single && d.result?.status === 'converted' && d.result.explanation) {
    for (const c of d.result.explanation.copies) {
      finalCopies.push(c.src);
      const rel = single.files.contextPathOf(c.src);
      if (rel !== null && rel !== '') runtimeSources.push(rel);
    }
  }
  const last = stages[stages.length - 1];
  return {
    named,
    chosen,
    copies: (rel) =>
      mounted.some((m) => isAncestorOrSelf(m, rel)) ||
      stages.some((s) => s.files.imagePathOf(rel) !== null),
    reachesImage: (rel) => {
      if (single && finalCopies.length > 0) {
        // Converted: only what the runtime stage copies from the builder reaches the image.
        const at = single.files.imagePathOf(rel);
        return (
          at !== null &&
          finalCopies.some((src) => src === '/' || at === src || at.startsWith(`${src}/`))
        );
      }
      return last.files.imagePathOf(rel) !== null;
    },
    texts,
    builds,
    runsNodePackageTool,
    runtimeSources,
  };
}
