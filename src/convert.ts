// The library entry point: convert(text, context, options) -> result. Pure: no argv, no
// TTY, no writes. The CLI maps results to exit codes and files.
import { withComposeStarts } from './compose-start';
import { assemble, type Assembled } from './runtime/planner';
import { ImageFiles } from './analysis/files';
import { builderKey, isWindowsImage, parseImage } from './analysis/image';
import { cacheBuilder, copiedFromCache, mountDerived } from './cache';
import { offlineSwitch } from './cache/mounts';
import { startNeeds, type StartNeeds } from './analysis/needs';
import { installedPackages } from './analysis/packages';
import { readStage, type StageModel } from './analysis/stage';
import type { Code, Warning } from './codes';
import { dropIgnored } from './config';
import { withFacts, refinePlan, baseFromFacts } from './facts/refine';
import type { FactsUse } from './facts/types';
import { EMPTY_CONTEXT, type BuildContext } from './context';
import { sentContext } from './sent-context';
import { parseDockerfile, type ParsedDockerfile, type Stage } from './parse';
import { rewriteStart } from './providers/start-rewrite';
import type {
  ConvertOptions,
  Decline,
  Provider,
  ProviderInput,
  TextEdit,
} from './providers/contract';
import { LANGUAGES, providerById, providersFor } from './providers';
import { images } from './data';
import { validate } from './validate';
import { imageReferenceProblem, UnsafeValue } from './values';
import { pushAll } from './lists';

export type Status = 'converted' | 'unchanged' | 'declined' | 'error';

export interface Explanation {
  evidence: string[];
  runtimeImage: string;
  runtimeWhy: string;
  copies: { from: string; src: string; dest: string; why: string }[];
  packages: string[];
  notes: string[];
  /** Rough size of the original base image and of the runtime image, in MB (from data/). */
  estimate?: { beforeMB: number; afterMB: number };
  /** With facts from the built image (--inspect, --verify): those used, and what they changed. */
  facts?: FactsUse;
  /** What --cache changed in the builder, each with why. */
  cache?: string[];
  /** Paths of the runner a rewritten start no longer runs (src/providers/start-rewrite.ts). */
  leftOut?: string[];
}

export interface ConvertResult {
  status: Status;
  /** Provider id (go, node) when one was chosen. */
  language: string | null;
  /** Why the file was declined, left unchanged or failed; null when converted. */
  reason: string | null;
  code: Code | null;
  warnings: Warning[];
  /** The new text, or the original when not converted. */
  output: string;
  explanation: Explanation | null;
}

export type { ConvertOptions };

function result(
  status: Status,
  text: string,
  code: Code | null,
  reason: string | null,
  language: string | null = null,
  warnings: Warning[] = [],
): ConvertResult {
  return { status, language, reason, code, warnings, output: text, explanation: null };
}

function applyEdits(text: string, edits: TextEdit[]): string {
  // Non-overlapping edits, applied from the end so earlier offsets stay valid.
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  let limit = Infinity;
  for (const e of sorted) {
    if (e.end > limit) continue; // overlapping: dropped, as ESLint does
    out = out.slice(0, e.start) + e.text + out.slice(e.end);
    limit = e.start;
  }
  return out;
}

function choose(
  input: ProviderInput,
  lang: string | undefined,
): { provider: Provider; evidence: string[] } | Decline {
  if (lang) {
    const provider = providerById(lang);
    if (!provider)
      return {
        kind: 'decline',
        code: 'MSC002',
        reason: `--lang ${lang} is not a language msconvert knows (${LANGUAGES.map((p) => p.id).join(', ')}).`,
      };
    return { provider, evidence: [`--lang ${lang}`] };
  }
  const scored = providersFor(input.parsed.text)
    .map((p) => ({ provider: p, d: p.detect(input) }))
    .filter((x): x is { provider: Provider; d: NonNullable<typeof x.d> } => x.d !== null)
    .sort((a, b) => b.d.score - a.d.score);
  if (scored.length === 0) {
    const image = input.model.image.resolved || input.model.image.raw;
    return {
      kind: 'decline',
      code: 'MSC002',
      reason: `no supported language found (FROM ${image}); msconvert converts ${listOf(LANGUAGES.map((p) => p.name))} builds, or pass --lang.`,
    };
  }
  if (scored.length > 1 && scored[0].d.score - scored[1].d.score < 5) {
    return {
      kind: 'decline',
      code: 'MSC003',
      reason: `both ${scored[0].provider.name} (${scored[0].d.evidence.join(', ')}) and ${scored[1].provider.name} (${scored[1].d.evidence.join(', ')}) build here; pass --lang ${scored[0].provider.id} or --lang ${scored[1].provider.id}.`,
    };
  }
  return { provider: scored[0].provider, evidence: scored[0].d.evidence };
}

