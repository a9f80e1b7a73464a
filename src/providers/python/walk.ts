// The install walk: every command of every RUN, read by the module of the tool it starts,
// into what was installed where (a Walk). The first command that cannot be followed decides
// the decline; the walk itself only dispatches and tracks the activated virtual environment.
import { resolvePath, type Command } from '../../analysis/stage';
import { decline, type Decline, type ProviderInput } from '../contract';
import { condaCommand } from './conda';
import { invocation, type Invocation } from './invocation';
import { pipStep, easyInstallStep } from './pip';
import { newPoetryConfig, poetryStep, type PoetryConfig } from './poetry';
import { pipenvStep } from './pipenv';
import { uvStep } from './uv';
import { activatedVenv, venvOfExe, venvStep } from './venv';
import { buildStep, pdmStep, setupPyStep } from './builds';
import { mountTargets, type Step } from './step';
import type { Place, Walk } from './types';

// The other tool modules (poetry, pipenv, venv, builds) still name Step from here.
export type { Step } from './step';

const TOOLS: Record<string, (s: Step) => void> = {
  venv: venvStep,
  virtualenv: venvStep,
  pip: pipStep,
  easy_install: easyInstallStep,
  'setup.py': setupPyStep,
  'manage.py': buildStep,
  'django-admin': buildStep,
  compileall: buildStep,
  build: buildStep,
  pybabel: buildStep,
  cythonize: buildStep,
  poetry: poetryStep,
  pipenv: pipenvStep,
  uv: uvStep,
  pdm: pdmStep,
};

export function walk(input: ProviderInput): Walk {
  const out: Walk = {
    installs: [],
    venvs: new Map(),
    builds: [],
    wheels: [],
    wheelRequirements: [],
    projectDirs: [],
    decline: null,
    warnings: [],
  };
  const poetry: PoetryConfig = newPoetryConfig();
  const fail = (code: Decline['code'], reason: string) => {
    out.decline ??= decline(code, reason);
  };
  for (const run of input.model.runs) {
    let activated: string | null = null;
    const mounts = mountTargets(run.ins.flags).map((t) => resolvePath(run.workdir, t));
    for (const cmd of run.commands) {
      const venv = activatedVenv(cmd);
      if (venv) {
        activated = venv;
        continue;
      }
      const inv = invocation(cmd.argv);
      if (!inv) continue;
      const conda = condaCommand(cmd);
      if (conda) {
        fail(conda.code, conda.reason);
        continue;
      }
      const handler = Object.prototype.hasOwnProperty.call(TOOLS, inv.tool)
        ? TOOLS[inv.tool]
        : null;
      if (!handler) continue;
      const active = activated;
      const virtualEnv = (): string | null =>
        active ?? (cmd.vars.VIRTUAL_ENV ? resolvePath(cmd.cwd, cmd.vars.VIRTUAL_ENV) : null);
      handler({
        input,
        user: run.user,
        cmd,
        inv,
        out,
        poetry,
        mounts,
        fail,
        abs: (p) => resolvePath(cmd.cwd, p),
        virtualEnv,
        pathPlace: () => pathPlace(cmd, inv, active, out),
      });
    }
  }
  return out;
}

function pathPlace(cmd: Command, inv: Invocation, activated: string | null, out: Walk): Place {
  const own = venvOfExe(cmd, inv);
  if (own) return { kind: 'venv', dir: own };
  if (activated) return { kind: 'venv', dir: activated };
  for (const dir of (cmd.vars.PATH ?? '').split(':')) {
    if (!dir) continue;
    const v = /^(.*)\/bin$/.exec(dir);
    if (v && out.venvs.has(v[1])) return { kind: 'venv', dir: v[1] };
    if (['/usr/local/bin', '/usr/bin', '/bin', '/usr/local/sbin'].includes(dir)) break;
  }
  return { kind: 'system' };
}
