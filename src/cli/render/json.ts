// --format json: one document, written file by file as each is done.
import type { FileReport } from '../types';

export function jsonFile(r: FileReport): string {
  return JSON.stringify(
    {
      path: r.path,
      status: r.status,
      language: r.language,
      reason: r.reason,
      code: r.code,
      warnings: r.warnings,
      output: r.output,
      explanation: r.explanation,
      ...(r.written !== undefined ? { written: r.written } : {}),
      ...(r.verify ? { verify: r.verify } : {}),
      ...(r.facts ? { facts: r.facts } : {}),
    },
    null,
    2,
  ).replace(/\n/g, '\n    ');
}
