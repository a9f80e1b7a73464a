// Image references: registry/repo:tag@digest, and the Debian/Alpine release a tag implies.

export interface ImageRef {
  /** As written in FROM, variables unexpanded. */
  raw: string;
  /** With build-arg defaults expanded. */
  resolved: string;
  /** Everything before the tag, e.g. docker.io/library/node. */
  repository: string;
  /** Last path element of the repository: node, golang. */
  name: string;
  tag: string | null;
  digest: string | null;
}

export function parseImage(raw: string, resolved: string): ImageRef {
  let rest = resolved;
  let digest: string | null = null;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | null = null;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const name = rest.slice(rest.lastIndexOf('/') + 1).toLowerCase();
  return { raw, resolved, repository: rest, name, tag, digest };
}

const CODENAMES = ['buster', 'bullseye', 'bookworm', 'trixie', 'forky'];

/** The Debian codename a tag names, e.g. 1.22-bookworm -> bookworm. */
export function tagCodename(tag: string | null): string | null {
  if (!tag) return null;
  for (const c of CODENAMES) if (tag.split(/[-.]/).includes(c)) return c;
  return null;
}

/** alpine3.19 -> 3.19; plain alpine -> '' ; not alpine -> null. */
export function tagAlpine(tag: string | null): string | null {
  if (!tag) return null;
  const m = /(?:^|-)alpine(\d+\.\d+)?(?:$|-)/.exec(tag);
  if (!m) return null;
  return m[1] ?? '';
}

/** The leading version number of a tag: 1.22.3-bookworm -> [1, 22, 3]. */
export function tagVersion(tag: string | null): number[] | null {
  if (!tag) return null;
  const m = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(tag);
  if (!m) return null;
  return m
    .slice(1)
    .filter((x) => x !== undefined)
    .map(Number);
}

export function isWindowsImage(ref: ImageRef): boolean {
  const s = `${ref.repository}:${ref.tag ?? ''}`.toLowerCase();
  return /windowsservercore|nanoserver|servercore|ltsc20\d\d|windows\/|mcr\.microsoft\.com\/windows/.test(
    s,
  );
}

/** The key of a builder image's facts in data/images.json. */
export function builderKey(name: string, tag: string | null): string {
  const t = tag ?? '';
  if (name === 'golang') return t.includes('alpine') ? 'golang-alpine' : 'golang';
  if (name === 'node')
    return t.includes('alpine') ? 'node-alpine' : t.includes('slim') ? 'node-slim' : 'node';
  // php: the apache and fpm variants set WORKDIR /var/www/html, the cli image sets none.
  if (name === 'php') {
    const serves = /(^|-)(apache|fpm)(-|$)/.test(t);
    if (t.includes('alpine')) return serves ? 'php-alpine' : 'php-cli-alpine';
    return serves ? 'php' : 'php-cli';
  }
  return name;
}
