// Files that look like secrets (.env, private keys, registry credentials) which the runtime
// stage would carry because the original image carried them: not a reason to decline (the
// original had them too), but a reviewer should see it.
import * as path from 'path';
import type { BuildContext } from '../context';
import type { ImageFiles } from './files';

const SECRET =
  /^(\.env(\.(?!(example|sample|template|dist|defaults?|schema)$)[\w.-]+)?|[^/]*\.(pem|key|p12|pfx|jks|keystore)|id_(rsa|dsa|ecdsa|ed25519)|\.netrc|\.npmrc|\.pypirc|\.git-credentials|credentials\.json)$/;

/** Folders that hold installed dependencies, not the project's own files. */
const SKIP = new Set(['node_modules/', '.git/', 'vendor/', 'site-packages/', '.venv/', 'venv/']);

type Ignore = { ignores(p: string): boolean };

/** The build context's .dockerignore as Docker reads it (@balena/dockerignore, loaded lazily). */
function dockerignore(ctx: BuildContext): Ignore | null {
  const text = ctx.readText('.dockerignore');
  if (text === null) return null;
  const ignore = require('@balena/dockerignore') as typeof import('@balena/dockerignore');
  return (ignore.default ?? ignore)().add(text);
}

/**
 * Image paths under `roots` that come from the context, look like secrets, and were not
 * left out by .dockerignore. Bounded: a few thousand entries at most.
 */
export function carriedSecrets(files: ImageFiles, ctx: BuildContext, roots: string[]): string[] {
  if (!ctx.known) return [];
  const ignored = dockerignore(ctx);
  const out: string[] = [];
  let budget = 5000;
  const check = (imagePath: string) => {
    if (!SECRET.test(path.posix.basename(imagePath))) return;
    const rel = files.contextPathOf(imagePath);
    if (rel === null || !ctx.exists(rel) || ctx.isDir(rel)) return;
    if (ignored?.ignores(rel)) return;
    if (!out.includes(imagePath)) out.push(imagePath);
  };
  const walk = (dir: string, depth: number) => {
    for (const name of files.list(dir)) {
      if (--budget < 0) return;
      const p = path.posix.join(dir, name);
      if (name.endsWith('/')) {
        if (depth < 8 && !SKIP.has(name)) walk(p, depth + 1);
      } else check(p);
    }
  };
  for (const root of roots) {
    const listed = files.list(root);
    if (listed.length > 0) walk(root, 0);
    else check(root);
  }
  return out;
}
