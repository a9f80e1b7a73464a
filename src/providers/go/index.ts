// Go: the binary from `go build -o` (or its default name) or `go install`, static on
// distroless when nothing needs cgo, glibc of the same Debian release when it does.
import { builderKey, tagAlpine } from '../../analysis/image';
import { releaseDrift } from '../../analysis/release-drift';
import type { StartNeeds } from '../../analysis/needs';
import { allCommands } from '../../analysis/stage';
import { sourceToolPackages } from '../../analysis/spawned';
import { images, packages } from '../../data';
import {
  decline,
  type Decline,
  type Detection,
  type Provider,
  type ProviderInput,
  type ProviderPlan,
} from '../contract';
import { detection } from '../detect';
import { binaries } from './binaries';
import { isGo, readBuild } from './build';
import { chooseCgo } from './cgo';
import { goCopies } from './files';
import { buildCommands } from './make';
import { codenameOf, goCandidates } from './runtime';
import { goStartRewrite } from './start-rewrite';
import { data, type GoBuild, type Said } from './types';

export const goProvider: Provider = {
  id: 'go',
  name: 'Go',

  detect({ model, ctx }): Detection | null {
    const build = allCommands(model).find(
      (c) => isGo(c.argv[0]) && ['build', 'install'].includes(c.argv[1]),
    );
    return detection(model, {
      image: data().builderImages.includes(model.image.name),
      build: build && `RUN ${build.argv.slice(0, 2).join(' ')}`,
      manifest: ctx.exists('go.mod') ? 'go.mod' : null,
    });
  },

  rewriteStart: goStartRewrite,

  plan(input: ProviderInput, needs: StartNeeds): ProviderPlan | Decline {
    const { model, ctx } = input;
    const said: Said = { warnings: [], notes: [] };
    for (const c of needs.commands) {
      if (isGo(c.word)) {
        return decline(
          'MSC005',
          `${c.from} runs \`${c.argv.join(' ')}\`, which compiles when the container starts; build a binary in a RUN step first.`,
        );
      }
    }
    const builds = buildCommands(input)
      .map(readBuild)
      .filter((b): b is GoBuild => b !== null);
    if (builds.length === 0) {
      return decline(
        'MSC006',
        'no go build or go install runs in this Dockerfile, so there is no build to leave behind (are the binaries built on the host?).',
      );
    }
    const outputs = binaries(input, needs, builds);
    if ('kind' in outputs) return outputs;
    const alpine = tagAlpine(model.image.tag);
    const codename = codenameOf(model.image);
    const { cgo, gomod, builderEdits } = chooseCgo(input, builds, alpine, said);
    const { copies, executables } = goCopies(input, needs, outputs, gomod, said.notes);
    const candidates = goCandidates(input, cgo, codename, alpine, said);
    if ('kind' in candidates) return candidates;
    const drift = cgo === 'off' ? null : releaseDrift(model.image, codename);
    if (drift) said.warnings.push(drift);
    return {
      kind: 'plan',
      language: 'go',
      evidence: [],
      candidates,
      copyFrom: input.builderName,
      copies,
      executables,
      builderEdits,
      extraStages: [],
      runLines: [],
      providedCommands: [],
      staticArtifact: cgo === 'off',
      vouched: [],
      warnings: said.warnings,
      notes: said.notes,
      gain: ['the Go toolchain and build cache stay in the builder'],
      // The golang image has both; Go's TLS and time zones read them from the OS.
      ensure: [
        'ca-certificates',
        'tzdata',
        ...sourceToolPackages(
          ctx,
          images().builders[builderKey(model.image.name, model.image.tag)]?.tools ?? [],
          'go',
          packages().commands.apt,
        ),
      ],
      codename,
    };
  },
};
