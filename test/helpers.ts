import * as fs from 'fs';
import * as path from 'path';
import { MemoryContext } from '../src';
import { ImageFiles } from '../src/analysis/files';
import { readStage } from '../src/analysis/stage';
import { parseDockerfile } from '../src/parse';
import type { Provider } from '../src/providers/contract';

export const ROOT = path.resolve(__dirname, '..');
export const EXAMPLES = path.join(ROOT, 'examples');
export const CLI = path.join(ROOT, 'bin', 'msconvert.js');

export interface ExampleMeta {
  description: string;
  pitfalls: string[];
  expect: 'converted' | 'unchanged' | 'declined';
  buildable: boolean;
  why_not_buildable: string | null;
  probe: { http?: { port: number; path: string }; cmd?: string[] };
}

/** Beside each example: its expected conversion, and its --cache one where that differs. */
export const GOLDEN = 'expected.golden';
export const GOLDEN_CACHE = 'expected-cache.golden';

export function examples(): { name: string; dir: string; meta: ExampleMeta }[] {
  return fs
    .readdirSync(EXAMPLES)
    .filter((n) => fs.existsSync(path.join(EXAMPLES, n, 'Dockerfile')))
    .sort()
    .map((name) => {
      const dir = path.join(EXAMPLES, name);
      const meta = JSON.parse(
        fs.readFileSync(path.join(dir, 'example.json'), 'utf8'),
      ) as ExampleMeta;
      return { name, dir, meta };
    });
}

/** True when the provider claims the Dockerfile (with these context files). */
export function detects(
  provider: Provider,
  dockerfile: string,
  files: Record<string, string> = {},
): boolean {
  const parsed = parseDockerfile(dockerfile);
  const model = readStage(parsed, parsed.stages[0]);
  const ctx = new MemoryContext(files);
  const input = {
    parsed,
    model,
    ctx,
    files: new ImageFiles(model, ctx),
    options: {},
    builderName: 'builder',
  };
  return provider.detect(input) !== null;
}
