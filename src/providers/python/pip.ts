// pip (and easy_install): where `pip install` puts packages (--target, --prefix, --user, a
// venv's pip, the system site-packages), what it names, and the wheels `pip wheel` builds.
import { flag, has, readArgs, type Args } from './invocation';
import { dynamic, norm, TRUE } from './names';
import type { Install, Place } from './types';
import { homeOf, type Step } from './step';

export function pipStep(s: Step): void {
  const a = readArgs(s.inv.args, 1);
  if (a.sub[0] === 'wheel') wheel(s, a);
  else if (a.sub[0] === 'install') install(s, a, 'pip');
}

export function easyInstallStep(s: Step): void {
  install(s, readArgs(s.inv.args, 0), 'easy_install');
}

/** Wheels built here are usually installed next; their scripts and requirements count. */
function wheel(s: Step, a: Args): void {
  s.out.builds.push('pip wheel');
  for (const p of a.positional)
    if (p === '.' || p.startsWith('./') || p.startsWith('/')) s.out.wheels.push(s.abs(p));
  for (const item of flag(a, '-r', '--requirement').map(s.abs)) s.out.wheelRequirements.push(item);
}

function install(s: Step, a: Args, tool: 'pip' | 'easy_install'): void {
  const place = pipPlace(s, a);
  if (!place) return;
  const named: Install['named'] = [];
  let project: string | null = null;
  for (const p of [...a.positional, ...flag(a, '-e', '--editable')]) {
    if (p === '.' || p.startsWith('./') || p.startsWith('/') || p.startsWith('..')) {
      if (!/\.(whl|tar\.gz|zip)$/.test(p)) project = s.abs(p);
      continue;
    }
    const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[([^\]]*)\])?/.exec(p);
    if (m && !p.includes('://') && !p.endsWith('.whl'))
      named.push({ name: norm(m[1]), extras: (m[2] ?? '').split(',').map((x) => x.trim()) });
  }
  s.out.installs.push({
    cmd: s.cmd,
    tool,
    place,
    named,
    requirements: flag(a, '-r', '--requirement').map(s.abs),
    project,
  });
  if (project) s.out.projectDirs.push(project);
}

/** Where the install goes, or null after a decline for a place msconvert cannot follow. */
function pipPlace(s: Step, a: Args): Place | null {
  const vars = s.cmd.vars;
  const targets = [...flag(a, '-t', '--target'), ...(vars.PIP_TARGET ? [vars.PIP_TARGET] : [])];
  const prefixes = [...flag(a, '--prefix'), ...(vars.PIP_PREFIX ? [vars.PIP_PREFIX] : [])];
  if (has(a, '--root') || vars.PIP_ROOT) {
    s.fail(
      'MSC007',
      '`pip install --root` installs under another root, which msconvert does not follow.',
    );
    return null;
  }
  if (targets.length > 0) {
    if (dynamic(targets[0])) {
      s.fail('MSC007', `pip installs into \`${targets[0]}\`, a path msconvert cannot resolve.`);
      return null;
    }
    return { kind: 'dir', dir: s.abs(targets[0]), what: 'pip --target folder' };
  }
  if (prefixes.length > 0) {
    if (dynamic(prefixes[0])) {
      s.fail('MSC007', `pip installs into \`${prefixes[0]}\`, a path msconvert cannot resolve.`);
      return null;
    }
    const p = s.abs(prefixes[0]);
    return p === '/usr/local'
      ? { kind: 'system' }
      : { kind: 'dir', dir: p, what: 'pip --prefix folder' };
  }
  if (has(a, '--user') || TRUE.test(vars.PIP_USER ?? '')) {
    let base = '';
    if (vars.PYTHONUSERBASE) base = s.abs(vars.PYTHONUSERBASE);
    else {
      const home = homeOf(s.input, s.user, vars);
      base = home ? `${home}/.local` : '';
    }
    if (!base || dynamic(base)) {
      s.fail(
        'MSC007',
        `pip installs with --user as ${s.user}, whose home folder msconvert cannot tell.`,
      );
      return null;
    }
    return { kind: 'user', dir: base };
  }
  return s.pathPlace();
}
