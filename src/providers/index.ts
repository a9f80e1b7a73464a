// The ordered provider registry. Adding a language: a provider file, a template, examples.
import type { Provider } from '../plan';
import { goProvider } from './go';
import { nodeProvider } from './node';

export const PROVIDERS: Provider[] = [goProvider, nodeProvider];
