// The runtime image: distroless static for a static binary, distroless base or Debian slim of
// the builder's release when it links glibc, Alpine for an Alpine builder; or what --runtime
// names.
import { tagAlpine, tagCodename, tagVersion, type ImageRef } from '../../analysis/image';
import { images } from '../../data';
import type { Decline, ProviderInput, RuntimeCandidate } from '../contract';
import { applyRuntimeOverride } from '../runtime-override';
import type { Cgo, Said } from './types';

export function codenameOf(image: ImageRef): string | null {
  const named = tagCodename(image.tag);
  if (named) return named;
  if (tagAlpine(image.tag) !== null) return null;
  const v = tagVersion(image.tag);
  // Official golang images: a tag that names no release is the newest Debian variant its
  // version was published with (the variant folders of docker-library/golang): trixie from
  // Go 1.24 on (and for latest), bookworm for 1.19 to 1.23, bullseye for 1.16 to 1.18, buster
  // for 1.12 to 1.15. Run-time package names differ between releases (sqlite is buster's, not
  // bookworm's), so a runtime stage that installs them must be on the builder's release.
  if (!v) return 'trixie';
  const minor = v[0] > 1 ? 99 : (v[1] ?? 99);
  if (minor >= 24) return 'trixie';
  if (minor >= 19) return 'bookworm';
  if (minor >= 16) return 'bullseye';
  if (minor >= 12) return 'buster';
  return 'bookworm';
}

function candidate(
  kind: string,
  vars: Record<string, string>,
  why: string,
  commands: string[] = [],
): RuntimeCandidate {
  const facts = images().runtimes[kind];
  const image = facts.image.replace(/\{(\w+)\}/g, (_m, k: string) => vars[k] ?? '');
  return { image, facts, why, commands };
}

/** The runtime candidates for the binary, after --runtime. */
export function goCandidates(
  input: ProviderInput,
  cgo: Cgo,
  codename: string | null,
  alpine: string | null,
  said: Said,
): RuntimeCandidate[] | Decline {
  const distroless = images().debian.distrolessSuffix[codename ?? 'bookworm'] ?? 'debian12';
  const vars = { distroless, codename: codename ?? 'bookworm', alpine: alpine || 'latest' };
  let candidates: RuntimeCandidate[];
  if (alpine !== null) {
    candidates = [
      candidate(
        'alpine',
        vars,
        `the builder is Alpine${alpine ? ` ${alpine}` : ''}, so the runtime stays on musl`,
      ),
    ];
  } else if (cgo === 'off') {
    candidates = [
      candidate(
        'distroless-static',
        vars,
        'a static binary needs no libc; distroless static ships CA certificates and tzdata',
      ),
      candidate(
        'debian-slim',
        vars,
        `a shell or OS packages are needed, so Debian ${vars.codename} slim (the builder's release)`,
      ),
    ];
  } else {
    candidates = [
      candidate(
        'distroless-base',
        vars,
        `the binary links glibc, so distroless base of the builder's Debian release (${vars.codename})`,
      ),
      candidate(
        'debian-slim',
        vars,
        `the binary links glibc and a shell or OS packages are needed: Debian ${vars.codename} slim`,
      ),
    ];
  }
  const links = {
    cannot: 'cannot run this binary: it links glibc (cgo); use distroless or slim.',
  };
  const chosen = applyRuntimeOverride(input.options.runtime, candidates, {
    aliases: {
      distroless: [
        candidate(
          cgo === 'off' ? 'distroless-static' : 'distroless-base',
          vars,
          'chosen with --runtime distroless',
        ),
      ],
      slim: [candidate('debian-slim', vars, 'chosen with --runtime slim')],
      alpine: cgo !== 'off' ? links : [candidate('alpine', vars, 'chosen with --runtime alpine')],
      scratch:
        cgo !== 'off' ? links : [candidate('scratch', vars, 'chosen with --runtime scratch')],
    },
    named: candidate('debian-slim', vars, ''),
    assumes: 'a shell, apt and glibc',
  });
  if ('kind' in chosen) return chosen;
  for (const w of chosen.warnings) said.warnings.push(w);
  return chosen.candidates;
}
