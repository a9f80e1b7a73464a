// The ordered provider registry. Adding a language: a provider file, a template, examples,
// and an entry here.
//
// Providers are loaded only when the Dockerfile's text could match them: `hint` is a cheap
// necessary condition of the provider's detect() (a FROM image or a build command it looks
// for must appear somewhere in the text), so a typical run loads one or two of them.
import type { Provider } from './contract';
import { PHP_HINT } from './php/hint';

interface Entry {
  id: string;
  name: string;
  /** Text that must appear for detect() to match; null: always asked. */
  hint: RegExp | null;
  load: () => Provider;
}

/* eslint-disable @typescript-eslint/no-require-imports */
const ENTRIES: Entry[] = [
  {
    id: 'go',
    name: 'Go',
    hint: /golang|(^|[^\w.-])go\s+(build|install)\b/im,
    load: () => (require('./go') as typeof import('./go')).goProvider,
  },
  {
    id: 'node',
    name: 'Node.js',
    hint: /node|npm|yarn|pnpm|corepack|\bbun\b/i,
    load: () => (require('./node') as typeof import('./node')).nodeProvider,
  },
  {
    id: 'java',
    name: 'Java',
    hint: /temurin|openjdk|maven|mvn|gradle|tomcat|javac|\bjar\b/i,
    load: () => (require('./java') as typeof import('./java')).javaProvider,
  },
  {
    id: 'dotnet',
    name: '.NET',
    hint: /dotnet/i,
    load: () => (require('./dotnet') as typeof import('./dotnet')).dotnetProvider,
  },
  {
    id: 'python',
    name: 'Python',
    hint: /python|pip|poetry|pipenv|pdm|\buv\b|easy_install|venv|conda|mamba|anaconda|miniforge|setup\.py/i,
    load: () => (require('./python') as typeof import('./python')).pythonProvider,
  },
  {
    id: 'rust',
    name: 'Rust',
    hint: /rust|cargo/i,
    load: () => (require('./rust') as typeof import('./rust')).rustProvider,
  },
  {
    id: 'php',
    name: 'PHP',
    hint: PHP_HINT,
    load: () => (require('./php') as typeof import('./php')).phpProvider,
  },
  {
    id: 'other',
    name: 'other languages',
    hint: null,
    load: () => (require('./others') as typeof import('./others')).otherProvider,
  },
];
/* eslint-enable @typescript-eslint/no-require-imports */

/** The languages msconvert converts, in registry order (the decline-only provider excluded). */
export const LANGUAGES: readonly { id: string; name: string }[] = ENTRIES.filter(
  (e) => e.id !== 'other',
).map(({ id, name }) => ({ id, name }));

const loaded = new Map<string, Provider>();

function load(e: Entry): Provider {
  let p = loaded.get(e.id);
  if (!p) {
    p = e.load();
    loaded.set(e.id, p);
  }
  return p;
}

/** The provider with this id (for --lang), or undefined. */
export function providerById(id: string): Provider | undefined {
  const e = ENTRIES.find((x) => x.id === id);
  return e ? load(e) : undefined;
}

/** The providers that could match this Dockerfile text, in registry order. */
export function providersFor(text: string): Provider[] {
  return ENTRIES.filter((e) => e.hint === null || e.hint.test(text)).map(load);
}
