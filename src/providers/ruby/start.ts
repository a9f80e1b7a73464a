// Start commands a runtime stage cannot serve the same way: installing gems when the
// container starts (the runtime has no compiler and may reach no gem server), building
// assets at start, watchers that reload the sources, and code compiled when the app runs.
import type { StartNeeds } from '../../analysis/needs';
import { commandName } from '../../shell';
import { decline, type Decline } from '../contract';
import { isBundle } from './bundler';
import type { Lockfile } from './gems';
import type { RubyData } from './types';

/** Command words with flags and folders taken off, `bundle exec` dropped: ` rails server `. */
function words(argv: string[]): string {
  const out: string[] = [];
  let i = 0;
  if (isBundle(argv[0]) && argv[1] === 'exec') i = 2;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('-') || /^[A-Z_][A-Z0-9_]*=/.test(a)) continue;
    out.push(i === 0 || !a.includes('/') ? commandName(a) : a);
  }
  return ` ${out.join(' ')} `;
}

export function startDecline(
  needs: StartNeeds,
  data: RubyData,
  lock: Lockfile | null,
): Decline | null {
  for (const c of needs.commands) {
    if (c.from === 'HEALTHCHECK') continue;
    const argv = c.argv;
    const shown = argv.join(' ');
    const text = words(argv);
    const bareBundle = isBundle(argv[0]) && (argv.length === 1 || argv[1].startsWith('-'));
    const phrase =
      (bareBundle ? 'bundle' : null) ??
      data.installAtStart.find((p) => text.startsWith(` ${p} `) || text.includes(` ${p} `));
    if (phrase && !(isBundle(argv[0]) && argv[1] === 'exec')) {
      return decline(
        'MSC005',
        `the container runs \`${phrase}\` when it starts (${c.from}: \`${shown}\`), so it installs gems at run time, where the runtime image has no compiler and the gem server may be out of reach; install them in a RUN instruction.`,
      );
    }
    const build = data.buildAtStart.find((p) => text.includes(` ${p} `));
    if (build) {
      return decline(
        'MSC005',
        `the container runs \`${build}\` when it starts (${c.from}: \`${shown}\`), so it builds the app at run time with the tools a runtime stage leaves behind; run that step in a RUN instruction.`,
      );
    }
    const watcher = data.watchers.find(
      (w) =>
        commandName(argv[0]) === w ||
        text.startsWith(` ${w} `) ||
        argv[0].replace(/^\.\//, '') === w,
    );
    if (watcher) {
      return decline(
        'MSC005',
        `the container starts \`${shown}\`, which watches the sources and reloads (${watcher}), a development setup; start the server itself (puma, rails server) for a production image.`,
      );
    }
    const compiler = ['gcc', 'cc', 'make', 'g++', 'clang'].find((t) => commandName(argv[0]) === t);
    const extconf = argv.some((a) => /(^|\/)extconf\.rb$/.test(a));
    if (compiler || extconf) {
      return decline(
        'MSC042',
        `the container compiles code when it starts (${c.from}: \`${shown}\`), and a runtime stage leaves the compiler in the builder; compile in a RUN instruction.`,
      );
    }
  }
  const inline = lock?.gems.find((g) => data.compileAtRuntime.includes(g.name));
  if (inline) {
    return decline(
      'MSC042',
      `the bundle has ${inline.name}, which compiles C code while the app runs, so the runtime needs the compiler a slim image leaves out; keep the single-stage image or install build-essential in a hand-written runtime stage.`,
    );
  }
  return null;
}
