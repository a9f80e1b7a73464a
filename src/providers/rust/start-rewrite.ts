// `cargo run [options] [-- args]` at start compiles the app in the container, with the
// toolchain at run time. Its production equivalent is exact: `cargo build` with the same
// options in the builder, then the binary cargo run would have started, with the same program
// arguments, in the same folder, with the same environment (on Unix cargo run execs the
// binary, so it is PID 1 either way). The binary's path is where that build writes it (target
// folder from --target-dir, CARGO_TARGET_DIR or .cargo/config.toml, --target triple, profile),
// read by the same code that follows any cargo build. A start that picks among several
// binaries at run time (default-run), passes arguments without `--`, or cannot be read stays
// declined.
import type { StartNeeds } from '../../analysis/needs';
import type { Command, RunStep } from '../../analysis/stage';
import type { ProviderInput, StartRewrite } from '../contract';
import { quote, restart, wordsOf } from '../start-words';
import { isCargo, readCargo, values } from './cargo';
import { outputsOf } from './outputs';
import { data, type Context } from './types';

export function rustStartRewrite(input: ProviderInput, needs: StartNeeds): StartRewrite | null {
  const { model } = input;
  const cargoNeeds = needs.commands.filter((c) => isCargo(c.word));
  if (cargoNeeds.length !== 1) return null;
  const need = cargoNeeds[0];
  if (need.from !== 'CMD' && need.from !== 'ENTRYPOINT') return null;
  const ins = need.from === 'CMD' ? model.cmd : model.entrypoint;
  if (!ins) return null;
  const words = wordsOf(ins);
  if (!words || !isCargo(words[0])) return null;
  // With an ENTRYPOINT, a CMD after it gives the program more arguments: kept as they are.
  if (need.from === 'CMD' && model.entrypoint) return null;
  // `cargo [+toolchain] run|r ...`: options before the subcommand are not read.
  const at = words[1]?.startsWith('+') ? 2 : 1;
  if (words[at] !== 'run' && words[at] !== 'r') return null;
  const dash = words.indexOf('--');
  const cargoWords = dash < 0 ? words.slice(1) : words.slice(1, dash);
  const args = dash < 0 ? [] : words.slice(dash + 1);
  if (cargoWords.some((w) => w.includes('$'))) return null;
  const cmd: Command = {
    env: {},
    argv: ['cargo', ...cargoWords],
    dynamic: false,
    cwd: need.cwd,
    vars: model.env,
  };
  const run: RunStep = {
    ins,
    workdir: need.cwd,
    user: null,
    text: '',
    commands: [cmd],
    written: [],
  };
  const cargo = readCargo(cmd, run);
  // Program arguments without `--` and a second subcommand word are not a plain cargo run.
  if (!cargo || cargo.sub !== words[at] || cargo.positional.length > 0) return null;
  if (values(cargo, 'target').length > 1) return null;
  const ctx: Context = {
    input,
    hostMusl: null,
    rustImage: data().builderImages.includes(model.image.name),
    manifests: new Map(),
    roots: new Map(),
    tools: [],
    notes: [],
  };
  const outputs = outputsOf(ctx, { ...cargo, sub: 'build' });
  if ('kind' in outputs) return null;
  const built = outputs.filter((o) => o.build);
  // cargo run starts one binary; cargo build of several would leave the choice to run time.
  if (built.length !== 1) return null;
  const binary = built[0].path;
  const start = [restart(ins, [binary, ...args])];
  if (ins.keyword === 'ENTRYPOINT' && model.cmd) start.push(model.cmd.raw);
  const build = ['cargo', ...words.slice(1, at), 'build', ...cargoWords.slice(at)];
  const line = build.map(quote).join(' ');
  return {
    build: [`RUN ${line}`],
    // cargo run built the same target/ as the same user before it ran the binary.
    writesAsStartDid: true,
    start,
    warning: {
      code: 'MSC194',
      message: `${ins.keyword} ran \`${words.join(' ')}\`, which compiles the app each time the container starts; the builder now builds it (\`${line}\`) and the runtime starts ${binary} with the same arguments.`,
    },
  };
}
