// The folder where a Python tool keeps the virtualenvs it makes outside the project (Poetry's
// `{cache-dir}/virtualenvs`, Pipenv's WORKON_HOME): the first setting that names it, else a
// folder under the home of the user the install runs as. The venv inside is named by the
// tool from a hash of the project path, which msconvert does not compute: in a fresh image
// the folder holds only what this build's installs made, so copying the whole folder to the
// same path is exact, and the tool's `run` at start (same project path, user and
// environment) finds the same venv there. Poetry and Pipenv differ only in the settings and
// in the words of their messages.
import * as path from 'path';
import { dynamic, under } from './names';
import { knownHome, type Step } from './step';

/** A setting that names the folder: its value (undefined: not set) and the path below it. */
export interface FolderSetting {
  value: string | undefined;
  below: string;
}

export interface VenvsFolderRule {
  /** The tool, as messages name it. */
  tool: string;
  /** The settings in the tool's order: the first with a value decides. */
  settings: FolderSetting[];
  /** The folder below the home when no setting names one. */
  home: string;
  /** Where under the home that is, for the message when the home is unknown. */
  homeWhat: string;
  /** What the tool's folder is called, for the message about a .venv from the context. */
  folderWhat: string;
  /** The way out every decline offers. */
  fix: string;
  /** What to mount instead of a folder that covers the venv. */
  mountFix: string;
}

/** The virtualenvs folder of an install in `project`, or null after s.fail. */
export function venvsFolder(s: Step, project: string, rule: VenvsFolderRule): string | null {
  const vars = s.cmd.vars;
  // A .venv already in the project is the virtualenv both tools use instead.
  if (s.input.ctx.known && s.input.files.existsInImage(`${project}/.venv`)) {
    s.fail(
      'MSC007',
      `a .venv folder from the build context is copied into ${project}, and ${rule.tool} installs into it rather than into ${rule.folderWhat}; add .venv to .dockerignore (or ${rule.fix}) and convert again.`,
    );
    return null;
  }
  const chosen = rule.settings.find((x) => x.value !== undefined);
  const home = knownHome(s.input, s.user, vars) ?? '';
  const needsHome = !chosen || chosen.value!.startsWith('~');
  const unknown = [
    ...(chosen ? [chosen.value!] : []),
    ...(needsHome ? [vars.HOME ?? ''] : []),
  ].find((v) => dynamic(v) || v.includes('{'));
  if (unknown !== undefined) {
    s.fail(
      'MSC007',
      `${rule.tool}'s virtualenv folder depends on \`${unknown}\`, a path msconvert cannot resolve; ${rule.fix} and convert again.`,
    );
    return null;
  }
  if (needsHome && (!home || (vars.HOME !== undefined && !vars.HOME.startsWith('/')))) {
    s.fail(
      'MSC007',
      `${rule.tool} installs as ${s.user ?? 'root'} into a virtualenv under ${rule.homeWhat}, and msconvert cannot tell that user's home folder (no absolute HOME, and the user is not made in this stage); ${rule.fix} and convert again.`,
    );
    return null;
  }
  // Paths are expanded with ~ and taken against the working folder, as pathlib does.
  const resolve = (p: string) => s.abs(p.replace(/^~(?=\/|$)/, home));
  const dir = chosen
    ? resolve(path.posix.join(chosen.value!, chosen.below))
    : path.posix.join(home, rule.home);
  const mount = s.mounts.find((m) => under(dir, m));
  if (mount) {
    s.fail(
      'MSC007',
      `${rule.tool} makes its virtualenv in ${dir}, inside the RUN's --mount at ${mount}, so the venv is not in the image for the runtime to take; ${rule.mountFix} (or ${rule.fix}) and convert again.`,
    );
    return null;
  }
  return dir;
}
