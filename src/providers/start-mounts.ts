// A Compose file beside the Dockerfile that bind-mounts the host's folder over the app's
// folder (`- .:/app`) runs the image as a development environment: what the start compiles is
// the mounted sources, and whatever the image built into that folder is hidden. A start
// rewrite would then start an output the mount hides, or ignore the sources the developer
// edits; such a start is what the app relies on, so it is not rewritten.
import * as path from 'path';
import type { BuildContext } from '../context';

const NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];

interface Service {
  build?: string | { context?: string } | null;
  volumes?: unknown[];
  working_dir?: unknown;
}

/** The service builds from the folder the Compose file is in (this build context). */
function buildsHere(s: Service): boolean {
  if (!s.build) return false;
  const context = typeof s.build === 'string' ? s.build : (s.build.context ?? '.');
  return path.posix.normalize(context) === '.';
}

/** Source and target of a bind mount, short (`./src:/app/src:ro`) or long form. */
function bindOf(v: unknown): { source: string; target: string } | null {
  if (typeof v === 'string') {
    const [source, target] = v.split(':');
    if (!target || !/^[.~/]/.test(source)) return null;
    return { source, target };
  }
  if (v && typeof v === 'object') {
    const m = v as { type?: unknown; source?: unknown; target?: unknown };
    if (m.type === 'bind' && typeof m.source === 'string' && typeof m.target === 'string')
      return { source: m.source, target: m.target };
  }
  return null;
}

/** `b` is `a` or a path under it. */
function inside(a: string, b: string): boolean {
  return a === b || b.startsWith(a.endsWith('/') ? a : `${a}/`);
}

/**
 * Why the Compose files in the build context show a development mount over `folder` (the
 * folder the start runs in), or null.
 */
export function mountedOver(ctx: BuildContext, folder: string): string | null {
  for (const name of NAMES) {
    const text = ctx.readText(name);
    if (text === null) continue;
    let doc: { services?: Record<string, Service | null> } | null;
    try {
      doc = (require('yaml') as typeof import('yaml')).parse(text) as typeof doc;
    } catch {
      return `${name} cannot be read, so whether it mounts the sources over ${folder} is not known`;
    }
    for (const [svc, s] of Object.entries(doc?.services ?? {})) {
      if (!s || !buildsHere(s) || !Array.isArray(s.volumes)) continue;
      // working_dir starts the service somewhere else: the start's relative paths (go run
      // main.go) then name what is there.
      const wd =
        typeof s.working_dir === 'string' && s.working_dir.startsWith('/')
          ? path.posix.normalize(s.working_dir)
          : null;
      const folders = wd && wd !== folder ? [folder, wd] : [folder];
      for (const v of s.volumes) {
        const b = bindOf(v);
        if (!b) continue;
        const t = path.posix.normalize(b.target);
        // An app in the filesystem root holds every path; there only a mount over it counts.
        const over = folders.find((f) => inside(t, f) || (f !== '/' && inside(f, t)));
        if (over === undefined) continue;
        const where = over === folder ? '' : `, where the service starts (working_dir ${over})`;
        return `${name} mounts ${b.source} over ${t}${where} for the service ${svc}, so it runs the image against live sources, which hide what the builder compiled`;
      }
    }
  }
  return null;
}
