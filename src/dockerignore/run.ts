// The CLI side of the .dockerignore proposal: which ignore file each Dockerfile builds with,
// one proposal per ignore file once every Dockerfile that uses it is converted, the
// measurement on disk, the warnings, the diff and the atomic write.
import * as fs from 'fs';
import * as path from 'path';
import type { Warning } from '../codes';
import { FsContext } from '../context';
import type { ConvertResult } from '../convert';
import {
  FileError,
  isDockerfileName,
  readDockerfile,
  writeAtomic,
  type ReadFile,
} from '../cli/files';
import { measure, mb, type Measure } from './measure';
import type { Proposal } from './propose';
import type { DockerfileInput } from './uses';
import { pushAll } from '../lists';

export interface RunInput {
  /** The Dockerfile on disk, or null for stdin. */
  file: string | null;
  context: string;
}

export interface RunReport extends ConvertResult {
  path: string;
  original?: string;
  written?: boolean;
}

export interface IgnoreReport {
  /** The ignore file, as shown. */
  path: string;
  /** Absolute path. */
  file: string;
  context: string;
  dockerfiles: string[];
  status: 'proposed' | 'written' | 'error';
  proposal: Proposal;
  measure: Measure | null;
  /** Write error, when status is error. */
  error?: { code: 'MSC905' | 'MSC906' | string; message: string };
}

interface Group {
  file: string;
  context: string;
  pending: number;
  members: { input: RunInput; report: RunReport | null; optedOut: boolean }[];
}

