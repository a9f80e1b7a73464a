// Every code has a page under docs/rules/ and every page a code; each page explains the code,
// shows a Dockerfile before and after, and says how to act. The examples are run: the
// "Before" Dockerfile must get the page's code and the "After" one must not, and a warning
// must go away with `# msconvert ignore=<CODE>`.
import * as fs from 'fs';
import * as path from 'path';
import { CODES, RULES_URL, ruleUrl, type Code } from '../src/codes';
import { composeStarts } from '../src/compose';
import type { ComposeStart } from '../src/compose-start';
import { codeKind } from '../src/config';
import { MemoryContext } from '../src/context';
import { convert, type ConvertResult } from '../src/convert';
import type { ImageFacts } from '../src/facts/types';
import { proposeDockerignore } from '../src/dockerignore/propose';
import { LANGUAGES } from '../src/providers';
import { ROOT } from './helpers';

const RULES = path.join(ROOT, 'docs', 'rules');
const pages = fs
  .readdirSync(RULES)
  .filter((n) => n.endsWith('.md'))
  .map((n) => n.replace(/\.md$/, ''))
  .sort();
const codes = Object.keys(CODES).sort() as Code[];

interface Block {
  lang: string;
  text: string;
  /** The paragraph just above the block, on one line. */
  label: string;
}

function section(md: string, title: string): string {
  const start = md.indexOf(`\n## ${title}\n`);
  if (start < 0) return '';
  const rest = md.slice(start + title.length + 5);
  const end = rest.search(/\n## /);
  return end < 0 ? rest : rest.slice(0, end);
}

function blocks(md: string): Block[] {
  const out: Block[] = [];
  const re = /```(\w*)\n([\s\S]*?)```/g;
  for (const m of md.matchAll(re)) {
    const paragraphs = md
      .slice(0, m.index)
      .trimEnd()
      .split(/\n\s*\n/);
    const label = (paragraphs[paragraphs.length - 1] ?? '').trim().replace(/\s*\n\s*/g, ' ');
    out.push({ lang: m[1], text: m[2], label });
  }
  return out;
}

interface Example {
  files: Record<string, string>;
  before: string;
  after: string;
  options: {
    runtime?: string;
    lang?: string;
    facts?: ImageFacts;
    cache?: boolean;
    compose?: ComposeStart[];
    keepStart?: boolean;
  };
  /** Facts read from the After image, when they differ from the Before image's. */
  factsAfter?: ImageFacts;
}

function example(md: string): Example | null {
  const bs = blocks(section(md, 'Example'));
  const files: Record<string, string> = {};
  for (const b of bs) {
    const m = /^`([^`]+)` in the build context:$/.exec(b.label);
    if (m) files[m[1]] = b.text;
  }
  const dockerfiles = bs.filter((b) => b.lang === 'dockerfile');
  const before = dockerfiles.find((b) => b.label.startsWith('Before'));
  const after = dockerfiles.find((b) => b.label.startsWith('After'));
  if (!before || !after) return null;
  const options: Example['options'] = {};
  for (const m of before.label.matchAll(/--(runtime|lang)[ =]([^\s`]+)/g))
    options[m[1] as 'runtime' | 'lang'] = m[2];
  // Codes that only facts from the built image give (--inspect): the facts as JSON blocks.
  const facts = (which: string) => {
    const b = bs.find(
      (x) => x.lang === 'json' && x.label.startsWith(`Facts read from the ${which}`),
    );
    return b ? (JSON.parse(b.text) as ImageFacts) : undefined;
  };
  options.facts = facts('Before');
  if (/--cache\b/.test(before.label)) options.cache = true;
  // Codes about a Compose service's start: its `compose.yaml`, read as the CLI reads it.
  const compose = bs.find((b) => b.lang === 'yaml' && /^`compose\.ya?ml` beside/.test(b.label));
  if (compose) options.compose = composeStarts(compose.text);
  if (/--keep-start\b/.test(before.label)) options.keepStart = true;
  return { files, before: before.text, after: after.text, options, factsAfter: facts('After') };
}

function has(r: ConvertResult, code: Code): boolean {
  if (code === 'MSC000') return r.status === 'converted';
  return r.code === code || r.warnings.some((w) => w.code === code);
}

