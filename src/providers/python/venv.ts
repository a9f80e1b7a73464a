// Virtual environments: made with venv, virtualenv (and `uv venv`, in uv.ts), activated with
// `. /opt/venv/bin/activate`, or reached by running a venv's own pip or python.
import { resolvePath, type Command } from '../../analysis/stage';
import type { Invocation } from './invocation';
import { readArgs } from './invocation';
import { dynamic } from './names';
import type { Step } from './walk';

/** The venv a `. <dir>/bin/activate` (or `source`) activates, or null. */
export function activatedVenv(cmd: Command): string | null {
  const argv = cmd.argv;
  if ((argv[0] === '.' || argv[0] === 'source') && /\/bin\/activate$/.test(argv[1] ?? ''))
    return resolvePath(cmd.cwd, argv[1].replace(/\/bin\/activate$/, ''));
  return null;
}

/** The venv whose bin folder the program runs from (/opt/venv/bin/pip), or null. */
export function venvOfExe(cmd: Command, inv: Invocation): string | null {
  if (!inv.exe.includes('/')) return null;
  const m = /^(.*)\/bin\/[^/]+$/.exec(resolvePath(cmd.cwd, inv.exe));
  if (!m || ['/usr', '/usr/local', ''].includes(m[1])) return null;
  return m[1];
}

/** `python -m venv <dir>`, `virtualenv <dir>`. */
export function venvStep(s: Step): void {
  const a = readArgs(s.inv.args, 0);
  const dir = a.positional[0];
  if (dir && !dynamic(dir)) s.out.venvs.set(s.abs(dir), `\`${s.cmd.argv.join(' ')}\``);
  else if (dir)
    s.fail(
      'MSC007',
      `the virtual environment is created at \`${dir}\`, a path msconvert cannot resolve.`,
    );
}
