// cgo: explicit settings win; otherwise the source and go.mod decide. When nothing needs it
// on a glibc builder, CGO_ENABLED=0 goes before the build so the binary is static.
import type { BuildContext } from '../../context';
import type { ProviderInput } from '../contract';
import { findGoMod, readBuild } from './build';
import { makeCommands } from './make';
import { data, type Cgo, type GoBuild, type Said } from './types';

function cgoSetting(b: GoBuild): 'off' | 'on' | null {
  const v = b.cmd.vars.CGO_ENABLED;
  if (v === '0') return 'off';
  if (v === '1') return 'on';
  return null;
}

/** Source files to scan, bounded so a huge repository costs little. */
export function goSources(ctx: BuildContext, limit = 400): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    for (const name of ctx.list(dir)) {
      if (out.length >= limit) return;
      const rel = dir ? `${dir}/${name}` : name;
      if (name.endsWith('/')) {
        const base = name.slice(0, -1);
        if (
          depth < 6 &&
          base !== 'vendor' &&
          base !== 'node_modules' &&
          !base.startsWith('.') &&
          base !== 'testdata'
        ) {
          walk(rel.slice(0, -1), depth + 1);
        }
      } else if (name.endsWith('.go') && !name.endsWith('_test.go')) out.push(rel);
    }
  };
  walk('', 0);
  return out;
}

function usesCgoSource(ctx: BuildContext, sources: string[]): boolean {
  return sources.some((f) =>
    /^\s*import\s+(\(\s*[^)]*"C"[^)]*\)|"C")/m.test(ctx.readText(f) ?? ''),
  );
}

export interface CgoChoice {
  cgo: Cgo;
  /** The go.mod texts the builds use, joined. */
  gomod: string;
  builderEdits: { start: number; end: number; text: string }[];
}

export function chooseCgo(
  input: ProviderInput,
  builds: GoBuild[],
  alpine: string | null,
  said: Said,
): CgoChoice {
  const { model, ctx } = input;
  const { warnings, notes } = said;
  const settings = builds.map(cgoSetting);
  let cgo: Cgo;
  let edit = false;
  // The go.mod each build uses, found by its image path (COPY app/ . moves it).
  const gomod = builds.map((b) => findGoMod(input, b.dir)?.text ?? '').join('\n');
  const cgoModule = data().cgoModules.find((m) => gomod.includes(m));
  const race = builds.some(
    (b) =>
      b.flags.race === 'true' ||
      b.flags.msan === 'true' ||
      (b.flags.buildmode ?? '').match(/plugin|c-shared|c-archive/),
  );
  const ldStatic = builds.some((b) => /-extldflags[ =]['"]?-static/.test(b.flags.ldflags ?? ''));
  if (settings.every((s) => s === 'off')) cgo = 'off';
  else if (settings.some((s) => s === 'on')) cgo = ldStatic ? 'off' : 'on';
  else if (race || cgoModule) cgo = 'on';
  else if (!ctx.known || goSources(ctx).length === 0) {
    cgo = 'unknown';
  } else if (usesCgoSource(ctx, goSources(ctx))) cgo = 'on';
  else {
    cgo = 'off';
    edit = alpine === null;
  }
  if (cgo === 'on')
    notes.push(
      cgoModule
        ? `cgo kept: go.mod requires ${cgoModule}`
        : 'cgo kept: the build enables it or the source imports "C"',
    );
  if (cgo === 'unknown') {
    warnings.push({
      code: 'MSC103',
      message:
        'the Go source is not in the context, so cgo stays as the builder has it and the runtime keeps glibc; pass --context to let msconvert check for import "C".',
    });
  }

  const builderEdits = [];
  if (edit) {
    // Insert ENV CGO_ENABLED=0 on its own line just before the first build, so the binary is static.
    const first = model.runs.find((r) =>
      r.commands.some(
        (c) => readBuild(c) !== null || makeCommands(input, c).some((m) => readBuild(m) !== null),
      ),
    );
    if (first) {
      builderEdits.push({
        start: first.ins.lineStart,
        end: first.ins.lineStart,
        text: `ENV CGO_ENABLED=0${input.parsed.eol}`,
      });
      notes.push(
        'CGO_ENABLED=0 set before the build: nothing in the source needs cgo, so the binary is static',
      );
    }
  }
  return { cgo, gomod, builderEdits };
}
