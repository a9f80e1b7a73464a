// msconvert's version, from its package.json: two folders up from dist/cli/ (or src/cli/),
// one up from the bundle, dist/msconvert.js.
import * as fs from 'fs';
import * as path from 'path';

export const VERSION: string = (() => {
  for (const up of [['..'], ['..', '..']]) {
    try {
      const pkg = JSON.parse(
        fs.readFileSync(path.join(__dirname, ...up, 'package.json'), 'utf8'),
      ) as { name?: string; version: string };
      if (pkg.name === 'msconvert') return pkg.version;
    } catch {
      // Not here: one folder further up.
    }
  }
  return '0.0.0';
})();
