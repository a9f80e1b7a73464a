// Whether the development start is relied upon: a Compose file beside the Dockerfile that
// builds it and bind-mounts host folders over the app folder runs the image against live
// sources, which nodemon restarts on and ts-node/tsx compile at each start. The rewritten start
// (node of the output built into the image) would run the image's copy, or a missing output
// hidden by the mount, so such a start is not rewritten.
import * as path from 'path';
import type { ProviderInput } from '../contract';

const NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];

interface Service {
  build?: string | { context?: string };
  volumes?: unknown[];
}

/** The container path a volume entry bind-mounts from the host, or null (named volumes too). */
function boundTarget(v: unknown): string | null {
  if (typeof v === 'string') {
    const parts = v.split(':');
    if (parts.length < 2 || !/^[./~]/.test(parts[0])) return null;
    return parts[1];
  }
  if (v && typeof v === 'object') {
    const o = v as { type?: string; target?: string };
    return o.type === 'bind' && typeof o.target === 'string' ? o.target : null;
  }
  return null;
}

const inside = (a: string, b: string) => a === b || a.startsWith(b === '/' ? '/' : `${b}/`);

/** Why the app relies on its development start (a Compose bind mount over it), or null. */
export function composeMountsSources(input: ProviderInput): string | null {
  const cwd = input.model.cwd;
  for (const name of NAMES) {
    const text = input.ctx.readText(name);
    if (text === null) continue;
    let doc: { services?: Record<string, Service | null> } | null;
    try {
      doc = (require('yaml') as typeof import('yaml')).parse(text) as typeof doc;
    } catch {
      return `${name} cannot be read, so whether it mounts the sources over the app is not known`;
    }
    for (const [svc, s] of Object.entries(doc?.services ?? {})) {
      const context = typeof s?.build === 'string' ? s.build : s?.build?.context;
      if (context === undefined || path.posix.normalize(context) !== '.') continue;
      for (const v of Array.isArray(s?.volumes) ? s.volumes : []) {
        const target = boundTarget(v);
        if (target && (inside(target, cwd) || inside(cwd, target)))
          return `${name} mounts host files over ${target} for the service ${svc}, so it runs the image against live sources, which hide what the builder compiled`;
      }
    }
  }
  return null;
}
