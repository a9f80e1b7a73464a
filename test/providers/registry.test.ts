// The registry loads a provider only when its text `hint` matches (src/providers/index.ts), so a
// hint that rejects a Dockerfile the provider's detect() accepts would silently lose that
// provider. For every provider: every example Dockerfile, every Dockerfile written in a table
// test, and variants of each (image names in other cases, registry prefixes, the RUN commands
// alone) go through both; the test fails when detect accepts a text the hint rejects.
import * as fs from 'fs';
import * as path from 'path';
import { LANGUAGES, providerById, providersFor } from '../../src/providers';
import { MemoryContext } from '../../src';
import { ImageFiles } from '../../src/analysis/files';
import { readStage } from '../../src/analysis/stage';
import { parseDockerfile } from '../../src/parse';
import type { ProviderInput } from '../../src/providers/contract';
import { examples, ROOT } from '../helpers';

/** Every file under test/ ending in .test.ts (this one included: its own cases below). */
function testFiles(dir = path.join(ROOT, 'test')): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'fixtures' ? [] : testFiles(p);
    return e.name.endsWith('.test.ts') ? [p] : [];
  });
}

/** String literals in the source that hold a Dockerfile (a FROM line), unescaped. */
function dockerfilesIn(source: string): string[] {
  const out: string[] = [];
  const literal = /'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"|`((?:[^`\\$]|\\.|\$(?!\{))*)`/g;
  for (const m of source.matchAll(literal)) {
    const raw = m[1] ?? m[2] ?? m[3];
    if (!/(^|\\n|\n)\s*FROM\s/i.test(raw)) continue;
    out.push(
      raw.replace(/\\(.)/g, (_s, c: string) =>
        c === 'n' ? '\n' : c === 't' ? '\t' : c === 'r' ? '\r' : c,
      ),
    );
  }
  return out;
}

/** The text and the variants the hint must survive. */
function variants(text: string): string[] {
  const from = (f: (image: string) => string) =>
    text.replace(
      /^(\s*FROM\s+(?:--\S+\s+)*)(\S+)/gim,
      (_m, head: string, img: string) => head + f(img),
    );
  const runs = text
    .split('\n')
    .filter((l) => /^\s*RUN\s/i.test(l))
    .join('\n');
  return [
    text,
    from((i) => i.toUpperCase()),
    from((i) => i.toLowerCase()),
    from((i) => `docker.io/library/${i}`),
    from((i) => `registry.example.com:5000/mirror/${i}`),
    from((i) => `public.ecr.aws/docker/library/${i}`),
    text.toUpperCase(),
    `FROM debian:12\n${runs}\n`,
  ];
}

// Spellings a hint could miss that the table tests may not hold.
const OWN = [
  'FROM debian:12\nRUN "go" build -o /a .\nCMD ["/a"]\n',
  'FROM debian:12\nRUN go \\\n  build -o /a .\nCMD ["/a"]\n',
  'FROM debian:12\nRUN /usr/local/go/bin/go install ./...\n',
  'FROM debian:12\nRUN "npm" ci\n',
  'FROM debian:12\nRUN corepack pnpm install\n',
  'FROM debian:12\nRUN ["/usr/bin/npm", "ci"]\n',
];

const corpus = [
  ...examples().map((e) => fs.readFileSync(path.join(e.dir, 'Dockerfile'), 'utf8')),
  ...testFiles().flatMap((f) => dockerfilesIn(fs.readFileSync(f, 'utf8'))),
  ...OWN,
];
const texts = [...new Set(corpus.flatMap(variants))];

/** Each text read once, as convert reads it (no context: a manifest alone never detects). */
const inputs: { text: string; input: ProviderInput }[] = texts.flatMap((text) => {
  try {
    const parsed = parseDockerfile(text);
    const model = readStage(parsed, parsed.stages[0]);
    const ctx = new MemoryContext({});
    const files = new ImageFiles(model, ctx);
    return [{ text, input: { parsed, model, ctx, files, options: {}, builderName: 'builder' } }];
  } catch {
    return []; // a table test's broken Dockerfile: nothing to detect
  }
});

describe('each provider hint admits every Dockerfile its detect() accepts', () => {
  it('reaches enough Dockerfiles to mean something', () => {
    expect(examples().length).toBeGreaterThan(50);
    expect(inputs.length).toBeGreaterThan(1000);
  });

  for (const lang of LANGUAGES) {
    it(`${lang.id}`, () => {
      const provider = providerById(lang.id)!;
      let accepted = 0;
      const missed: string[] = [];
      for (const { text, input } of inputs) {
        let ok: boolean;
        try {
          ok = provider.detect(input) !== null;
        } catch {
          continue; // a stage the provider cannot read: no detection to compare
        }
        if (!ok) continue;
        accepted++;
        if (!lang.hint.test(text) || !providersFor(text).includes(provider)) missed.push(text);
      }
      expect(missed).toEqual([]);
      // Each provider is exercised: its detect accepts some of the corpus.
      expect(accepted).toBeGreaterThan(0);
    });
  }

  it('the decline-only provider is always asked, last', () => {
    const all = providersFor('FROM scratch\n');
    expect(all.map((p) => p.id)).toEqual(['other']);
  });
});
