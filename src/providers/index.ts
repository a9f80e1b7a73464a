// The ordered provider registry. Adding a language: a provider file, a template, examples.
import type { Provider } from '../plan';
import { dotnetProvider } from './dotnet';
import { goProvider } from './go';
import { javaProvider } from './java';
import { nodeProvider } from './node';
import { pythonProvider } from './python';
import { otherProvider } from './others';
import { rustProvider } from './rust';

export const PROVIDERS: Provider[] = [
  goProvider,
  nodeProvider,
  javaProvider,
  dotnetProvider,
  pythonProvider,
  rustProvider,
  otherProvider,
];