export function convert(
  text: string,
  context: BuildContext = EMPTY_CONTEXT,
  options: ConvertOptions & {
    ignore?: readonly string[];
    /** The text of the ignore file Docker uses for this Dockerfile; unset: the context's. */
    dockerignore?: string | null;
  } = {},
): ConvertResult {
  // What .dockerignore leaves out never reaches the builder: no step may read or copy it.
  context = sentContext(context, options.dockerignore);
  // Last step: drop the warnings silenced for the run (ignore) or in the file
  // (`# msconvert ignore=MSC101`). Declines are never silenced.
  const run = (t: string, c: BuildContext, o: ConvertOptions) =>
    o.cache ? withCache(t, c, o) : convertFile(t, c, o);
  const once = (t: string, o: ConvertOptions) =>
    dropIgnored(withFacts(t, context, o, run), t, options.ignore);
  const checked = withComposeStarts(text, options, once, (plain, reason) =>
    result('declined', text, 'MSC022', reason, plain.language),
  );
  // The Compose checks may add a warning of their own (MSC189): silenced like any other.
  return dropIgnored(checked, text, options.ignore);
}

/** The conversion of the builder that --cache rewrote, or the plain one and why not. */
function withCache(text: string, context: BuildContext, options: ConvertOptions): ConvertResult {
  const plain = convertFile(text, context, options);
  if (plain.status !== 'converted' || !plain.explanation) return plain;
  const c = cacheBuilder(text, context);
  // The build step a start rewrite adds after the original lines mounts the caches its tool's
  // earlier steps use (providers/build-mounts.ts). One that works offline from them (`dotnet
  // publish --no-restore`, `mvn -o`) would find nothing when the earlier layer is reused with
  // an empty cache: the rule that keeps such mounts off (cache/mount-policy.ts) applies to it.
  const offline = offlineStartBuild(plain);
  if (c.text !== text && offline && c.mounts.length > 0) {
    plain.explanation.cache = [];
    plain.warnings.push({
      code: 'MSC152',
      message: `the --cache changes are left out: the build step that replaces the start works offline (${offline}) from what the earlier steps would now download into a cache mount (${c.mounts.join(', ')}), which can be empty when their layers are reused.`,
    });
    return plain;
  }
  if (c.text === text) {
    plain.explanation.cache = [];
    pushAll(plain.warnings, c.warnings);
    return plain;
  }
  const cached = convertFile(c.text, context, options);
  const problem =
    cached.status !== 'converted'
      ? `with them msconvert would give ${cached.status} (${cached.reason})`
      : copiedFromCache(cached.output, c.mounts);
  if (problem || !cached.explanation) {
    plain.explanation.cache = [];
    plain.warnings.push({
      code: 'MSC152',
      message: `the --cache changes are left out: ${problem}`,
    });
    return plain;
  }
  const derived = mountDerived(cached.output, parsedBuilderName(c.text), c);
  cached.output = derived.text;
  cached.explanation.cache = [...c.changes, ...derived.changes];
  pushAll(cached.warnings, c.warnings);
  return cached;
}

/** The single stage to convert, or the result when the text or the options stop it first. */
function readSingleStage(text: string, options: ConvertOptions): ParsedDockerfile | ConvertResult {
  if (text.replace(/^\uFEFF/, '').trim() === '')
    return result('error', text, 'MSC903', 'the file is empty');
  if (options.runtime !== undefined) {
    const bad = imageReferenceProblem(options.runtime);
    if (bad)
      return result(
        'error',
        text,
        'MSC908',
        `the runtime image ${JSON.stringify(options.runtime)} cannot be used: ${bad}`,
      );
  }
  const parsed = parseDockerfile(text);
  if (parsed.stages.length === 0)
    return result(
      'error',
      text,
      'MSC910',
      'no FROM instruction: this is not a Dockerfile msconvert can read',
    );
  const problem = validate(parsed);
  if (problem?.kind === 'invalid') {
    return result('error', text, 'MSC911', `line ${problem.line}: ${problem.message}`);
  }
  if (problem)
    return result('declined', text, 'MSC016', `line ${problem.line}: ${problem.message}`);
  if (parsed.stages.length > 1) {
    return result(
      'unchanged',
      text,
      'MSC001',
      `already multi-stage (${parsed.stages.length} stages)`,
    );
  }
  return parsed;
}

