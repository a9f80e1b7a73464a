// Global packages: the ones the start commands use are installed again in the runtime stage
// (and pnpm through corepack); build tools installed globally stay behind. The start counts
// with its npm scripts followed: `npm start` running `pm2-runtime start dist/index.js` needs
// the global pm2 as much as CMD ["pm2-runtime", ...] does.
import type { StartNeeds } from '../../analysis/needs';
import { commandName } from '../../shell';
import { binsOf, pkgBase } from './managers';
import type { Install, PackageJson, Said } from './types';

export interface Reinstalls {
  runLines: string[];
  providedCommands: string[];
}

export function globalReinstalls(
  globals: Install[],
  needs: StartNeeds,
  appPkg: PackageJson | null,
  said: Said,
  /** The commands the start's npm scripts run (readStarts), which find global bins on PATH. */
  scriptCommands: { argv: string[] }[] = [],
): Reinstalls {
  const runLines: string[] = [];
  const providedCommands: string[] = [];
  // A script finds node_modules/.bin first: a package the app depends on itself is no global's.
  const own = { ...(appPkg?.dependencies ?? {}), ...(appPkg?.optionalDependencies ?? {}) };
  const inScripts = (pkg: string, bin: string) =>
    !(pkg in own) &&
    scriptCommands.some((c) => c.argv.length > 0 && commandName(c.argv[0]) === bin);
  for (const g of globals) {
    const used = g.named.filter((spec) =>
      binsOf(pkgBase(spec)).some(
        (b) =>
          needs.commands.some((c) => commandName(c.word) === b || c.argv.includes(b)) ||
          inScripts(pkgBase(spec), b),
      ),
    );
    if (used.length === 0) {
      if (g.named.length > 0)
        said.gain.push(`global build tools (${g.named.join(', ')}) stay in the builder`);
      continue;
    }
    const m =
      g.manager === 'yarn'
        ? 'yarn global add'
        : g.manager === 'pnpm'
          ? 'pnpm add -g'
          : 'npm install -g';
    runLines.push(`RUN ${m} ${used.join(' ')}`);
    for (const spec of used) for (const bin of binsOf(pkgBase(spec))) providedCommands.push(bin);
    said.warnings.push({
      code: 'MSC106',
      message: `${used.join(', ')} installed again with ${m} in the runtime stage, since the container runs it.`,
    });
  }
  if (
    needs.commands.some((c) => commandName(c.word) === 'pnpm') &&
    !providedCommands.includes('pnpm')
  ) {
    const pm = appPkg?.packageManager;
    runLines.push(
      pm && pm.startsWith('pnpm@')
        ? `RUN corepack enable && corepack prepare ${pm} --activate`
        : 'RUN corepack enable',
    );
    providedCommands.push('pnpm', 'pnpx');
  }
  return { runLines, providedCommands };
}
