// The ordered provider registry. The languages, their names and hints are in ./languages.ts;
// this module loads a provider only when the Dockerfile's text could match it (its hint), so a
// typical run loads one or two of them. The decline-only provider for other languages is
// always asked, last.
import type { Provider } from './contract';
import { LANGUAGES } from './languages';

export { LANGUAGES } from './languages';

/* eslint-disable @typescript-eslint/no-require-imports */
// Literal paths, so that the bundle (scripts/bundle.js) can find each provider.
const LOADERS: Record<string, () => Provider> = {
  go: () => (require('./go') as typeof import('./go')).goProvider,
  node: () => (require('./node') as typeof import('./node')).nodeProvider,
  java: () => (require('./java') as typeof import('./java')).javaProvider,
  dotnet: () => (require('./dotnet') as typeof import('./dotnet')).dotnetProvider,
  python: () => (require('./python') as typeof import('./python')).pythonProvider,
  rust: () => (require('./rust') as typeof import('./rust')).rustProvider,
  ruby: () => (require('./ruby') as typeof import('./ruby')).rubyProvider,
  php: () => (require('./php') as typeof import('./php')).phpProvider,
  other: () => (require('./others') as typeof import('./others')).otherProvider,
};
/* eslint-enable @typescript-eslint/no-require-imports */

interface Entry {
  id: string;
  /** Text that must appear for detect() to match; null: always asked. */
  hint: RegExp | null;
}

const ENTRIES: readonly Entry[] = [...LANGUAGES, { id: 'other', hint: null }];

const loaded = new Map<string, Provider>();

function load(id: string): Provider {
  let p = loaded.get(id);
  if (!p) {
    const loader = LOADERS[id];
    if (!loader) throw new Error(`provider ${id} is listed in languages.ts but has no loader`);
    p = loader();
    loaded.set(id, p);
  }
  return p;
}

/** The provider with this id (for --lang), or undefined. */
export function providerById(id: string): Provider | undefined {
  return ENTRIES.some((e) => e.id === id) ? load(id) : undefined;
}

/** The providers that could match this Dockerfile text, in registry order. */
export function providersFor(text: string): Provider[] {
  return ENTRIES.filter((e) => e.hint === null || e.hint.test(text)).map((e) => load(e.id));
}