function convertFile(text: string, context: BuildContext, options: ConvertOptions): ConvertResult {
  const parsed = readSingleStage(text, options);
  if ('status' in parsed) return parsed;
  const stage = parsed.stages[0];
  const builders = images().builders;
  const use: FactsUse = { used: [], changed: [] };
  const base = baseFromFacts(options, use, (img) => builders[builderKey(img.name, img.tag)]);
  const read = (p: ParsedDockerfile): StageModel => {
    const m = readStage(
      p,
      p.stages[0],
      base?.workdir ?? ((img) => builders[builderKey(img.name, img.tag)]?.workdir ?? '/'),
      base?.env ?? ((img) => builders[builderKey(img.name, img.tag)]?.env ?? {}),
    );
    // Planned as the official image the facts show (src/facts/refine.ts); the text keeps its FROM.
    if (options.baseAs) m.image = parseImage(options.baseAs, options.baseAs);
    return m;
  };
  const model = read(parsed);
  const unusable = unusableImage(text, stage, model);
  if (unusable) return unusable;
  const builderName = stage.name ?? 'builder';
  const files = new ImageFiles(model, context);
  // Planned as another image: providers that name the runtime from the FROM text see it too.
  const seen = options.baseAs
    ? { ...parsed, stages: [{ ...stage, image: options.baseAs }] }
    : parsed;
  const input: ProviderInput = { parsed: seen, model, ctx: context, files, options, builderName };
  const chosen = choose(input, options.lang);
  if ('kind' in chosen) return result('declined', text, chosen.code, chosen.reason);
  const { provider, evidence } = chosen;
  const searchPath =
    model.env.PATH ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
  const needs = startNeeds(model, files, searchPath);
  // An image whose own CMD serves the app it is given (php:X-apache) keeps that CMD when the
  // runtime is the same image; any other image without a start is a tools image.
  const serves = builders[builderKey(model.image.name, model.image.tag)]?.serves;
  if (!model.cmd && !model.entrypoint && !(serves && provider.id === 'php')) {
    return result(
      'declined',
      text,
      'MSC006',
      'there is no CMD or ENTRYPOINT, so the image runs whatever its base image runs (a tools or development image); nothing shows what a runtime stage would need.',
      provider.id,
    );
  }
  const idle = idleStart(needs);
  if (idle) {
    return result(
      'declined',
      text,
      'MSC006',
      `the container runs \`${idle}\`, so it is a development or tools image whose toolchain is the point; there is no app to put in a runtime stage.`,
      provider.id,
    );
  }
  // A start that builds at start is planned as its production equivalent, when there is one.
  const rewrite = rewriteStart(provider, input, needs, read, searchPath);
  if (rewrite && 'refused' in rewrite)
    return result('declined', text, rewrite.refused.code, rewrite.refused.reason, provider.id);
  const rewritten = rewrite;
  const planned = rewritten ?? { input, needs, builderText: text, warning: null, leftOut: [] };
  const plan = provider.plan(planned.input, planned.needs);
  if (plan.kind === 'decline') return result('declined', text, plan.code, plan.reason, provider.id);
  if (planned.warning) plan.warnings.unshift(planned.warning);
  if (options.facts) {
    const refused = refinePlan(plan, planned.input, options.facts, use);
    if (refused) return result('declined', text, refused.code, refused.reason, provider.id);
  }
  const installed = installedPackages(planned.input.model);
  let assembled: ReturnType<typeof assemble>;
  try {
    assembled = assemble(planned.input, plan, planned.needs, installed);
  } catch (e) {
    if (!(e instanceof UnsafeValue)) throw e;
    return result('error', text, e.code, e.message, provider.id);
  }
  if ('kind' in assembled)
    return result('declined', text, assembled.code, assembled.reason, provider.id, plan.warnings);
  if (plan.gain.length === 0 && assembled.dropped.length === 0) {
    return result(
      'declined',
      text,
      'MSC006',
      `the runtime image would be the builder's own (${model.image.resolved}) with nothing removed, so a split gains nothing.`,
      provider.id,
    );
  }

  const out = spliced(planned.builderText, options, {
    parsed,
    model,
    builderName,
    evidence,
    language: provider.id,
    assembled,
    use,
    leftOut: planned.leftOut,
  });
  if (rewritten) startBuilds.set(out, rewritten.builderText.slice(text.length));
  return out;
}