describe('docs/rules', () => {
  it('has a page for every code and a code for every page', () => {
    expect(pages.filter((p) => !codes.includes(p as Code))).toEqual([]);
    expect(codes.filter((c) => !pages.includes(c))).toEqual([]);
  });

  it('links to the pages in the repository', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      repository: { url: string };
    };
    const repo = pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
    expect(RULES_URL).toBe(`${repo}/blob/main/docs/rules`);
    expect(ruleUrl('MSC101')).toBe(`${RULES_URL}/MSC101.md`);
  });

  describe.each(codes)('%s', (code) => {
    const file = path.join(RULES, `${code}.md`);
    const md = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    const kind = codeKind(code);

    it('names the code and its description, and has the three sections', () => {
      expect(md.split('\n')[0]).toBe(`# ${code}: ${CODES[code]}`);
      for (const s of ['What it means', 'Example', 'How to act'])
        expect(section(md, s).trim()).not.toBe('');
      expect(blocks(section(md, 'Example')).length).toBeGreaterThan(0);
    });

    if (kind === 'warning') {
      it('says how to silence it', () => {
        expect(md).toContain(`# msconvert ignore=${code}`);
        expect(md).toContain(`--ignore ${code}`);
      });
    } else if (kind === 'decline') {
      it('says a decline cannot be silenced', () => {
        expect(md).toContain('cannot be silenced');
      });
    }

    // Notes about a folder walk (not about one Dockerfile) show a command-line example.
    if (kind === 'error' || md.includes('<!-- example: cli -->')) return;

    // A page may need a provider another change brings: `<!-- provider: rust -->`.
    const needs = /<!-- provider: (\w+) -->/.exec(md)?.[1];
    const runnable = !needs || LANGUAGES.some((p) => p.id === needs);
    const ex = example(md);

    it('has a Before and an After Dockerfile', () => {
      expect(ex).not.toBeNull();
    });

    // Codes about the build context (`<!-- check: dockerignore -->`): the Before Dockerfile's
    // proposal gets the code with the context files, and not with the files marked "after".
    if (/<!-- check: dockerignore -->/.test(md)) {
      it('the example context gets the code before and not after', () => {
        if (!ex) throw new Error(`docs/rules/${code}.md has no Before and After Dockerfiles`);
        const after: Record<string, string> = { ...ex.files };
        for (const b of blocks(section(md, 'Example'))) {
          const m = /^`([^`]+)` in the build context after:$/.exec(b.label);
          if (m) after[m[1]] = b.text;
        }
        const got = (files: Record<string, string>) => {
          const ctx = new MemoryContext({ ...files, Dockerfile: ex.before });
          const p = proposeDockerignore({
            ctx,
            existing: files['.dockerignore'] ?? null,
            dockerfiles: [{ rel: 'Dockerfile', text: ex.before, result: convert(ex.before, ctx) }],
          });
          return code === 'MSC140' ? p.added.length > 0 : p.keptSecrets.length > 0;
        };
        expect(convert(ex.before, new MemoryContext(ex.files)).output).toBe(ex.after);
        expect({ code, before: got(ex.files) }).toEqual({ code, before: true });
        expect({ code, after: got(after) }).toEqual({ code, after: false });
      });
      return;
    }

    (runnable ? it : it.skip)('the example gets the code before and not after', () => {
      if (!ex) throw new Error(`docs/rules/${code}.md has no Before and After Dockerfiles`);
      const ctx = () => new MemoryContext(ex.files);
      const before = convert(ex.before, ctx(), ex.options);
      const after = convert(ex.after, ctx(), {
        ...ex.options,
        facts: ex.factsAfter ?? ex.options.facts,
      });
      if (code === 'MSC001') {
        // The finding is about the result: a multi-stage file is left as it is.
        expect(has(before, code)).toBe(false);
        expect(after.status).toBe('unchanged');
        expect(after.code).toBe(code);
        return;
      }
      expect({ code, before: has(before, code) }).toEqual({ code, before: true });
      expect({ code, after: has(after, code) }).toEqual({ code, after: false });
      if (kind === 'warning') {
        const silenced = convert(`# msconvert ignore=${code}\n${ex.before}`, ctx(), ex.options);
        expect(has(silenced, code)).toBe(false);
        expect(silenced.status).toBe(before.status);
      }
      if (kind === 'decline') {
        // Ignoring a decline changes nothing.
        const ignored = convert(`# msconvert ignore=${code}\n${ex.before}`, ctx(), {
          ...ex.options,
          ignore: [code],
        });
        expect(ignored.code).toBe(before.code);
        expect(ignored.status).toBe(before.status);
      }
    });
  });
});
