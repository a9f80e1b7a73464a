import * as fs from 'fs';
import * as path from 'path';
import { MemoryContext } from '../src';
import { composeStarts } from '../src/compose';
import type { ComposeStart } from '../src/compose-start';
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
  probe: {
    http?: { port: number; path: string };
    cmd?: string[];
    /** Seconds the original may take to answer (one that compiles at start: `go run`). */
    startSeconds?: number;
  };
}

/** Beside each example: its expected conversion, and its --cache one where that differs. */
export const GOLDEN = 'expected.golden';
export const GOLDEN_CACHE = 'expected-cache.golden';

export interface Example {
  name: string;
  dir: string;
  meta: ExampleMeta;
  /** The starts of the services its compose.yaml builds, as the CLI reads them (or none). */
  compose: ComposeStart[];
}

/** An example's compose.yaml, read as the CLI reads the file beside a Dockerfile. */
function exampleCompose(dir: string): ComposeStart[] {
  const file = path.join(dir, 'compose.yaml');
  return fs.existsSync(file) ? composeStarts(fs.readFileSync(file, 'utf8')) : [];
}

export function examples(): Example[] {
  return fs
    .readdirSync(EXAMPLES)
    .filter((n) => fs.existsSync(path.join(EXAMPLES, n, 'Dockerfile')))
    .sort()
    .map((name) => {
      const dir = path.join(EXAMPLES, name);
      const meta = JSON.parse(
        fs.readFileSync(path.join(dir, 'example.json'), 'utf8'),
      ) as ExampleMeta;
      return { name, dir, meta, compose: exampleCompose(dir) };
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
