// Languages msconvert recognises but has no provider for (Ruby, PHP, Elixir, Swift, C/C++ ...),
// and web-server images that serve a static site. They are declined with the language named,
// the evidence, and what a typical split looks like (data/languages.json). A language
// whose provider is registered (python, java ...) is left to that provider.
//
// This provider also answers when nothing at all is recognised (a detection score far below
// any real provider's), so that the reason lists the languages msconvert does convert.
import type { ImageRef } from '../../analysis/image';
import type { StartNeeds } from '../../analysis/needs';
import { allCommands, startCommands, type StageModel } from '../../analysis/stage';
import type { BuildContext } from '../../context';
import { commandName } from '../../shell';
import { templateJson } from '../../data';
import { LANGUAGES } from '../languages';
import { isDotnetRepository } from '../dotnet/sdk-image';
import {
  decline,
  type Decline,
  type Detection,
  type Provider,
  type ProviderInput,
  type ProviderPlan,
} from '../contract';

interface Language {
  id: string;
  name: string;
  aliases?: string[];
  images: string[];
  baseImages?: string[];
  commands: string[];
  weakCommands?: string[];
  start: string[];
  manifests: string[];
  sources: string[];
  advice: string;
}

interface LanguagesData {
  weights: Record<
    | 'image'
    | 'baseImage'
    | 'command'
    | 'weakCommand'
    | 'start'
    | 'manifest'
    | 'sources'
    | 'detected',
    number
  >;
  languages: Language[];
  webServers: {
    images: string[];
    start: string[];
    webRoots: Record<string, string>;
    nodeCommands: string[];
    weights: { image: number; startWithNodeBuild: number };
  };
}
const data = () => templateJson<LanguagesData>('languages.json');

/** Score below any real provider's, so that this fallback never causes a conflict (MSC003). */
const FALLBACK_SCORE = -100;

export interface Match {
  language: Language | null;
  /** For the web-server case: the server and what was built in its image. */
  web?: { server: string; nodeBuild: string | null; otherBuild: string | null; image: boolean };
  score: number;
  evidence: string[];
}

function imageMatches(image: ImageRef, names: string[]): boolean {
  return names.some((n) =>
    n.includes('/')
      ? image.repository === n || image.repository.endsWith(`/${n}`)
      : image.name === n.toLowerCase(),
  );
}

