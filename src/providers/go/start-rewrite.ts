// `go run <pkg> args` at start compiles the app in the container, with the toolchain at run
// time. Its production equivalent is exact: `go build` with the same build flags in the
// builder, then the binary started with the same program arguments, in the same folder,
// with the same environment. Only a local main package is rewritten; `-exec` (a runner the
// binary is started through) and `-n` (prints instead of running) are not a build and run.
import type { StartNeeds } from '../../analysis/needs';
import type { Command } from '../../analysis/stage';
import type { Instruction } from '../../parse';
import { buildRun } from '../build-mounts';
import type { ProviderInput, StartRewrite } from '../contract';
import { quote, restart, wordsOf } from '../start-words';
import { GO_BUILD, isGo, nameOf } from './build';
import type { GoBuild } from './types';

const NOT_RUN = new Set(['exec', 'n', 'o']);
const BIN_DIR = '/usr/local/bin';

interface GoRun {
  flags: string[];
  pkg: string[];
  args: string[];
}

/** Splits the words after `go run` into build flags, the package (or .go files) and program arguments. */
export function readGoRun(words: readonly string[]): GoRun | null {
  const flags: string[] = [];
  let i = 0;
  for (; i < words.length && words[i].startsWith('-') && words[i] !== '-'; i++) {
    const w = words[i];
    if (w === '--') return null;
    const name = w.replace(/^--?/, '').split('=')[0];
    if (NOT_RUN.has(name)) return null;
    flags.push(w);
    if (GO_BUILD.valued.has(name) && !w.includes('=')) {
      if (i + 1 >= words.length) return null;
      flags.push(words[++i]);
    }
  }
  let end = i;
  while (end < words.length && words[end].endsWith('.go')) end++;
  if (end === i) end = i + 1;
  const pkg = words.slice(i, end);
  if (
    pkg.length === 0 ||
    pkg.some((p) => !(p.startsWith('.') || p.startsWith('/') || p.endsWith('.go')))
  )
    return null;
  if (pkg.some((p) => p.includes('@') || p.includes('...') || p.includes('$'))) return null;
  return { flags, pkg, args: words.slice(end) };
}

export function goStartRewrite(input: ProviderInput, needs: StartNeeds): StartRewrite | null {
  const { model } = input;
  const goNeeds = needs.commands.filter((c) => isGo(c.word));
  if (goNeeds.length !== 1) return null;
  const need = goNeeds[0];
  if (need.argv[1] !== 'run' || (need.from !== 'CMD' && need.from !== 'ENTRYPOINT')) return null;
  const ins = need.from === 'CMD' ? model.cmd : model.entrypoint;
  if (!ins) return null;
  const words = wordsOf(ins);
  if (!words || !isGo(words[0]) || words[1] !== 'run') return null;
  // With an ENTRYPOINT, a CMD after it gives the program more arguments: kept as they are.
  if (need.from === 'CMD' && model.entrypoint) return null;
  const run = readGoRun(words.slice(2));
  if (!run) return null;
  if (run.flags.some((f) => /^--?C(=|$)/.test(f))) return null;
  const cmd: Command = {
    env: {},
    argv: ['go', 'build'],
    dynamic: false,
    cwd: need.cwd,
    vars: model.env,
  };
  const b: GoBuild = { cmd, install: false, flags: {}, packages: run.pkg, dir: need.cwd };
  // go names a binary built from files after the first file; the folder's module name reads better.
  const named = nameOf(input, b, run.pkg[0].endsWith('.go') ? '.' : run.pkg[0]);
  const name = named && /^[\w.-]+$/.test(named) && !/^\.+$/.test(named) ? named : 'app';
  const binary = `${BIN_DIR}/${name}`;
  const start = [restart(ins, [binary, ...run.args])];
  if (ins.keyword === 'ENTRYPOINT' && model.cmd) start.push(model.cmd.raw);
  const line = ['go', 'build', ...run.flags, '-o', binary, ...run.pkg].map(quote).join(' ');
  return {
    build: [buildRun(model, (c) => isGo(c.argv[0] ?? ''), line)],
    start,
    // The one file written is the binary, which the app never writes to.
    rootMayBuild: true,
    warning: {
      code: 'MSC185',
      message: `${ins.keyword} ran \`${words.join(' ')}\`, which compiles the app each time the container starts; the builder now builds it (\`${line}\`) and the runtime starts ${binary} with the same arguments.`,
    },
  };
}
