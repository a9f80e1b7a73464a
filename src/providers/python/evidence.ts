// What marks a Dockerfile as Python: a python or conda image, an install or build command,
// or a manifest in the context.
import type { Command } from '../../analysis/stage';
import { commandName } from '../../shell';
import { invocation } from './invocation';
import { isPython } from './names';
export function pythonEvidence(cmd: Command): string | null {
  const inv = invocation(cmd.argv);
  if (!inv) return null;
  const sub = inv.args.find((a) => !a.startsWith('-')) ?? '';
  if (
    (inv.tool === 'pip' || inv.tool === 'easy_install') &&
    (sub === 'install' || inv.tool === 'easy_install')
  )
    return `RUN ${commandName(cmd.argv[0])} ${inv.tool === 'pip' && isPython(cmd.argv[0]) ? '-m pip ' : ''}install`;
  if (
    (inv.tool === 'poetry' || inv.tool === 'pipenv' || inv.tool === 'pdm') &&
    ['install', 'sync'].includes(sub)
  )
    return `RUN ${inv.tool} ${sub}`;
  if (inv.tool === 'uv' && (sub === 'sync' || (sub === 'pip' && inv.args.includes('install'))))
    return `RUN uv ${sub}`;
  if (inv.tool === 'venv') return `RUN ${commandName(cmd.argv[0])} -m venv`;
  if (inv.tool === 'virtualenv') return 'RUN virtualenv';
  if (
    inv.tool === 'setup.py' &&
    ['install', 'develop', 'build', 'build_ext', 'bdist_wheel'].includes(sub)
  )
    return `RUN setup.py ${sub}`;
  if (['conda', 'mamba', 'micromamba'].includes(inv.tool) && sub === 'install')
    return `RUN ${inv.tool} install`;
  return null;
}

export const MANIFESTS = [
  'requirements.txt',
  'pyproject.toml',
  'Pipfile',
  'setup.py',
  'poetry.lock',
  'uv.lock',
  'manage.py',
];