function globMatch(pattern: string, name: string): boolean {
  if (!/[*?]/.test(pattern)) return pattern === name;
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${re}$`).test(name);
}

/** The first RUN command that starts with one of the phrases, earlier phrases first. */
function findCommand(model: StageModel, phrases: string[]): string | null {
  const commands = allCommands(model).map((c) =>
    c.argv.map((w, i) => (i === 0 ? commandName(w) : w)),
  );
  for (const phrase of phrases) {
    const p = phrase.split(' ').map((w, i) => (i === 0 ? commandName(w) : w));
    const words = commands.find((ws) => p.every((w, i) => ws[i] === w));
    if (words) return words.slice(0, Math.max(p.length, 2)).join(' ');
  }
  return null;
}

function startWords(model: StageModel): string[] {
  return startCommands(model)
    .map((c) => commandName(c.argv[0]))
    .filter(Boolean);
}

function contextManifest(ctx: BuildContext, patterns: string[]): string | null {
  if (!ctx.known) return null;
  const root = ctx.list('');
  for (const p of patterns) {
    if (p.includes('/')) {
      if (ctx.exists(p)) return p;
      continue;
    }
    const hit = root.find((e) => !e.endsWith('/') && globMatch(p, e));
    if (hit) return hit;
  }
  return null;
}

/** A source file with one of the extensions at the context root or in src/, if any. */
function sourceFile(ctx: BuildContext, exts: string[]): string | null {
  if (!ctx.known || exts.length === 0) return null;
  const files = [...ctx.list(''), ...ctx.list('src').map((e) => `src/${e}`)];
  return files.find((f) => !f.endsWith('/') && exts.some((x) => f.endsWith(x))) ?? null;
}

/** Ids of the providers registered besides this one. */
function registeredIds(): Set<string> {
  return new Set(LANGUAGES.map((p) => p.id));
}

function scoreLanguage(
  lang: Language,
  model: StageModel,
  ctx: BuildContext,
): { score: number; evidence: string[]; image: boolean } {
  const w = data().weights;
  let score = 0;
  const evidence: string[] = [];
  let image = false;
  if (imageMatches(model.image, lang.images)) {
    score += w.image;
    image = true;
    evidence.push(`FROM ${model.image.resolved}`);
  } else if (lang.baseImages && imageMatches(model.image, lang.baseImages)) {
    score += w.baseImage;
    evidence.push(`FROM ${model.image.resolved}`);
  }
  const sources = sourceFile(ctx, lang.sources);
  const cmd = findCommand(model, lang.commands);
  const weak = !cmd && sources && lang.weakCommands ? findCommand(model, lang.weakCommands) : null;
  if (cmd) {
    score += w.command;
    evidence.push(`RUN ${cmd}`);
  } else if (weak) {
    score += w.weakCommand;
    evidence.push(`RUN ${weak}`);
  }
  const start = startWords(model).find((s) => lang.start.includes(s));
  if (start) {
    score += w.start;
    evidence.push(`starts ${start}`);
  }
  const manifest = contextManifest(ctx, lang.manifests);
  if (manifest) {
    score += w.manifest;
    evidence.push(manifest);
  } else if (sources) {
    score += w.sources;
    evidence.push(sources as string);
  }
  return { score, evidence, image };
}

/** The best-supported language (or web-server site) msconvert has no provider for, if any. */
export function recognise(model: StageModel, ctx: BuildContext): Match {
  const d = data();
  const taken = registeredIds();
  let best: Match = { language: null, score: 0, evidence: [] };
  let languageImage = false;
  for (const lang of d.languages) {
    if (taken.has(lang.id) || (lang.aliases ?? []).some((a) => taken.has(a))) continue;
    const s = scoreLanguage(lang, model, ctx);
    if (s.image) languageImage = true;
    if (s.score > best.score) best = { language: lang, score: s.score, evidence: s.evidence };
  }
  // A web server image, or a web server started next to a Node build: a static site.
  const ws = d.webServers;
  const serverImage = imageMatches(model.image, ws.images);
  const server = startWords(model).find((s) => ws.start.includes(s));
  const nodeBuild = findCommand(model, ws.nodeCommands);
  let webScore = 0;
  if (serverImage) webScore += ws.weights.image;
  if (server && nodeBuild && !languageImage)
    webScore = Math.max(webScore, ws.weights.startWithNodeBuild);
  if (webScore > best.score) {
    const evidence = [];
    if (serverImage) evidence.push(`FROM ${model.image.resolved}`);
    if (nodeBuild) evidence.push(`RUN ${nodeBuild}`);
    if (server) evidence.push(`starts ${server}`);
    const other = allCommands(model).find(
      (c) =>
        ![
          'apt-get',
          'apt',
          'apk',
          'rm',
          'mkdir',
          'chown',
          'chmod',
          'ln',
          'cp',
          'mv',
          'echo',
          'sed',
          'touch',
          'set',
          'true',
          'envsubst',
        ].includes(commandName(c.argv[0])),
    );
    best = {
      language: null,
      web: {
        server: serverImage ? model.image.name : (server as string),
        nodeBuild,
        otherBuild: other ? other.argv.slice(0, 2).join(' ') : null,
        image: serverImage,
      },
      score: webScore,
      evidence,
    };
  }
  return best;
}

function slimOf(tag: string | null): string {
  if (!tag || tag === 'latest') return 'slim';
  if (/slim|alpine/.test(tag)) return tag;
  return `${tag}-slim`;
}

function advice(lang: Language, image: ImageRef): string {
  const own = imageMatches(image, lang.images);
  const tag = own ? (image.tag ?? 'latest') : '<version>';
  return lang.advice
    .replace(/\{image\}/g, own ? image.resolved : `${lang.id}:<version>`)
    .replace(/\{slim\}/g, own ? slimOf(image.tag) : '<version>-slim')
    .replace(/\{tag\}/g, tag);
}

function list(names: string[]): string {
  return names.length <= 1
    ? (names[0] ?? '')
    : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** The decline for what recognise() found. */
export function declineFor(model: StageModel, ctx: BuildContext): Decline {
  const m = recognise(model, ctx);
  const w = data().weights;
  if (m.web && m.score >= w.detected) {
    const web = m.web;
    const root = data().webServers.webRoots[web.server] ?? 'its web root';
    const target = web.image ? `the same ${model.image.resolved} image` : `a ${web.server} image`;
    if (web.nodeBuild) {
      return decline(
        'MSC002',
        `a static front-end built with Node.js and served by ${web.server} (${m.evidence.join(', ')}): msconvert has no provider for web-server images yet, so it leaves this file as it is; build the front-end in its own stage (FROM node:<version> AS build, npm ci && npm run build) and COPY --from=build its output folder into ${target} at ${root}, keeping the server config, EXPOSE and CMD of the original.`,
      );
    }
    if (web.otherBuild) {
      return decline(
        'MSC002',
        `a site served by ${web.server} and built in the same image (${[...m.evidence, `RUN ${web.otherBuild}`].join(', ')}): msconvert has no provider for web-server images yet, so it leaves this file as it is; build the site in its own stage (FROM <toolchain> AS build) and COPY --from=build the output into ${target} at ${root}.`,
      );
    }
    return decline(
      'MSC006',
      `FROM ${model.image.resolved} serves files copied from the build context and builds nothing, so a runtime stage has nothing to leave behind.`,
    );
  }
  if (m.language && m.score >= w.detected) {
    const name = m.language.name;
    return decline(
      'MSC002',
      `${name} (${m.evidence.join(', ')}): msconvert has no ${name} provider yet, so it leaves this file as it is; ${advice(m.language, model.image)}.`,
    );
  }
  const real = LANGUAGES;
  const hint =
    m.language && m.score > 0
      ? ` (${m.evidence.join(', ')} suggests ${m.language.name}, which msconvert has no provider for)`
      : '';
  const image = model.image.resolved || model.image.raw;
  // Not "no language": the language is plain, the build is missing (the .NET provider claims
  // only a Dockerfile with the SDK image or a dotnet build).
  if (isDotnetRepository(model.image.repository)) {
    return decline(
      'MSC006',
      `FROM ${image} is a .NET image and no dotnet publish or dotnet build runs in this Dockerfile, so there is no build to leave behind (is the app published on the host and copied in?).`,
    );
  }
  return decline(
    'MSC002',
    `no supported language found (FROM ${image})${hint}; msconvert converts ${list(real.map((p) => p.name))} builds, or pass --lang.`,
  );
}

export const otherProvider: Provider = {
  id: 'other',
  name: 'another language',

  detect({ model, ctx }): Detection | null {
    const m = recognise(model, ctx);
    if (m.score >= data().weights.detected) {
      const label = m.language ? m.language.name : `a site served by ${m.web?.server}`;
      return { score: m.score, evidence: [`${label}: ${m.evidence.join(', ')}`] };
    }
    return { score: FALLBACK_SCORE, evidence: [] };
  },

  plan(input: ProviderInput, _needs: StartNeeds): ProviderPlan | Decline {
    return declineFor(input.model, input.ctx);
  },
};