/** The lines a start rewrite added after the original ones, by conversion. */
const startBuilds = new WeakMap<ConvertResult, string>();

/** The offline switch of a start rewrite's added build step, or null. */
function offlineStartBuild(r: ConvertResult): string | null {
  const added = startBuilds.get(r);
  if (!added) return null;
  for (const line of added.split(/\r?\n/)) {
    const argv = line.split(/\s+/).filter((w) => w !== '' && !w.startsWith('--mount='));
    if (argv[0] !== 'RUN') continue;
    const off = offlineSwitch({ argv: argv.slice(1), vars: {}, env: {} });
    if (off) return off;
  }
  return null;
}

/** What the conversion planned, for the output to be written from. */
interface Planned {
  parsed: ParsedDockerfile;
  model: StageModel;
  builderName: string;
  evidence: string[];
  language: string;
  assembled: Assembled;
  use: FactsUse;
  leftOut: string[];
}

/**
 * The converted text: the builder kept byte for byte (named, edited, and with the build step
 * a start rewrite adds after its lines), the runtime stage after it. Edits are offsets into
 * the text the plan read; the builder part is the same in both.
 */
function spliced(builderText: string, options: ConvertOptions, done: Planned): ConvertResult {
  const text = builderText;
  const stage = done.parsed.stages[0];
  const builders = images().builders;
  const edits: TextEdit[] = done.assembled.builderEdits.filter((e) => e.end <= text.length);
  if (!stage.name)
    edits.push({ start: stage.imageEnd, end: stage.imageEnd, text: ` AS ${done.builderName}` });
  let body = applyEdits(text, edits);
  const eol = done.parsed.eol;
  if (!body.endsWith('\n') && !body.endsWith('\r')) body += eol;
  if (!body.endsWith(eol + eol)) body += eol;
  const output = body + done.assembled.appended;
  const before = builders[builderKey(done.model.image.name, done.model.image.tag)]?.sizeMB;
  return {
    status: 'converted',
    language: done.language,
    reason: null,
    code: null,
    warnings: done.assembled.warnings,
    output,
    explanation: {
      evidence: done.evidence,
      runtimeImage: done.assembled.runtime.image,
      runtimeWhy: done.assembled.runtime.why,
      copies: done.assembled.copies.map(({ from, src, dest, why }) => ({ from, src, dest, why })),
      packages: done.assembled.packages,
      notes: done.assembled.notes,
      estimate:
        before !== undefined
          ? { beforeMB: before, afterMB: done.assembled.runtime.facts.sizeMB }
          : undefined,
      ...(options.facts ? { facts: done.use } : {}),
      ...(done.leftOut.length > 0 ? { leftOut: done.leftOut } : {}),
    },
  };
}

/** The decline when the builder's image cannot be planned from (unknown, Windows, a base). */
function unusableImage(text: string, stage: Stage, model: StageModel): ConvertResult | null {
  if (!model.image.resolved || model.image.resolved.includes('$') || model.image.name === '') {
    return result(
      'declined',
      text,
      'MSC015',
      `FROM ${stage.image} names its image through a build argument with no default, so msconvert cannot tell the builder's OS; give the ARG a default.`,
    );
  }
  if (isWindowsImage(model.image)) {
    return result(
      'declined',
      text,
      'MSC004',
      `${model.image.resolved} is a Windows image; msconvert converts Linux images only.`,
    );
  }
  if (model.onbuild.length > 0) {
    return result(
      'declined',
      text,
      'MSC010',
      'the image has ONBUILD triggers, so it is a base for other builds and must keep its build tools.',
    );
  }
  return null;
}

/** The name the builder stage has or gets. */
function parsedBuilderName(text: string): string {
  return parseDockerfile(text).stages[0]?.name ?? 'builder';
}

/** A start command that only keeps the container alive or opens a shell. */
function idleStart(needs: StartNeeds): string | null {
  const main = needs.commands.filter((c) => c.from === 'CMD' || c.from === 'ENTRYPOINT');
  if (main.length !== 1) return null;
  const argv = main[0].argv.map((a, i) => (i === 0 ? a.replace(/^.*\//, '') : a));
  const text = argv.join(' ');
  if (/^tail -f \/dev\/null$|^sleep (infinity|inf|\d{5,})$/.test(text)) return text;
  if (argv.length === 1 && ['bash', 'sh', 'zsh', 'ash'].includes(argv[0])) return text;
  return null;
}

/** "A, B and C". */
function listOf(items: string[]): string {
  return items.length <= 1
    ? items.join('')
    : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
