// The runtime image: the slim variant of the builder's python image (same Python, same
// Debian release), or the builder itself when it is already slim or alpine.
import { tagAlpine, tagCodename, type ImageRef } from '../../analysis/image';
import { referencedVariables } from '../../analysis/stage';
import type { RuntimeFacts } from '../../data';
import type { Decline, ProviderInput, RuntimeCandidate } from '../contract';
import { applyRuntimeOverride, type RuntimeOverride } from '../runtime-override';
import type { Runtime } from './types';
export function runtimeImage(image: ImageRef, raw: string): Runtime {
  let base = raw;
  let warning: string | undefined;
  if (image.digest || raw.includes('@')) {
    base = raw.slice(0, raw.indexOf('@'));
    warning = `the builder image is pinned by digest; the runtime image is not, pin it once the diff is accepted.`;
  }
  const colon = base.lastIndexOf(':');
  const slash = base.lastIndexOf('/');
  const repoRaw = colon > slash ? base.slice(0, colon) : base;
  const tagRaw = colon > slash ? base.slice(colon + 1) : null;
  const tag = image.tag;
  if (tag !== null && tagAlpine(tag) !== null)
    return { image: base, same: !warning, alpine: true, slimBuilder: false, warning };
  if (tag !== null && /(^|-)slim($|-)/.test(tag))
    return { image: base, same: !warning, alpine: false, slimBuilder: true, warning };
  if (tag === null || tag === 'latest' || tagRaw === null)
    return { image: `${repoRaw}:slim`, same: false, alpine: false, slimBuilder: false, warning };
  const codename = tagCodename(tag);
  const insert = (t: string): string => {
    if (codename && t === codename) return `slim-${codename}`;
    if (codename && t.endsWith(`-${codename}`))
      return `${t.slice(0, -codename.length - 1)}-slim-${codename}`;
    return `${t}-slim`;
  };
  // A codename that comes through a variable cannot be placed after -slim: use the value.
  if (codename && !tagRaw.includes(codename)) {
    const resolvedBase = image.resolved.replace(/@.*$/, '');
    const c = resolvedBase.lastIndexOf(':');
    return {
      image: `${resolvedBase.slice(0, c)}:${insert(tag)}`,
      same: false,
      alpine: false,
      slimBuilder: false,
      warning,
    };
  }
  return {
    image: `${repoRaw}:${insert(tagRaw)}`,
    same: false,
    alpine: false,
    slimBuilder: false,
    warning,
  };
}

/**
 * The Python version in paths: a build argument stays one when FROM is parameterised by it
 * (`python${PY}` with `ARG PY` redeclared in the runtime stage when nothing carried does).
 */
export function pathVersion(
  input: ProviderInput,
  minor: string,
): { pathMinor: string; runLines: string[] } {
  const { model } = input;
  const rawTag = /:(\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?)[^:]*$/.exec(input.parsed.stages[0].image);
  const runLines: string[] = [];
  if (!rawTag || !/^\d+\.\d+$/.test(model.globalArgDefaults[rawTag[2]] ?? ''))
    return { pathMinor: minor, runLines };
  const v = rawTag[2];
  const carried = model.carried.filter((i) => i.keyword !== 'ARG');
  const redeclared =
    carried.some((i) => referencedVariables(i.raw).has(v)) &&
    !carried.some((i) => i.keyword === 'ENV' && i.pairs.some((p) => p.name === v));
  if (!redeclared) runLines.push(`ARG ${v}`);
  return { pathMinor: `\${${v}}`, runLines };
}

/** The runtime candidate, after the user's --runtime. */
export function runtimeCandidates(
  input: ProviderInput,
  rt: Runtime,
  facts: RuntimeFacts,
  version: { minor: string; codename: string | null },
  commands: string[],
): RuntimeOverride | Decline {
  const { minor, codename } = version;
  const image = input.model.image;
  const candidate: RuntimeCandidate = {
    image: rt.image,
    facts,
    why: rt.same
      ? `the builder is already ${image.resolved}; the runtime keeps it`
      : `the slim variant of the builder's python image (same Python ${minor} at /usr/local/bin and Debian ${codename})`,
    commands,
  };
  const noPython = { cannot: 'has no Python; use slim, alpine or a python image.' };
  return applyRuntimeOverride(input.options.runtime, [candidate], {
    aliases: {
      distroless: noPython,
      scratch: noPython,
      ...(rt.alpine
        ? {}
        : {
            alpine: {
              cannot:
                'would run packages built against glibc on musl; build on python:<version>-alpine instead.',
            },
          }),
    },
    named: candidate,
    assumes: `Python ${minor} at /usr/local/bin, a shell and the same package manager as ${rt.image}`,
  });
}
