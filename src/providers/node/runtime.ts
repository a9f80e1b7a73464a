// The runtime image: distroless Node.js when the container runs nothing but node, else the
// slim variant of the builder's own Node image (Alpine stays Alpine), or what --runtime names.
import { tagAlpine, type ImageRef } from '../../analysis/image';
import { images, type RuntimeFacts } from '../../data';
import type { Decline, ProviderInput, RuntimeCandidate } from '../contract';
import type { StartNeeds } from '../../analysis/needs';
import { applyRuntimeOverride } from '../runtime-override';
import { distrolessCandidate } from './distroless';
import { data, type Said } from './types';

export interface RuntimeImage {
  image: string;
  /** The builder's image itself. */
  same: boolean;
  alpine: boolean;
  warning?: string;
}

export const OFFICIAL =
  /^(?:(?:docker\.io|index\.docker\.io|registry-1\.docker\.io)\/)?(?:library\/)?node$|^(?:public\.ecr\.aws\/docker\/library|mcr\.microsoft\.com\/mirror\/docker\/library|mirror\.gcr\.io\/library)\/node$/;

/** The runtime image for a Node builder: the slim variant of the same tag, Alpine stays Alpine. */
export function runtimeImage(image: ImageRef, raw: string): RuntimeImage {
  const tag = image.tag;
  let base = raw;
  let warning: string | undefined;
  if (image.digest) {
    base = raw.slice(0, raw.indexOf('@'));
    warning = `the builder image is pinned by digest; the runtime image ${base} is not, pin it once the diff is accepted.`;
  }
  if (!OFFICIAL.test(image.repository))
    return { image: raw, same: true, alpine: tagAlpine(tag) !== null };
  if (tag !== null && tagAlpine(tag) !== null)
    return { image: base, same: !warning, alpine: true, warning };
  if (tag !== null && /(^|-)slim($|-)/.test(tag))
    return { image: base, same: !warning, alpine: false, warning };
  if (tag === null || tag === 'latest') {
    const repo = base.replace(/:latest$/, '');
    return { image: `${repo}:slim`, same: false, alpine: false, warning };
  }
  return { image: `${base}-slim`, same: false, alpine: false, warning };
}

/** The runtime candidates, smallest first, after --runtime (scratch has no Node.js). */
export function runtimeCandidates(
  input: ProviderInput,
  needs: StartNeeds,
  rt: RuntimeImage,
  codename: string,
  runLines: number,
  said: Said,
): RuntimeCandidate[] | Decline {
  const { model } = input;
  const official = OFFICIAL.test(model.image.repository);
  const facts: RuntimeFacts = {
    ...(rt.alpine ? images().runtimes.alpine : images().runtimes['debian-slim']),
    image: rt.image,
    users: [...images().builders.node.users],
    sizeMB: rt.alpine
      ? images().builders['node-alpine'].sizeMB
      : images().builders['node-slim'].sizeMB,
  };
  const own: RuntimeCandidate = {
    image: rt.image,
    facts,
    why: rt.same
      ? `the builder is already ${model.image.resolved}; the runtime keeps it`
      : `the slim variant of the builder's Node image (same Node version and ${rt.alpine ? 'musl' : `Debian ${codename}`})`,
    commands: official ? data().runtimeCommands : [],
  };
  const noNode = { cannot: 'has no Node.js; use slim, alpine or a node image.' };
  const distroless = distrolessCandidate(input, needs, rt, official, runLines);
  if ('passed' in distroless && !input.options.runtime)
    own.why += `; distroless Node.js passed over: ${distroless.passed}`;
  const smallest = 'candidate' in distroless ? [distroless.candidate, own] : [own];
  const chosen = applyRuntimeOverride(input.options.runtime, smallest, {
    // alpine on an Alpine builder is the candidate already.
    aliases: {
      scratch: noNode,
      slim: [own],
      distroless:
        'candidate' in distroless
          ? [distroless.candidate]
          : { cannot: `cannot run this app: ${distroless.passed}; use slim or a node image.` },
      ...(rt.alpine
        ? {}
        : {
            alpine: {
              cannot:
                'would run modules built against glibc on musl; build on node:<version>-alpine instead.',
            },
          }),
    },
    named: own,
    assumes: `the same Node.js, a shell and the same package manager as ${rt.image}`,
  });
  if ('kind' in chosen) return chosen;
  for (const w of chosen.warnings) said.warnings.push(w);
  return chosen.candidates;
}
