// SARIF 2.1.0 for code-scanning dashboards: one result per file that would change (rule
// MSC000, level warning) or was declined (its decline code, level note). A conversion carries
// the new text as a fix: one artifactChange replacing the whole file. Files that could not be
// read or parsed are tool execution notifications, not results.
import * as path from 'path';
import { CODES, ruleUrl, type Code } from '../codes';
import {
  CONVERTIBLE,
  convertedMessage,
  declinedMessage,
  fileUri,
  fromLine,
  relativePath,
  warningsText,
  type FormatOptions,
  type ReportEntry,
} from './report';

export const SARIF_SCHEMA =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const SRCROOT = '%SRCROOT%';
const INFORMATION_URI = 'https://github.com/msconvert/msconvert';

type Level = 'error' | 'warning' | 'note';

interface ArtifactLocation {
  uri: string;
  uriBaseId?: string;
}

function location(e: ReportEntry, opts: FormatOptions): ArtifactLocation {
  const rel = relativePath(e.path, opts.cwd);
  if (rel !== null)
    return { uri: rel.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
  if (e.path === '-') return { uri: '-' };
  return { uri: fileUri(path.resolve(opts.cwd, e.path)) };
}

/** The region of the whole text, end exclusive: what a fix replaces. */
function wholeFile(text: string) {
  const lines = text.split(/\r\n|\r|\n/);
  return {
    startLine: 1,
    startColumn: 1,
    endLine: lines.length,
    endColumn: lines[lines.length - 1].length + 1,
    charOffset: 0,
    charLength: text.length,
  };
}

function lineRegion(text: string) {
  const { line, length } = fromLine(text);
  // The BOM is not a column a reader sees.
  const bom = line === 1 && text.startsWith('\uFEFF') ? 1 : 0;
  return { startLine: line, startColumn: 1 + bom, endLine: line, endColumn: length + 1 + bom };
}

export function sarif(
  entries: readonly ReportEntry[],
  opts: FormatOptions & { exitCode?: number },
): string {
  const rules: Code[] = [];
  const ruleIndex = (c: Code) => {
    if (!rules.includes(c)) rules.push(c);
    return rules.indexOf(c);
  };
  const results: unknown[] = [];
  const notifications: unknown[] = [];
  for (const e of entries) {
    const artifact = location(e, opts);
    const properties = {
      status: e.status,
      language: e.language,
      ...(e.warnings.length ? { warnings: e.warnings } : {}),
    };
    if (e.status === 'converted') {
      const warn = e.warnings.length ? ` Warnings: ${warningsText(e.warnings)}` : '';
      results.push({
        ruleId: CONVERTIBLE,
        ruleIndex: ruleIndex(CONVERTIBLE),
        level: 'warning' satisfies Level,
        message: { text: `${convertedMessage(e)}${warn}` },
        locations: [
          { physicalLocation: { artifactLocation: artifact, region: lineRegion(e.original) } },
        ],
        fixes: [
          {
            description: { text: 'Convert to a multi-stage build (msconvert --write)' },
            artifactChanges: [
              {
                artifactLocation: artifact,
                replacements: [
                  { deletedRegion: wholeFile(e.original), insertedContent: { text: e.output } },
                ],
              },
            ],
          },
        ],
        properties,
      });
    } else if (e.status === 'declined' && e.code) {
      results.push({
        ruleId: e.code,
        ruleIndex: ruleIndex(e.code),
        level: 'note' satisfies Level,
        message: { text: declinedMessage(e) },
        locations: [
          { physicalLocation: { artifactLocation: artifact, region: lineRegion(e.original) } },
        ],
        properties,
      });
    } else if (e.status === 'error') {
      notifications.push({
        level: 'error' satisfies Level,
        message: { text: `${e.path}: ${e.reason ?? 'error'}` },
        ...(e.code ? { descriptor: { id: e.code } } : {}),
        locations: [{ physicalLocation: { artifactLocation: artifact } }],
      });
    }
  }
  const defaultLevel = (c: Code): Level => (c === CONVERTIBLE ? 'warning' : 'note');
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'msconvert',
            version: opts.version,
            semanticVersion: opts.version,
            informationUri: INFORMATION_URI,
            rules: rules.map((c) => ({
              id: c,
              shortDescription: { text: CODES[c] },
              helpUri: ruleUrl(c),
              help: { text: `${CODES[c]}: see ${ruleUrl(c)}` },
              defaultConfiguration: { level: defaultLevel(c) },
            })),
          },
        },
        invocations: [
          {
            executionSuccessful: notifications.length === 0,
            ...(opts.exitCode !== undefined ? { exitCode: opts.exitCode } : {}),
            ...(notifications.length ? { toolExecutionNotifications: notifications } : {}),
          },
        ],
        originalUriBaseIds: { [SRCROOT]: { uri: `${fileUri(opts.cwd).replace(/\/?$/, '/')}` } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
