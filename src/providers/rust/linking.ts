// Which C library the binaries link: glibc, musl linked statically (crt-static, the default
// of musl targets) or musl linked dynamically (Alpine's own cargo, or -crt-static); and
// whether one runtime image can run all of them.
import type { ImageRef } from '../../analysis/image';
import { decline, type Decline } from '../contract';
import { configValue, varsOf, type Cargo, type CargoConfigs } from './cargo';
import type { BuilderOs, Context, Libc, Output } from './types';

export function libcOf(
  ctx: Context,
  triple: string | null,
  cargo: Cargo,
  configs: CargoConfigs,
): Libc {
  const vars = varsOf(ctx, cargo);
  const cfgFlags = configValue(configs, 'build', 'rustflags')?.value;
  const flags = [
    vars.RUSTFLAGS ?? '',
    (vars.CARGO_ENCODED_RUSTFLAGS ?? '').split('\x1f').join(' '),
    Array.isArray(cfgFlags) ? cfgFlags.join(' ') : String(cfgFlags ?? ''),
  ].join(' ');
  const musl = triple ? triple.includes('musl') : ctx.hostMusl !== null;
  if (!musl) return 'glibc';
  if (/-crt-static/.test(flags)) return 'musl-dynamic';
  if (/\+crt-static/.test(flags)) return 'musl-static';
  if (!triple && ctx.hostMusl === 'dynamic') return 'musl-dynamic';
  return 'musl-static';
}

export interface Linking {
  /** Every binary is static musl: no C library needed at run time. */
  staticBuild: boolean;
  muslDynamic: boolean;
}

/** The C library the binaries need together, or why no runtime image can be picked. */
export function linkingOf(
  outputs: Output[],
  os: BuilderOs,
  image: ImageRef,
  runtimeGiven: boolean,
): Linking | Decline {
  const kinds = new Set(outputs.map((o) => o.libc));
  const glibc = kinds.has('glibc');
  const muslDynamic = kinds.has('musl-dynamic');
  if (glibc && muslDynamic) {
    return decline(
      'MSC011',
      'the build makes binaries for glibc and for dynamically linked musl; no single runtime image runs both.',
    );
  }
  if (glibc && os.family !== 'debian' && os.family !== 'ubuntu' && !runtimeGiven) {
    return decline(
      'MSC015',
      `msconvert cannot tell which glibc ${image.resolved} has, so it cannot pick a runtime that runs the binary; pass --runtime with an image of the same OS release.`,
    );
  }
  if (muslDynamic && os.family !== 'alpine' && !runtimeGiven) {
    return decline(
      'MSC011',
      'the binary links musl dynamically outside Alpine; build with crt-static or on rust:<version>-alpine.',
    );
  }
  return { staticBuild: !glibc && !muslDynamic, muslDynamic };
}
