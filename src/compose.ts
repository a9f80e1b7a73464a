// Build contexts named by Compose files: a service's `build.context` (and `build.dockerfile`)
// wins over the Dockerfile's own folder. The YAML parser is loaded only when a Compose
// file exists, so ordinary runs do not pay for it.
import * as fs from 'fs';
import * as path from 'path';
import { isInside } from './cli/files';

const NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];

interface ComposeFile {
  services?: Record<string, { build?: string | { context?: string; dockerfile?: string } } | null>;
}

/** The nearest folder at or above `dir` that holds .git, else `dir` itself. */
function projectRoot(dir: string): string {
  for (let d = path.resolve(dir); ;) {
    if (fs.existsSync(path.join(d, '.git'))) return d;
    const parent = path.dirname(d);
    if (parent === d) return path.resolve(dir);
    d = parent;
  }
}

/** Absolute Dockerfile path -> absolute context folder, from the Compose files in `dirs`. */
export function composeContexts(dirs: Iterable<string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const dir of dirs) {
    for (const name of NAMES) {
      const file = path.join(dir, name);
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch {
        continue;
      }
      let doc: ComposeFile;
      try {
        doc = (require('yaml') as typeof import('yaml')).parse(text) as ComposeFile;
      } catch {
        continue; // A broken Compose file is the user's to fix; the folder default applies.
      }
      for (const svc of Object.values(doc?.services ?? {})) {
        const build = svc?.build;
        if (!build) continue;
        const context = path.resolve(
          dir,
          typeof build === 'string' ? build : (build.context ?? '.'),
        );
        const dockerfile =
          typeof build === 'string' ? 'Dockerfile' : (build.dockerfile ?? 'Dockerfile');
        // A context outside the Compose file's repository (`context: /etc`, `../../..`) would
        // make msconvert read files the checked-out project does not hold: the folder default
        // applies instead.
        if (!isInside(projectRoot(dir), context)) continue;
        out.set(path.resolve(context, dockerfile), context);
      }
    }
  }
  return out;
}
