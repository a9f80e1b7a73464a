// Whether the program a Go image starts is the app the build compiled. A tool installed from
// a remote module (`go install github.com/air-verse/air@latest`) is not: when the app's own
// sources are copied into the image but no build step compiles them, that tool is what
// compiles them, when the container starts (air, reflex, CompileDaemon ...), and a runtime
// without the toolchain and the sources cannot do it.
import type { StartNeeds } from '../../analysis/needs';
import type { StageModel } from '../../analysis/stage';
import type { BuildContext } from '../../context';
import { commandName } from '../../shell';
import { decline, type Decline } from '../contract';

/** What msconvert needs to know of one go build/install command. */
export interface GoBuildWords {
  install: boolean;
  packages: string[];
}

/** The module a `go install` fetches by version (`path@version`), or null for local sources. */
export function remoteModule(pkg: string): string | null {
  const at = pkg.indexOf('@');
  return at > 0 ? pkg.slice(0, at) : null;
}

/** A go build or install that compiles the app's own sources (not only remote modules). */
export function compilesLocal(b: GoBuildWords): boolean {
  return !(b.install && b.packages.length > 0 && b.packages.every((p) => remoteModule(p)));
}

/** True when the stage copies Go sources from the build context (go.mod, *.go, or a folder). */
function copiesSources(model: StageModel, ctx: BuildContext): boolean {
  if (!ctx.exists('go.mod') && !ctx.list('').some((e) => e.endsWith('.go'))) return false;
  return model.copies.some(
    (c) =>
      c.from === null &&
      c.sources.some((s) => {
        const rel = s.replace(/^\.\//, '').replace(/\/+$/, '');
        return (
          rel === '' || rel === '.' || rel === 'go.mod' || rel.endsWith('.go') || ctx.isDir(rel)
        );
      }),
  );
}

/**
 * Declines a start that builds: a known live-reload watcher that is not one of the app's
 * own binaries, or a tool installed from a remote module while the app's copied sources are
 * never compiled.
 */
export function buildsAtStart(
  model: StageModel,
  ctx: BuildContext,
  needs: StartNeeds,
  builds: GoBuildWords[],
  localNames: string[],
  watchers: string[],
): Decline | null {
  const remote = new Map<string, string>();
  for (const b of builds)
    if (!compilesLocal(b))
      for (const p of b.packages) {
        const mod = remoteModule(p) as string;
        const parts = mod.replace(/\/+$/, '').split('/');
        let name = parts[parts.length - 1];
        if (/^v\d+$/.test(name) && parts.length > 1) name = parts[parts.length - 2];
        remote.set(name, mod);
      }
  const local = builds.some(compilesLocal);
  for (const c of needs.commands) {
    const name = commandName(c.word);
    if (localNames.includes(name)) continue;
    const from = remote.get(name);
    if (watchers.includes(name)) {
      return decline(
        'MSC005',
        `${c.from} runs \`${c.argv.join(' ')}\`, a live-reload watcher${from ? ` (installed from ${from})` : ''} that rebuilds the sources with the Go toolchain when the container starts; start a binary built in a RUN step instead.`,
      );
    }
    if (from && !local && copiesSources(model, ctx)) {
      return decline(
        'MSC005',
        `${c.from} runs \`${c.argv.join(' ')}\`, a tool go install fetched from ${from}, while the app's own sources copied into the image are never compiled in the build: whatever the app runs is built when the container starts. Build the app with go build in a RUN step and start its binary.`,
      );
    }
  }
  return null;
}
