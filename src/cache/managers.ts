// The package managers whose dependency step --cache can move, one module each.
import { dotnetManager } from './dotnet';
import { goManager } from './go';
import { mavenManager } from './maven';
import { nodeManager } from './node';
import { pythonManager } from './python';
import type { DepManager } from './types';

export const MANAGERS: DepManager[] = [
  nodeManager,
  goManager,
  pythonManager,
  mavenManager,
  dotnetManager,
];
