// What the document formats (SARIF, Checkstyle) need to know about one file, and the helpers
// they share. They are written once every file is done: both are single documents.
import * as path from 'path';
import { pathToFileURL } from 'url';
import { CODES, type Code, type Warning } from '../codes';
import type { Explanation, Status } from '../convert';

export interface ReportEntry {
  /** The path as the user gave or msconvert found it; '-' for stdin. */
  path: string;
  status: Status;
  language: string | null;
  reason: string | null;
  code: Code | null;
  warnings: Warning[];
  /** The text read ('' when the file could not be read). */
  original: string;
  /** The new text, or the original when not converted. */
  output: string;
  explanation: Explanation | null;
}

export interface FormatOptions {
  version: string;
  /** Folder relative paths are resolved against (the current folder). */
  cwd: string;
}

/** The finding a converted file gets in formats that need a rule for every result. */
export const CONVERTIBLE: Code = 'MSC000';

/** 1-based line and the length of the first FROM line (where ` AS builder` goes), or line 1. */
export function fromLine(text: string): { line: number; length: number } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const i = lines.findIndex((l) => /^\s*FROM\s/i.test(l));
  const at = i < 0 ? 0 : i;
  return { line: at + 1, length: lines[at]?.length ?? 0 };
}

/** A relative, slash-separated path under `cwd`, or null when the file lies elsewhere. */
export function relativePath(p: string, cwd: string): string | null {
  if (p === '-') return null;
  const rel = path.relative(cwd, path.resolve(cwd, p));
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return null;
  return rel.split(path.sep).join('/');
}

export function convertedMessage(e: ReportEntry): string {
  const x = e.explanation;
  const where = x ? ` and runs on ${x.runtimeImage}` : '';
  const size = x?.estimate
    ? ` (base image ~${x.estimate.beforeMB} MB -> ~${x.estimate.afterMB} MB)`
    : '';
  const lang = e.language ? `${e.language} ` : '';
  return `This Dockerfile can be a multi-stage build: the ${lang}build stays in a builder stage, the app is copied to a runtime stage${where}${size}. Apply the suggested change with msconvert --write.`;
}

export function declinedMessage(e: ReportEntry): string {
  return `msconvert leaves this Dockerfile single-stage: ${e.reason ?? (e.code ? CODES[e.code] : 'declined')}`;
}

export function warningsText(warnings: readonly Warning[]): string {
  return warnings.map((w) => `${w.code}: ${w.message}`).join(' ');
}

export function fileUri(p: string): string {
  return pathToFileURL(p).href;
}
