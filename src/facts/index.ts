// --inspect (and --verify): build the original once, read facts from it, and convert again
// with them. The text-only conversion stays the default; this only refines it, and lists
// where the two plans differ. The built original is handed on to verify() so it is not built
// twice.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { BuildContext } from '../context';
import { convert, type ConvertOptions, type ConvertResult } from '../convert';
import type { BuildResult, DockerSession } from '../docker';
import { parseDockerfile } from '../parse';
import { imageFacts, libraryFacts } from './gather';
import type { ImageFacts } from './types';

export type { ImageFacts, FactsUse } from './types';

export interface InspectOutcome {
  /** The conversion with facts (the text-only one when facts could not be read). */
  result: ConvertResult;
  /** The text-only conversion, for comparison. */
  textOnly: ConvertResult;
  facts?: ImageFacts;
  /** Where the facts-refined plan differs from the text-only one. */
  differences: string[];
  /** Why no facts were read (the original does not build ...). */
  error?: string;
  /** The original as built, for verify(). */
  prebuilt: { session: DockerSession; tag: string; build: BuildResult };
}

type Options = ConvertOptions & { ignore?: readonly string[] };

/** One line per difference between two conversions of the same file. */
export function planDifferences(a: ConvertResult, b: ConvertResult): string[] {
  const out: string[] = [];
  if (a.status !== b.status)
    out.push(
      `status ${a.status}${a.code ? ` [${a.code}]` : ''} -> ${b.status}${b.code ? ` [${b.code}]` : ''}`,
    );
  const ea = a.explanation;
  const eb = b.explanation;
  if (ea && eb) {
    if (ea.runtimeImage !== eb.runtimeImage)
      out.push(`runtime ${ea.runtimeImage} -> ${eb.runtimeImage}`);
    const copy = (c: { src: string; dest: string }) => `${c.src}->${c.dest}`;
    const ca = new Set(ea.copies.map(copy));
    const cb = new Set(eb.copies.map(copy));
    for (const c of cb) if (!ca.has(c)) out.push(`copies ${c.replace(/->(.*)$/, ' (to $1)')}`);
    for (const c of ca) if (!cb.has(c)) out.push(`no longer copies ${c.replace(/->.*$/, '')}`);
    const pa = new Set(ea.packages);
    for (const p of eb.packages) if (!pa.has(p)) out.push(`installs ${p}`);
    const pb = new Set(eb.packages);
    for (const p of ea.packages) if (!pb.has(p)) out.push(`no longer installs ${p}`);
  }
  if (out.length === 0 && a.output !== b.output) out.push('the output text differs');
  return out;
}

/**
 * Builds the original in `session` and converts again with its facts. The caller owns the
 * session (and cleans it up after verify()).
 */
export async function inspect(
  text: string,
  contextDir: string,
  ctx: BuildContext,
  options: Options,
  session: DockerSession,
  opts: { buildTimeoutMs?: number; onProgress?: (msg: string) => void } = {},
): Promise<InspectOutcome> {
  const progress = opts.onProgress ?? (() => undefined);
  const timeout = opts.buildTimeoutMs ?? 600000;
  const textOnly = convert(text, ctx, options);
  const tag = session.newTag('original');
  progress('building the original');
  const build = await session.build(text, contextDir, tag, timeout);
  const prebuilt = { session, tag, build };
  if (!build.ok)
    return {
      result: textOnly,
      textOnly,
      differences: [],
      error: `the original does not build: ${build.error}`,
      prebuilt,
    };
  progress(`original built in ${build.seconds.toFixed(1)} s; reading its facts`);
  const parsed = parseDockerfile(text);
  const stage = parsed.stages[0];
  // The base image alone, for its own configuration and contents: the text up to the FROM
  // image (parser directives and global ARGs included), with an empty context.
  let baseTag: string | undefined;
  if (stage) {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'msconvert-base-'));
    try {
      const t = session.newTag('base');
      const b = await session.build(`${text.slice(0, stage.imageEnd)}\n`, empty, t, timeout);
      if (b.ok) baseTag = t;
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  }
  const facts = await imageFacts(session, stage?.image ?? '', tag, baseTag);
  let result = convert(text, ctx, { ...options, facts });
  // Libraries of what the runtime stage copies: known only once there is a plan.
  const planned = result.status === 'converted' ? result : textOnly;
  const roots = [
    ...new Set(
      (planned.explanation?.copies ?? []).map((c) => c.src).filter((s) => s.startsWith('/')),
    ),
  ];
  if (roots.length) {
    progress('reading the libraries of the files to copy');
    const libs = await libraryFacts(session, tag, roots);
    facts.libraries = libs.libraries;
    facts.scanned = libs.scanned;
    result = convert(text, ctx, { ...options, facts });
  }
  return { result, textOnly, facts, differences: planDifferences(textOnly, result), prebuilt };
}
