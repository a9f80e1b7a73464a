// The languages msconvert converts, in registry order, with each provider's quick text `hint`
// (a necessary condition of its detect(), kept next to it in src/providers/<id>/hint.ts).
// Only these small modules load at start; src/providers/index.ts loads a provider itself when
// its hint matches. The decline-only provider (others/) reads this list too, which is why it
// lives apart from the registry: no provider needs to require the registry back.
//
// Adding a language: a provider folder with its hint.ts, data, examples, a line here and its
// loader in src/providers/index.ts.
import { hint as dotnet } from './dotnet/hint';
import { hint as go } from './go/hint';
import { hint as java } from './java/hint';
import { hint as node } from './node/hint';
import { hint as php } from './php/hint';
import { hint as python } from './python/hint';
import { hint as ruby } from './ruby/hint';
import { hint as rust } from './rust/hint';

export interface Language {
  id: string;
  name: string;
  /** Text that must appear for the provider's detect() to match. */
  hint: RegExp;
}

export const LANGUAGES: readonly Language[] = [
  { id: 'go', name: 'Go', hint: go },
  { id: 'node', name: 'Node.js', hint: node },
  { id: 'java', name: 'Java', hint: java },
  { id: 'dotnet', name: '.NET', hint: dotnet },
  { id: 'python', name: 'Python', hint: python },
  { id: 'rust', name: 'Rust', hint: rust },
  { id: 'ruby', name: 'Ruby', hint: ruby },
  { id: 'php', name: 'PHP', hint: php },
];
