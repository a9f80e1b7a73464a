// Rust: the binaries `cargo build` writes (<target-dir>[/<triple>]/<profile>/<bin>, names from
// Cargo.toml) or `cargo install` puts in <root>/bin, followed through cp/mv/install, on
// distroless cc of the builder's Debian release (glibc and libgcc_s); static musl builds on
// distroless static. OS libraries that -sys crates link get their run-time packages.
import type { Warning } from '../../codes';
import type { ImageRef } from '../../analysis/image';
import { releaseDrift } from '../../analysis/release-drift';
import type { StartNeeds } from '../../analysis/needs';
import { detection } from '../detect';
import type { Decline, Detection, Provider, ProviderInput, ProviderPlan } from '../contract';
import { readCargo } from './cargo';
import { builderOs } from './builder-os';
import { followBinaries, noBuild, nothingKept } from './follow';
import { linkingOf, type Linking } from './linking';
import { nativeLibraries } from './os-libraries';
import { binaryCopies, runtimeFileCopies } from './run-files';
import { imageVars, overrideRuntimes, runtimesFor } from './runtime';
import { carried, pathLines, registryToolAtStart, toolchainAtStart } from './start';
import { rustStartRewrite } from './start-rewrite';
import { data, type BuilderOs, type Context } from './types';

function isOfficialRust(image: ImageRef): boolean {
  return data().builderImages.includes(image.name);
}

function newContext(input: ProviderInput, os: BuilderOs): Context {
  const { model } = input;
  const apkCargo = model.runs.some((r) =>
    r.commands.some(
      (c) =>
        c.argv[0] === 'apk' &&
        c.argv[1] === 'add' &&
        c.argv.some((a) => a === 'cargo' || a === 'rust'),
    ),
  );
  const rustImage = isOfficialRust(model.image);
  return {
    input,
    hostMusl: os.family !== 'alpine' ? null : rustImage && !apkCargo ? 'static' : 'dynamic',
    rustImage,
    manifests: new Map(),
    roots: new Map(),
    tools: [],
    notes: [],
  };
}

/** The OS packages the runtime stage needs (none beyond certificates for a static build). */
function osPackages(
  ctx: Context,
  linking: Linking,
  codename: string | null,
  warnings: Warning[],
): string[] | Decline {
  const ensure = ['ca-certificates', 'tzdata'];
  if (linking.staticBuild) return ensure;
  const family = linking.muslDynamic ? 'apk' : 'apt';
  const libs = nativeLibraries(ctx, family, codename, warnings);
  if ('kind' in libs) return libs;
  for (const item of libs.packages) ensure.push(item);
  for (const item of libs.notes) ctx.notes.push(item);
  if (linking.muslDynamic) ensure.push('libgcc');
  return ensure;
}

/** MSC156 when a glibc binary's runtime names the release the builder's tag may leave. */
function drift(image: ImageRef, linking: Linking, codename: string | null): Warning[] {
  const w = linking.staticBuild ? null : releaseDrift(image, codename);
  return w ? [w] : [];
}

export const rustProvider: Provider = {
  id: 'rust',
  name: 'Rust',

  detect({ model, ctx }): Detection | null {
    const cargo = model.runs
      .flatMap((r) => r.commands.map((c) => readCargo(c, r)))
      .find((c) => c !== null && ['build', 'install', 'rustc'].includes(c.sub));
    return detection(model, {
      image: isOfficialRust(model.image),
      build: cargo && `RUN cargo ${cargo.sub}`,
      manifest: ctx.exists('Cargo.toml') ? 'Cargo.toml' : null,
    });
  },

  rewriteStart: rustStartRewrite,

  plan(input: ProviderInput, needs: StartNeeds): ProviderPlan | Decline {
    const { model } = input;
    const warnings: Warning[] = [];
    const atStart = toolchainAtStart(needs);
    if (atStart) return atStart;

    const os = builderOs(model.image);
    const ctx = newContext(input, os);
    const followed = followBinaries(ctx, model);
    if ('kind' in followed) return followed;
    const noCargo = noBuild(followed);
    if (noCargo) return noCargo;
    const tool = registryToolAtStart(ctx, needs, followed.alive);
    if (tool) return tool;
    const outputs = carried(ctx, model, needs, followed.alive);
    const none = nothingKept(followed, outputs);
    if (none) return none;

    const linking = linkingOf(outputs, os, model.image, !!input.options.runtime);
    if ('kind' in linking) return linking;
    const copies = binaryCopies(input, outputs);
    const executables = outputs.map((o) => o.path);
    runtimeFileCopies(input, needs, executables, copies);
    const ensure = osPackages(ctx, linking, os.codename, warnings);
    if ('kind' in ensure) return ensure;
    const runLines = pathLines(ctx, model, needs, executables);

    const vars = imageVars(os);
    const runtimes = runtimesFor(os, linking, vars);
    const chosen = overrideRuntimes(input.options.runtime, runtimes, os, linking, vars);
    if ('kind' in chosen) return chosen;
    return {
      kind: 'plan',
      language: 'rust',
      evidence: [],
      candidates: chosen.candidates,
      copyFrom: input.builderName,
      copies,
      executables,
      builderEdits: [],
      extraStages: [],
      runLines,
      providedCommands: [],
      staticArtifact: linking.staticBuild,
      vouched: [],
      warnings: [...warnings, ...chosen.warnings, ...drift(model.image, linking, chosen.codename)],
      notes: ctx.notes,
      gain: ['the Rust toolchain, the cargo registry and target/ stay in the builder'],
      ensure,
      codename: chosen.codename,
    };
  },
};
