// The report of a file msconvert could not convert at all (unreadable, missing, a bad path):
// made both while finding the files of a run (targets.ts) and while running one (run-file.ts).
import type { Code } from '../codes';
import type { FileReport } from './types';

export function errorReport(p: string, code: Code, message: string, text = ''): FileReport {
  return {
    path: p,
    status: 'error',
    language: null,
    reason: message,
    code,
    warnings: [],
    output: text,
    explanation: null,
  };
}
