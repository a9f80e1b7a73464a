// Build steps that leave files in the app folders (setup.py, Django's collectstatic and
// friends, compileall, python -m build, pybabel compile, cythonize) and pdm's project-local
// install.
import * as path from 'path';
import { readArgs } from './invocation';
import type { Step } from './walk';

/** `python setup.py install|develop` installs the project; other subcommands build it. */
export function setupPyStep(s: Step): void {
  const sub = s.inv.args.find((x) => !x.startsWith('-')) ?? '';
  const script = s.cmd.argv.find((x) => /(^|\/)setup\.py$/.test(x)) ?? 'setup.py';
  const dir = path.posix.dirname(s.abs(script));
  s.out.projectDirs.push(dir);
  if (sub === 'install' || sub === 'develop') {
    s.out.installs.push({
      cmd: s.cmd,
      tool: 'setup.py',
      place: s.pathPlace(),
      named: [],
      requirements: [],
      project: dir,
    });
  } else s.out.builds.push(`setup.py ${sub}`);
}

const DJANGO_BUILDS = ['collectstatic', 'compilemessages', 'compress', 'tailwind'];

/** manage.py/django-admin build subcommands, compileall, build, pybabel compile, cythonize. */
export function buildStep(s: Step): void {
  const { tool, args } = s.inv;
  if (tool === 'manage.py' || tool === 'django-admin') {
    const sub = args.find((x) => !x.startsWith('-')) ?? '';
    if (DJANGO_BUILDS.includes(sub)) {
      s.out.builds.push(`${tool} ${sub}`);
      s.out.projectDirs.push(s.cmd.cwd);
    }
    return;
  }
  if (tool !== 'pybabel' || args[0] === 'compile') {
    s.out.builds.push(tool);
    s.out.projectDirs.push(s.cmd.cwd);
  }
}

/** `pdm install|sync` installs into the project's own folder. */
export function pdmStep(s: Step): void {
  if (!['install', 'sync'].includes(readArgs(s.inv.args, 1).sub[0] ?? '')) return;
  s.out.installs.push({
    cmd: s.cmd,
    tool: 'pdm',
    place: { kind: 'project', dir: s.cmd.cwd },
    named: [],
    requirements: [],
    project: s.cmd.cwd,
  });
  s.out.projectDirs.push(s.cmd.cwd);
}