/** The ignore file Docker uses: <Dockerfile>.dockerignore beside it, else the context's. */
export function ignoreFileFor(file: string | null, context: string): string {
  if (file !== null) {
    const own = `${path.resolve(file)}.dockerignore`;
    if (isFile(own)) return own;
  }
  return path.join(path.resolve(context), '.dockerignore');
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** Dockerfile → its path relative to the context root, or null outside it. */
function relIn(context: string, file: string | null): string | null {
  if (file === null) return null;
  const rel = path.relative(path.resolve(context), path.resolve(file));
  return rel === '' || rel.startsWith('..') || path.isAbsolute(rel)
    ? null
    : rel.split(path.sep).join('/');
}

export class DockerignoreRun {
  private readonly groups = new Map<string, Group>();
  private readonly groupOf = new Map<RunInput, Group>();

  constructor(
    inputs: RunInput[],
    private readonly options: {
      backupSuffix: string | null;
      write: boolean;
      shown: (p: string) => string;
    },
  ) {
    for (const input of inputs) {
      const key = ignoreFileFor(input.file, input.context);
      let g = this.groups.get(key);
      if (!g) {
        g = { file: key, context: path.resolve(input.context), pending: 0, members: [] };
        this.groups.set(key, g);
      }
      g.pending++;
      this.groupOf.set(input, g);
    }
  }

  /**
   * Records a finished file. Returns the reports to show now, in order, and the proposal
   * when this was the last file of its group.
   */
  settle(
    input: RunInput,
    report: RunReport,
    optedOut: boolean,
  ): { reports: RunReport[]; ignore: IgnoreReport | null; failure?: string } {
    const g = this.groupOf.get(input);
    if (!g) return { reports: [report], ignore: null };
    g.members.push({ input, report, optedOut });
    if (--g.pending > 0) return { reports: [], ignore: null };
    const reports = g.members.map((m) => m.report as RunReport);
    try {
      return { reports, ignore: this.finish(g) };
    } catch (e) {
      // A bug here must not cost the user the Dockerfiles' reports.
      return {
        reports,
        ignore: null,
        failure: `${this.options.shown(g.file)}: no proposal, internal error: ${(e as Error).message}`,
      };
    }
  }

  private finish(g: Group): IgnoreReport | null {
    const converted = g.members.filter((m) => m.report?.status === 'converted' && !m.optedOut);
    if (converted.length === 0) return null;
    // Every Dockerfile that builds with this ignore file takes part: those of the run, and
    // those at the context root that msconvert was not asked about.
    const inRun = new Set(g.members.map((m) => (m.input.file ? path.resolve(m.input.file) : '')));
    const dockerfiles: DockerfileInput[] = g.members.map((m) => ({
      rel: relIn(g.context, m.input.file),
      text: m.report?.original ?? '',
      result: m.report,
    }));
    if (path.basename(g.file) === '.dockerignore' && path.dirname(g.file) === g.context) {
      for (const name of safeList(g.context)) {
        const full = path.join(g.context, name);
        if (!isDockerfileName(name) || inRun.has(full) || !isFile(full)) continue;
        if (isFile(`${full}.dockerignore`)) continue;
        try {
          dockerfiles.push({ rel: name, text: readDockerfile(full).text, result: null });
        } catch {
          // Not readable as a Dockerfile: Docker would not build it either.
        }
      }
    }
    let existing: ReadFile | null = null;
    // Something else by that name (a folder, a socket): not a file msconvert may write.
    if (fs.existsSync(g.file) && !isFile(g.file)) return null;
    try {
      existing = isFile(g.file) ? readDockerfile(g.file) : null;
    } catch {
      return null; // an ignore file msconvert cannot read as text is left alone
    }
    // Loaded here: a run whose files all decline or fail never reads a Dockerfile again.
    const { proposeDockerignore } = require('./propose') as typeof import('./propose');
    const proposal = proposeDockerignore({
      ctx: new FsContext(g.context),
      dockerfiles,
      existing: existing?.text ?? null,
      backupSuffix: this.options.backupSuffix,
    });
    if (proposal.added.length === 0 && proposal.keptSecrets.length === 0) return null;
    const report: IgnoreReport = {
      path: this.options.shown(g.file),
      file: g.file,
      context: g.context,
      dockerfiles: g.members.map((m) => m.report?.path ?? '-'),
      status: 'proposed',
      proposal,
      measure:
        proposal.added.length > 0 ? measure(g.context, proposal.before, proposal.after) : null,
    };
    for (const m of converted) pushAll((m.report as RunReport).warnings, warningsFor(report));
    if (proposal.added.length === 0) return null;
    if (this.options.write && g.members.some((m) => m.report?.written)) {
      try {
        writeIgnoreFile(g.file, proposal.output, existing);
        report.status = 'written';
      } catch (e) {
        const fe = e instanceof FileError ? e : new FileError('MSC905', (e as Error).message);
        report.status = 'error';
        report.error = { code: fe.code, message: fe.message };
      }
    }
    return report;
  }
}

function safeList(dir: string): string[] {
  try {
    return fs.readdirSync(dir).sort();
  } catch {
    return [];
  }
}

function listOf(items: string[], max = 4): string {
  const shown = items.slice(0, max);
  const more = items.length > max ? ` and ${items.length - max} more` : '';
  return `${shown.join(', ')}${more}`;
}

/** MSC140 for a proposal, MSC141 for each secret-looking file the image still gets. */
export function warningsFor(r: IgnoreReport): Warning[] {
  const out: Warning[] = [];
  const p = r.proposal;
  if (p.added.length > 0) {
    const m = r.measure;
    const what = p.existing === null ? 'is proposed' : 'gets new lines';
    const lines = listOf(p.added.map((e) => e.line));
    if (m && m.keptOut > 0) {
      const secrets = p.secrets.length
        ? `, and ${p.secrets.length} secret-looking file${p.secrets.length > 1 ? 's' : ''} (${listOf(p.secrets.map((s) => s.path))})`
        : '';
      out.push({
        code: 'MSC140',
        message: `the build context sends ${mb(m.keptOut)}${m.truncated ? ' or more' : ''} that no build step needs${secrets}; ${r.path} ${what}: ${lines}`,
      });
    } else {
      // Nothing to keep out yet: the lines stop what a local install or build would leave.
      out.push({
        code: 'MSC140',
        message: `nothing keeps a local install or build out of the build context; ${r.path} ${what}: ${lines}`,
      });
    }
  }
  for (const s of p.keptSecrets)
    out.push({
      code: 'MSC141',
      message: `${s.path} looks like a secret but stays in the build context: ${s.why}; pass secrets at run time or with RUN --mount=type=secret`,
    });
  return out;
}

/** The explanation lines printed after the diff. */
export function explainIgnore(r: IgnoreReport): string {
  const p = r.proposal;
  const lines = [
    `${r.path}: ${r.status === 'written' ? 'written' : r.status === 'error' ? 'not written' : 'proposed'} for ${listOf(r.dockerfiles)} (MSC140)`,
  ];
  if (r.measure) {
    const m = r.measure;
    const top = m.byPath
      .slice(0, 4)
      .map((b) => `${b.path} ${mb(b.bytes)}`)
      .join(', ');
    lines.push(
      m.keptOut > 0
        ? `  keeps out: ${mb(m.keptOut)}${m.truncated ? ' or more' : ''} of the ${mb(m.sentBefore)} the context sent${top ? ` (${top})` : ''}`
        : `  keeps out: nothing yet (the context sends ${mb(m.sentBefore)}); the lines stop what a local install or build would leave`,
    );
  }
  for (const e of p.added) lines.push(`  adds:      ${e.line} (${e.why})`);
  const inImage = p.secrets.filter((s) => s.inImage).map((s) => s.path);
  const inContext = p.secrets.filter((s) => !s.inImage).map((s) => s.path);
  if (inImage.length) lines.push(`  secrets:   out of the image now: ${inImage.join(', ')}`);
  if (inContext.length)
    lines.push(`  secrets:   out of the build context now: ${inContext.join(', ')}`);
  for (const l of p.leftOut) lines.push(`  left out:  ${l.line}, because ${l.why}`);
  if (r.error) lines.push(`  error:     ${r.error.message} [${r.error.code}]`);
  return `${lines.join('\n')}\n`;
}

/** A unified diff of the ignore file, git-style (/dev/null for a new file). */
export function ignoreDiff(r: IgnoreReport, cwd: string): string {
  const rel = path.relative(cwd, r.file);
  const inside = !rel.startsWith('..') && !path.isAbsolute(rel);
  const label = inside ? rel.split(path.sep).join('/') : r.file;
  const from = r.proposal.existing === null ? '/dev/null' : inside ? `a/${label}` : label;
  const to = inside ? `b/${label}` : label;
  const { createTwoFilesPatch } = require('diff/lib/patch/create.js') as typeof import('diff');
  return createTwoFilesPatch(from, to, r.proposal.existing ?? '', r.proposal.output, '', '')
    .replace(/^=+\n/m, '')
    .replace(/^Index: .*\n/m, '');
}

/** JSON for --json: what was proposed and why, with the measured sizes. */
export function ignoreJson(r: IgnoreReport): Record<string, unknown> {
  const p = r.proposal;
  return {
    path: r.path,
    context: r.context,
    dockerfiles: r.dockerfiles,
    status: r.status,
    created: p.existing === null,
    added: p.added,
    leftOut: p.leftOut,
    secrets: p.secrets,
    keptSecrets: p.keptSecrets,
    contextBytes: r.measure?.sentBefore ?? null,
    keptOutBytes: r.measure?.keptOut ?? null,
    keptOutByPath: r.measure?.byPath ?? [],
    measureTruncated: r.measure?.truncated ?? false,
    ...(r.error ? { error: r.error } : {}),
    output: p.output,
  };
}

/**
 * Writes the ignore file atomically: an existing one through writeAtomic (which refuses if
 * it changed since it was read), a new one through a temporary file linked into place, which
 * fails rather than replace a file that appeared meanwhile.
 */
export function writeIgnoreFile(file: string, text: string, existing: ReadFile | null): void {
  if (existing) {
    writeAtomic(file, text, existing);
    return;
  }
  const dir = path.dirname(file);
  const tmp = path.join(
    dir,
    `.${path.basename(file)}.msconvert-${process.pid}-${Date.now().toString(36)}.tmp`,
  );
  try {
    fs.writeFileSync(tmp, text, { flag: 'wx', mode: 0o644 });
    const fd = fs.openSync(tmp, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.linkSync(tmp, file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new FileError(
      code === 'EEXIST' ? 'MSC906' : 'MSC905',
      code === 'EEXIST'
        ? `${path.basename(file)} appeared while msconvert was working; nothing was written, run msconvert again`
        : `cannot write: ${(e as Error).message}`,
    );
  } finally {
    try {
      fs.unlinkSync(tmp);
    } catch {
      // Not created.
    }
  }
}
