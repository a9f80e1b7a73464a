// The runtime images that run the binaries, smallest first: distroless static for static musl
// builds, distroless cc of the builder's Debian release for glibc, the builder's Alpine for
// dynamic musl, the builder's own Ubuntu; and what --runtime changes.
import { images, type RuntimeFacts } from '../../data';
import type { Decline, RuntimeCandidate } from '../contract';
import { applyRuntimeOverride, type Cannot, type RuntimeOverride } from '../runtime-override';
import type { Linking } from './linking';
import { data, type BuilderOs } from './types';

function isBeforeTrixie(codename: string | null): boolean {
  const n = images().debian.codenames[codename ?? 'bookworm'];
  return n === undefined ? codename === 'stretch' : n < 13;
}

function runtimeFacts(kind: string, codename: string | null): RuntimeFacts {
  const d = data();
  const suffix = images().debian.distrolessSuffix[codename ?? 'bookworm'] ?? 'debian12';
  let facts: RuntimeFacts;
  if (kind === 'distroless-cc') {
    const cc = d.distrolessCc;
    facts = { ...cc, ships: cc.ships[suffix] ?? cc.ships.debian12 };
  } else {
    facts = images().runtimes[kind];
    if (kind === 'debian-slim') {
      // Required packages every slim image has; tzdata stopped being one in trixie.
      const ships = facts.ships.filter((p) => p !== 'tzdata' || isBeforeTrixie(codename));
      facts = { ...facts, ships: [...ships, ...d.slimShips] };
    }
  }
  // The toolchain the original installed with apt or apk is never installed again.
  return { ...facts, ships: [...facts.ships, ...d.toolchainPackages] };
}

/** The values a runtime image's name is filled in with ({distroless}, {codename}, {alpine}). */
export type ImageVars = Record<'distroless' | 'codename' | 'alpine', string>;

export function imageVars(os: BuilderOs): ImageVars {
  const codename = os.codename;
  return {
    distroless: images().debian.distrolessSuffix[codename ?? 'bookworm'] ?? 'debian12',
    codename: codename ?? 'bookworm',
    alpine: os.alpine || 'latest',
  };
}

function candidate(
  kind: string,
  vars: ImageVars,
  why: string,
  codename: string | null,
): RuntimeCandidate {
  const facts = runtimeFacts(kind, codename);
  const fill = (_m: string, k: string) => (vars as Record<string, string>)[k] ?? '';
  const image = facts.image.replace(/\{(\w+)\}/g, fill);
  return { image, facts: { ...facts, image }, why, commands: [] };
}

function ubuntuCandidate(os: BuilderOs, why: string): RuntimeCandidate {
  const slim = images().runtimes['debian-slim'];
  const image = `ubuntu:${os.ubuntuTag}`;
  return {
    image,
    facts: {
      ...slim,
      image,
      ships: [...data().slimShips, ...data().toolchainPackages],
      users: ['root', 'nobody', 'daemon', 'www-data'],
      sizeMB: 30,
    },
    why,
    commands: [],
  };
}

/** The runtime images for the build, and the Debian release the plan installs packages for. */
export interface Runtimes {
  candidates: RuntimeCandidate[];
  codename: string | null;
}

function forStatic(os: BuilderOs, vars: ImageVars): Runtimes {
  const { codename } = os;
  const first = candidate(
    'distroless-static',
    vars,
    'a static musl binary needs no libc; distroless static ships CA certificates and tzdata',
    codename,
  );
  if (os.family === 'alpine') {
    const why = `a shell or OS packages are needed: the builder's Alpine ${os.alpine || 'latest'}`;
    return { candidates: [first, candidate('alpine', vars, why, null)], codename: null };
  }
  if (os.family === 'ubuntu') {
    const why = "a shell or OS packages are needed: the builder's Ubuntu";
    return { candidates: [first, ubuntuCandidate(os, why)], codename };
  }
  const why = `a shell or OS packages are needed, so Debian ${vars.codename} slim${os.family === 'debian' ? " (the builder's release)" : ''}`;
  return { candidates: [first, candidate('debian-slim', vars, why, codename)], codename };
}

/** The runtime images for the binaries' C library, smallest first. */
export function runtimesFor(os: BuilderOs, linking: Linking, vars: ImageVars): Runtimes {
  const { codename } = os;
  if (linking.staticBuild) return forStatic(os, vars);
  if (linking.muslDynamic) {
    const why = `the binary links musl dynamically, so the builder's Alpine ${os.alpine || 'latest'} with libgcc`;
    return { candidates: [candidate('alpine', vars, why, null)], codename: null };
  }
  if (os.family === 'ubuntu') {
    const why = `the binary links glibc, so the builder's own Ubuntu ${os.ubuntuTag} without the toolchain`;
    return { candidates: [ubuntuCandidate(os, why)], codename };
  }
  return {
    candidates: [
      candidate(
        'distroless-cc',
        vars,
        `the binary links glibc and libgcc_s, so distroless cc of the builder's Debian release (${vars.codename})`,
        codename,
      ),
      candidate(
        'debian-slim',
        vars,
        `the binary links glibc and a shell or OS packages are needed: Debian ${vars.codename} slim`,
        codename,
      ),
    ],
    codename,
  };
}

/** What each --runtime alias gives this build, or why it cannot run the binary. */
function aliasChoice(
  alias: 'distroless' | 'slim' | 'alpine' | 'scratch',
  linking: Linking,
  vars: ImageVars,
  codename: string | null,
): RuntimeCandidate[] | Cannot {
  const { staticBuild, muslDynamic } = linking;
  const why = `chosen with --runtime ${alias}`;
  const links = muslDynamic ? 'musl dynamically' : 'glibc';
  const instead = muslDynamic
    ? 'use alpine'
    : 'use distroless or slim, or build for x86_64-unknown-linux-musl';
  if (alias === 'scratch' || alias === 'alpine') {
    if (!staticBuild && !(alias === 'alpine' && muslDynamic))
      return { cannot: `cannot run this binary: it links ${links}; ${instead}.` };
    return [candidate(alias, vars, why, null)];
  }
  if (muslDynamic)
    return { cannot: 'cannot run this binary: it links musl dynamically; use alpine.' };
  if (alias === 'slim') return [candidate('debian-slim', vars, why, codename)];
  return [candidate(staticBuild ? 'distroless-static' : 'distroless-cc', vars, why, codename)];
}

/** The runtimes after the user's --runtime (an alias or a named image). */
export function overrideRuntimes(
  override: string | undefined,
  runtimes: Runtimes,
  os: BuilderOs,
  linking: Linking,
  vars: ImageVars,
): (RuntimeOverride & { codename: string | null }) | Decline {
  if (!override)
    return { candidates: runtimes.candidates, warnings: [], codename: runtimes.codename };
  const { codename } = os;
  const choice = (a: 'distroless' | 'slim' | 'alpine' | 'scratch') =>
    aliasChoice(a, linking, vars, codename);
  const result = applyRuntimeOverride(override, runtimes.candidates, {
    aliases: {
      distroless: choice('distroless'),
      slim: choice('slim'),
      alpine: choice('alpine'),
      scratch: choice('scratch'),
    },
    named: candidate('debian-slim', vars, '', codename),
    assumes: `a shell, apt and ${linking.muslDynamic ? 'musl' : 'glibc'} of the builder's release`,
  });
  if ('kind' in result) return result;
  // alpine and scratch have no Debian release to install packages for.
  const noRelease = override === 'alpine' || override === 'scratch';
  return { ...result, codename: noRelease ? null : runtimes.codename };
}
