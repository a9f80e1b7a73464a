// Whether the frontend a file pins can take RUN --mount. No `# syntax` line is ever added:
// the built-in frontend of BuildKit (Docker 20.10 and later) has RUN --mount.
import type { ParsedDockerfile } from '../parse';

/** Why the file's pinned frontend cannot take RUN --mount, or null when it can. */
export function syntaxProblem(parsed: ParsedDockerfile): string | null {
  const d = parsed.directives.find((x) => x.name.toLowerCase() === 'syntax');
  if (!d || d.value === null) return null;
  const m = /^(?:docker\.io\/)?docker\/dockerfile(?:-upstream)?:([^@\s]+)$/.exec(d.value.trim());
  if (!m)
    return `the file pins the frontend ${d.value}, which msconvert cannot tell has RUN --mount`;
  const tag = m[1];
  if (/^(1|latest|labs|master)$|labs|experimental/.test(tag)) return null;
  const v = /^1\.(\d+)/.exec(tag);
  if (v && Number(v[1]) >= 2) return null;
  return `the file pins docker/dockerfile:${tag}, which has no RUN --mount (1.2 and later have it)`;
}
