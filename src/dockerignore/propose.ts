// The .dockerignore proposal for one build context: lines appended to the ignore file in
// effect (or a new one) that keep out what `COPY . .` would otherwise send to the builder and
// often into the image: version-control history, host dependency folders, caches, editor
// files, secrets by name and the Dockerfiles' own backups. Pure: it reads the context facade
// and the Dockerfiles; the CLI measures, shows and writes.
//
// Nothing the build needs is excluded. Every candidate line is checked with Docker's own
// matching against the paths the build takes (COPY/ADD and mount sources, files its commands
// and scripts name, .env files an app loader reads, what the runtime stage copies, what the
// existing file re-includes with `!`); a line that would exclude one is left out with a note.
import type { BuildContext } from '../context';
import { matcher, patternsOf, type Matcher } from './matcher';
import { usesOf, type DockerfileInput, type Uses } from './uses';
import {
  backupCandidates,
  dependencyCandidates,
  literal,
  namedByCommands,
  readers,
  scan,
  secretCandidates,
  toolCandidates,
  vcsCandidates,
  type Candidate,
  type Scan,
} from './candidates';
import { pushAll } from '../lists';

export type { DockerfileInput };

export type EntryKind = 'vcs' | 'dependencies' | 'cache' | 'editor' | 'secret' | 'backup';

export interface Entry {
  /** The line added, as written. */
  line: string;
  kind: EntryKind;
  why: string;
  /** Context paths present now that it keeps out (top-most only). */
  paths: string[];
}

export interface Proposal {
  /** The ignore file's current text, or null when there is none. */
  existing: string | null;
  /** The text with the proposed lines added (equal to existing when nothing is added). */
  output: string;
  added: Entry[];
  /** Candidates left out, each with the reason (a path the build needs). */
  leftOut: { line: string; why: string }[];
  /** Secret-looking files the proposal keeps out; inImage when the image had them before. */
  secrets: { path: string; inImage: boolean }[];
  /** Secret-looking files that stay because the build needs them. */
  keptSecrets: { path: string; why: string }[];
  /** The patterns in force before and after, for measuring. */
  before: string[];
  after: string[];
  /** Dockerfiles that could not be read; when any, nothing is proposed. */
  unreadable: string[];
}

export interface ProposeInput {
  ctx: BuildContext;
  /** Every Dockerfile that builds with this context and ignore file. */
  dockerfiles: DockerfileInput[];
  /** The ignore file's text, or null when it does not exist. */
  existing: string | null;
  /** --backup: each Dockerfile will get <file><suffix> beside it. */
  backupSuffix?: string | null;
}

/** Folders and files listed at most; the walk also stops at folders it would exclude. */
export function proposeDockerignore(input: ProposeInput): Proposal {
  const { ctx } = input;
  const before = patternsOf(input.existing);
  const excludedBefore = matcher(before);
  const exceptions = before.filter((p) => p.startsWith('!')).map((p) => p.slice(1));
  const empty: Proposal = {
    existing: input.existing,
    output: input.existing ?? '',
    added: [],
    leftOut: [],
    secrets: [],
    keptSecrets: [],
    before,
    after: before,
    unreadable: [],
  };
  const uses: Uses[] = [];
  for (const d of input.dockerfiles) {
    const u = usesOf(d, ctx);
    if (u) uses.push(u);
    else if (d.result) empty.unreadable.push(d.rel ?? 'a Dockerfile');
  }
  if (empty.unreadable.length > 0 || uses.length === 0 || !ctx.known) return empty;

  const s = scan(input, uses, excludedBefore, exceptions);
  const { envLoader, gitReader, runsGit } = readers(s);
  vcsCandidates(s, runsGit, gitReader);
  dependencyCandidates(s);
  toolCandidates(s);
  const secretFiles = secretCandidates(s, envLoader);
  backupCandidates(s);
  namedByCommands(s);
  const { accepted, added, leftOut } = chooseLines(s, before);
  const after = [...before, ...accepted];
  const excludedAfter = matcher(after);
  const keptSecrets = secretFiles
    .filter((p) => !excludedAfter(p) && s.copied(p))
    .map((p) => ({ path: p, why: s.needed.get(p) ?? 'a path the build needs holds it' }));
  if (added.length === 0) return { ...empty, leftOut, keptSecrets };
  const secrets = [...new Set(secretFiles)]
    .filter((p) => excludedAfter(p) && !excludedBefore(p))
    .sort()
    .map((p) => ({ path: p, inImage: s.uses.some((u) => u.reachesImage(p)) }));
  return {
    existing: input.existing,
    output: render(
      input.existing,
      added.map((e) => e.line),
    ),
    added,
    leftOut,
    secrets,
    keptSecrets,
    before,
    after,
    unreadable: [],
  };
}

function chooseLines(
  s: Scan,
  before: string[],
): { accepted: string[]; added: Entry[]; leftOut: { line: string; why: string }[] } {
  const { candidates, needed, excludedBefore } = s;
  // Each candidate in turn, checked with Docker's matching against everything needed.
  const accepted: string[] = [];
  const added: Entry[] = [];
  const leftOut: { line: string; why: string }[] = [];
  const neededPaths = [...needed.keys()];
  const seen = new Set(before);
  const tryLines = (lines: string[]): { rel: string; why: string } | null => {
    const after = matcher([...before, ...accepted, ...lines]);
    for (const rel of neededPaths)
      if (after(rel) && !excludedBefore(rel)) return { rel, why: needed.get(rel) as string };
    return null;
  };
  for (const c of candidates) {
    const fresh = c.lines.filter((l) => !seen.has(l));
    if (fresh.length === 0 || c.probes.every((p) => excludedBefore(p))) continue;
    const hit = tryLines(fresh);
    if (!hit) {
      pushAll(accepted, fresh);
      for (const l of fresh) seen.add(l);
      pushAll(added, entries(fresh, c, excludedBefore));
      continue;
    }
    if (c.perPath) {
      // The glob would take a needed file too: keep out the others one by one.
      const kept: string[] = [];
      for (const p of c.probes) {
        if (excludedBefore(p) || needed.has(p)) continue;
        const line = literal(p);
        if (seen.has(line) || tryLines([line])) continue;
        accepted.push(line);
        seen.add(line);
        kept.push(line);
      }
      if (kept.length) pushAll(added, entries(kept, { ...c, probes: kept }, excludedBefore));
    }
    leftOut.push({ line: fresh[0], why: `${hit.rel}: ${hit.why}` });
  }
  return { accepted, added, leftOut };
}

function entries(lines: string[], c: Candidate, excludedBefore: Matcher): Entry[] {
  const m = matcher(lines.filter((l) => !l.startsWith('!')));
  return lines.map((line) => ({
    line,
    kind: c.kind,
    why: line.startsWith('!') ? 'an example file, kept' : c.why,
    paths: line.startsWith('!')
      ? []
      : c.probes.filter((p) => !excludedBefore(p) && m(p) && matcher([line])(p)),
  }));
}

export const HEADER = '# Kept out of the build context by msconvert (MSC140)';

function render(existing: string | null, lines: string[]): string {
  const eol = existing?.includes('\r\n') ? '\r\n' : '\n';
  let out = existing ?? '';
  if (out !== '' && !out.endsWith('\n')) out += eol;
  if (out.trim() !== '') out += eol;
  return `${out}${HEADER}${eol}${lines.join(eol)}${eol}`;
}
