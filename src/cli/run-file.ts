// One file's run: read it, convert it with its settings, inspect and verify it with Docker
// when asked, write it.
import { composeRunStart } from '../compose-only';
import { convert, type ConvertResult } from '../convert';
import * as fs from 'fs';
import * as path from 'path';
import { FsContext, type BuildContext } from '../context';
import { sentContext } from '../sent-context';
import { simpleCommands } from '../shell';
import { oneLine, smartTerminal } from '../terminal';
import type { VerifyReport } from '../verify';
import { errorReport } from './error-report';
import { decode, FileError, readDockerfile, writeAtomic, type ReadFile } from './files';
import { fileSettings } from './settings';
import { shown } from './targets';
import type { FactsReport, FileReport, Input, Io, Options } from './types';

async function readStdin(stdin: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks);
}

export async function processOne(input: Input, opts: Options, io: Io): Promise<FileReport> {
  let read: ReadFile | null = null;
  let text: string;
  try {
    if (input.file === null) text = decode(await readStdin(io.stdin));
    else {
      read = readDockerfile(input.file);
      text = read.text;
    }
  } catch (e) {
    const fe = e instanceof FileError ? e : new FileError('MSC901', (e as Error).message);
    return errorReport(input.display, fe.code, fe.message);
  }
  let r = convertText(text, input, opts);
  // --inspect and --verify: facts from the built original refine the plan (src/facts).
  let facts: FactsReport | undefined;
  let prebuilt: import('../verify').VerifyOptions['prebuilt'];
  if ((opts.inspect || opts.verify) && (r.status === 'converted' || r.status === 'declined')) {
    const out = await inspectOne(text, r, input, opts, io);
    if (out) ({ result: r, facts, prebuilt } = out);
  }
  const report: FileReport = { path: input.display, ...r, original: text, facts };
  try {
    if (opts.verify && r.status === 'converted') {
      report.verify = await verifyOne(
        text,
        r.output,
        input,
        opts,
        io,
        prebuilt,
        r.explanation?.leftOut,
      );
      if (opts.write && report.verify.verdict !== 'verified') return report;
    }
  } finally {
    await prebuilt?.session.cleanup();
  }
  if (opts.write && read && input.file && r.status === 'converted' && r.output !== text) {
    try {
      writeAtomic(input.file, r.output, read, opts.backup ? { backupSuffix: '.orig' } : {});
      report.written = true;
    } catch (e) {
      const fe = e instanceof FileError ? e : new FileError('MSC905', (e as Error).message);
      return { ...report, status: 'error', code: fe.code, reason: fe.message, output: text };
    }
  }
  return report;
}

/**
 * The context as Docker sends it for this Dockerfile: a `<Dockerfile>.dockerignore` beside it
 * replaces the context's .dockerignore (convert() reads that one when there is none).
 */
function sentFor(input: Input): BuildContext {
  const ctx = new FsContext(input.context);
  if (input.file === null) return ctx;
  let own: string;
  try {
    own = fs.readFileSync(`${path.resolve(input.file)}.dockerignore`, 'utf8');
  } catch {
    return ctx;
  }
  return sentContext(ctx, own);
}

/** The conversion from the text alone, with the file's settings (flags over configuration). */
function convertText(text: string, input: Input, opts: Options): ConvertResult {
  try {
    const ctx = sentFor(input);
    const { ignore, cache, keepStart, configuredRuntime } = fileSettings(input, opts);
    const compose = input.compose ?? [];
    const common = { lang: opts.lang, ignore, cache, keepStart, compose };
    let r = convert(text, ctx, { ...common, runtime: opts.runtime });
    // The configuration's runtime for the language found; --runtime wins over it.
    const configured = configuredRuntime(r.language);
    if (configured && input.config) {
      r = convert(text, ctx, { ...common, runtime: configured });
      const from = `runtime ${configured} for ${r.language ?? 'this language'} from ${shown(input.config.file)}`;
      if (r.explanation) r.explanation.notes.push(from);
      else if (r.status === 'declined' && r.reason) r.reason = `${r.reason} (${from})`;
    }
    return r;
  } catch (e) {
    // A bug in msconvert must not cost the user their file: report it and go on.
    return {
      status: 'error',
      language: null,
      reason: `internal error: ${(e as Error).message}`,
      code: null,
      warnings: [],
      output: text,
      explanation: null,
    };
  }
}

/** The plan again from the built original's facts; null without a Docker daemon. */
async function inspectOne(
  text: string,
  r: ConvertResult,
  input: Input,
  opts: Options,
  io: Io,
): Promise<{
  result: ConvertResult;
  facts: FactsReport;
  prebuilt: import('../verify').VerifyOptions['prebuilt'];
} | null> {
  const { inspect } = require('../facts') as typeof import('../facts');
  const { available, DockerSession } = require('../docker') as typeof import('../docker');
  const docker = await available();
  if (!docker.ok) return null;
  const { ignore, configuredRuntime } = fileSettings(input, opts);
  const runtime = opts.runtime ?? configuredRuntime(r.language);
  const out = await inspect(
    text,
    input.context,
    sentFor(input),
    { lang: opts.lang, runtime, ignore, compose: input.compose ?? [] },
    new DockerSession(docker.backend),
    {
      buildTimeoutMs: opts.buildTimeout !== undefined ? opts.buildTimeout * 1000 : undefined,
      onProgress: (msg) => {
        if (!opts.json) io.stderr.write(`${input.display}: ${msg}\n`);
      },
    },
  );
  return {
    result: out.result,
    facts: { image: out.facts, differences: out.differences, error: out.error },
    prebuilt: out.prebuilt,
  };
}

async function verifyOne(
  original: string,
  converted: string,
  input: Input,
  opts: Options,
  io: Io,
  prebuilt?: import('../verify').VerifyOptions['prebuilt'],
  leftOut?: string[],
): Promise<VerifyReport> {
  // Loaded only for --verify.
  const { verify } = require('../verify') as typeof import('../verify');
  const tty = smartTerminal(io.stderr) && !opts.json;
  const frames = ['|', '/', '-', '\\'];
  let frame = 0;
  let last = '';
  const draw = () =>
    io.stderr.write(
      `\r\x1b[K${frames[frame++ % frames.length]} ${oneLine(`${input.display}: ${last}`)}`,
    );
  const timer = tty ? setInterval(draw, 120) : null;
  try {
    return await verify(original, converted, input.context, {
      probePath: opts.probePath,
      probePort: opts.probePort,
      probeCmd:
        opts.probeCmd === undefined ? undefined : (simpleCommands(opts.probeCmd)[0]?.argv ?? []),
      buildTimeoutMs: opts.buildTimeout !== undefined ? opts.buildTimeout * 1000 : undefined,
      runTimeoutMs: opts.runTimeout !== undefined ? opts.runTimeout * 1000 : undefined,
      env: { vars: opts.env, files: opts.envFile },
      start: composeRunStart(original, input.compose ?? []) ?? undefined,
      prebuilt,
      leftOut,
      onProgress: (msg) => {
        last = msg;
        if (tty) draw();
        else if (!opts.json) io.stderr.write(`${oneLine(`${input.display}: ${msg}`)}\n`);
      },
    });
  } finally {
    if (timer) clearInterval(timer);
    if (tty) io.stderr.write('\r\x1b[K');
  }
}
