// Python: whatever pip, Poetry, Pipenv, uv or setup.py installed (the system site-packages
// of the exact Python version with the console scripts in /usr/local/bin, virtual
// environments, user and --target/--prefix folders) plus the app folders, copied to the same
// absolute paths onto the slim variant of the same python image. Console scripts keep finding
// their interpreter because every python image keeps it at /usr/local/bin/pythonX.Y.
import { playwrightInstall, untracedReason } from '../analysis/effects';
import { detection } from './detect';
import * as path from 'path';
import type { Warning } from '../codes';
import { tagAlpine, tagCodename, type ImageRef } from '../analysis/image';
import type { StartNeeds } from '../analysis/needs';
import { referencedVariables, resolvePath, type Command } from '../analysis/stage';
import { commandName } from '../shell';
import { installedPackages } from '../analysis/packages';
import { compiledLibraries, runtimePackageForLibrary } from '../analysis/native';
import { packages, templateJson, type RuntimeFacts } from '../data';
import {
  decline,
  type CopySpec,
  type Decline,
  type Detection,
  type Provider,
  type ProviderInput,
  type ProviderPlan,
  type RuntimeCandidate,
} from './contract';

type PerRelease = string | Record<string, string>;

interface NativeModule {
  packages: PerRelease[];
  unless?: string[];
  unlessExtras?: string[];
}

interface PythonData {
  builderImages: string[];
  defaultCodename: string;
  runtime: { debian: RuntimeFacts; alpine: RuntimeFacts };
  runtimeCommands: string[];
  condaImages: string[];
  devServers: string[];
  installAtStart: string[];
  scripts: Record<string, string[]>;
  nativeModules: Record<string, NativeModule>;
  localStage: string[];
  localOwn: string[];
  builderTools: string[];
}
const data = () => templateJson<PythonData>('python.json');

const OFFICIAL =
  /^(?:(?:docker\.io|index\.docker\.io|registry-1\.docker\.io)\/)?(?:library\/)?python$|^(?:public\.ecr\.aws\/docker\/library|mcr\.microsoft\.com\/mirror\/docker\/library|mirror\.gcr\.io\/library)\/python$/;

/** Folders that belong to the OS: never copied whole. */
const SYSTEM_DIRS = new Set([
  '/',
  '/usr',
  '/bin',
  '/sbin',
  '/lib',
  '/lib64',
  '/etc',
  '/var',
  '/opt',
  '/home',
  '/root',
  '/srv',
  '/tmp',
  '/mnt',
  '/media',
  '/run',
  '/usr/local',
  '/usr/local/bin',
  '/usr/local/sbin',
  '/usr/local/lib',
  '/usr/local/share',
  '/usr/local/include',
  '/usr/local/etc',
  '/usr/src',
  '/usr/bin',
  '/usr/lib',
  '/usr/share',
  '/var/lib',
  '/var/log',
  '/var/www',
  '/var/cache',
]);

/** Folders whose content is scratch space: never copied. */
const SCRATCH = /^\/(tmp|var\/tmp|var\/cache|var\/lib\/apt|root\/\.cache|proc|sys|dev)(\/|$)/;

/** The stage that gathers what installs put in /usr/local besides Python itself. */
const LOCAL_STAGE = 'python-local';

const TRUE = /^(1|true|yes|on)$/i;
const FALSE = /^(0|false|no|off)$/i;

/** Normalised PyPI name (PEP 503). */
function norm(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

function isPython(word: string | undefined): boolean {
  return word !== undefined && /^python(\d+(\.\d+)?)?$/.test(commandName(word));
}

function under(p: string, dir: string): boolean {
  return p === dir || p.startsWith(dir === '/' ? '/' : `${dir}/`);
}

// ---------------------------------------------------------------------------------------
// Where an install puts its files.

type Place =
  | { kind: 'system' }
  | { kind: 'venv'; dir: string }
  | { kind: 'user'; dir: string }
  | { kind: 'dir'; dir: string; what: string }
  | { kind: 'project'; dir: string };

type Tool = 'pip' | 'poetry' | 'pipenv' | 'uv' | 'pdm' | 'setup.py' | 'easy_install';

interface Install {
  cmd: Command;
  tool: Tool;
  place: Place;
  /** Packages named on the command line. */
  named: { name: string; extras: string[] }[];
  /** Requirement files (image paths). */
  requirements: string[];
  /** Installs the project in a folder of the image (`.`, `-e .`, poetry/pipenv/uv sync). */
  project: string | null;
}

/** A Python tool invocation with the interpreter prefix (python -m x) taken off. */
interface Invocation {
  tool: string;
  /** The program that runs: pip or /opt/venv/bin/python. */
  exe: string;
  args: string[];
}

const PYTHON_FLAGS_WITH_VALUE = new Set(['-W', '-X', '-c']);

function invocation(argv: string[]): Invocation | null {
  if (argv.length === 0) return null;
  const head = argv[0];
  if (isPython(head)) {
    let i = 1;
    while (i < argv.length && argv[i].startsWith('-') && argv[i] !== '-m') {
      if (argv[i] === '-c') return null;
      i += PYTHON_FLAGS_WITH_VALUE.has(argv[i]) ? 2 : 1;
    }
    if (argv[i] === '-m' && argv[i + 1])
      return { tool: argv[i + 1], exe: head, args: argv.slice(i + 2) };
    if (argv[i] && /(^|\/)setup\.py$/.test(argv[i]))
      return { tool: 'setup.py', exe: head, args: argv.slice(i + 1) };
    if (argv[i] && /(^|\/)manage\.py$/.test(argv[i]))
      return { tool: 'manage.py', exe: head, args: argv.slice(i + 1) };
    return null;
  }
  const name = commandName(head);
  return { tool: /^pip\d*(\.\d+)?$/.test(name) ? 'pip' : name, exe: head, args: argv.slice(1) };
}

const PIP_VALUE_FLAGS = new Set([
  '-r',
  '--requirement',
  '-c',
  '--constraint',
  '-e',
  '--editable',
  '-t',
  '--target',
  '--prefix',
  '--root',
  '-i',
  '--index-url',
  '--extra-index-url',
  '-f',
  '--find-links',
  '--cache-dir',
  '--log',
  '--proxy',
  '--timeout',
  '--retries',
  '--trusted-host',
  '--cert',
  '--client-cert',
  '--exists-action',
  '--src',
  '--platform',
  '--python-version',
  '--implementation',
  '--abi',
  '--upgrade-strategy',
  '--progress-bar',
  '--config-settings',
  '-C',
  '--global-option',
  '--install-option',
  '--python',
  '-p',
  '--report',
  '--only-binary',
  '--no-binary',
  '--root-user-action',
  '--use-feature',
  '--use-deprecated',
  '--keyring-provider',
  '--directory',
  '--project',
  '--group',
  '--extra',
  '--only-group',
  '--no-group',
  '--with',
  '--without',
  '--only',
  '-E',
  '--extras',
  '--index',
  '--default-index',
  '--python-preference',
  '--prompt',
]);

interface Args {
  sub: string[];
  flags: Map<string, string[]>;
  positional: string[];
}

/** Splits tool arguments into subcommand words, flags (with values) and positionals. */
function readArgs(args: string[], subWords: number): Args {
  const out: Args = { sub: [], flags: new Map(), positional: [] };
  const add = (k: string, v: string) => out.flags.set(k, [...(out.flags.get(k) ?? []), v]);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith('-') && a !== '-') {
      const eq = a.indexOf('=');
      if (a.startsWith('--') && eq > 0) add(a.slice(0, eq), a.slice(eq + 1));
      else if (PIP_VALUE_FLAGS.has(a)) add(a, args[++i] ?? '');
      else if (/^-[rcetfiCpE].+/.test(a) && !a.startsWith('--')) add(a.slice(0, 2), a.slice(2));
      else add(a, '');
    } else if (out.sub.length < subWords) out.sub.push(a);
    else out.positional.push(a);
  }
  return out;
}

const flag = (a: Args, ...names: string[]): string[] => names.flatMap((n) => a.flags.get(n) ?? []);
const has = (a: Args, ...names: string[]): boolean => names.some((n) => a.flags.has(n));

interface Walk {
  installs: Install[];
  venvs: Map<string, string>;
  builds: string[];
  /** Projects and requirement files `pip wheel` builds wheels of. */
  wheels: string[];
  wheelRequirements: string[];
  /** Folders where commands build or install from local files. */
  projectDirs: string[];
  decline: Decline | null;
  warnings: Warning[];
}

function homeOf(input: ProviderInput, user: string | null, vars: Record<string, string>): string {
  if (vars.HOME && vars.HOME.startsWith('/')) return vars.HOME;
  const name = (user ?? 'root').split(':')[0];
  if (name === 'root' || name === '0') return '/root';
  for (const run of input.model.runs) {
    for (const c of run.commands) {
      const tool = commandName(c.argv[0]);
      if ((tool !== 'useradd' && tool !== 'adduser') || !c.argv.includes(name)) continue;
      const i = c.argv.findIndex((a) => a === '-d' || a === '--home' || a === '--home-dir');
      if (i >= 0 && c.argv[i + 1]) return c.argv[i + 1];
    }
  }
  return /^\d+$/.test(name) ? '' : `/home/${name}`;
}

function walk(input: ProviderInput): Walk {
  const { model } = input;
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
  const poetry = { create: null as boolean | null, inProject: null as boolean | null };
  const fail = (code: Decline['code'], reason: string) => {
    out.decline ??= decline(code, reason);
  };
  for (const run of model.runs) {
    let activated: string | null = null;
    for (const cmd of run.commands) {
      const vars = cmd.vars;
      const argv = cmd.argv;
      if ((argv[0] === '.' || argv[0] === 'source') && /\/bin\/activate$/.test(argv[1] ?? '')) {
        activated = resolvePath(cmd.cwd, argv[1].replace(/\/bin\/activate$/, ''));
        continue;
      }
      const inv = invocation(argv);
      if (!inv) continue;
      const { tool } = inv;
      const venvOfExe = (): string | null => {
        if (!inv.exe.includes('/')) return null;
        const m = /^(.*)\/bin\/[^/]+$/.exec(resolvePath(cmd.cwd, inv.exe));
        if (!m || ['/usr', '/usr/local', ''].includes(m[1])) return null;
        return m[1];
      };
      const virtualEnv = (): string | null =>
        activated ?? (vars.VIRTUAL_ENV ? resolvePath(cmd.cwd, vars.VIRTUAL_ENV) : null);
      // The environment a bare `pip`/`python` reaches: its own folder, an activated venv, or
      // the first folder on PATH that is a venv's bin (a venv made in this stage).
      const pathPlace = (): Place => {
        const own = venvOfExe();
        if (own) return { kind: 'venv', dir: own };
        if (activated) return { kind: 'venv', dir: activated };
        for (const dir of (vars.PATH ?? '').split(':')) {
          if (!dir) continue;
          const v = /^(.*)\/bin$/.exec(dir);
          if (v && out.venvs.has(v[1])) return { kind: 'venv', dir: v[1] };
          if (['/usr/local/bin', '/usr/bin', '/bin', '/usr/local/sbin'].includes(dir)) break;
        }
        return { kind: 'system' };
      };
      const abs = (p: string) => resolvePath(cmd.cwd, p);
      const dynamic = (p: string) => p.includes('$') || p.includes('`');

      if (['conda', 'mamba', 'micromamba'].includes(commandName(argv[0]))) {
        fail(
          'MSC002',
          `the image installs with ${commandName(argv[0])}; msconvert converts Python built with pip, Poetry, Pipenv or uv on the python images, not conda environments.`,
        );
        continue;
      }
      if (tool === 'venv' || tool === 'virtualenv') {
        const a = readArgs(inv.args, 0);
        const dir = a.positional[0];
        if (dir && !dynamic(dir)) out.venvs.set(abs(dir), `\`${argv.join(' ')}\``);
        else if (dir)
          fail(
            'MSC007',
            `the virtual environment is created at \`${dir}\`, a path msconvert cannot resolve.`,
          );
        continue;
      }
      if (tool === 'pip' || tool === 'easy_install') {
        const a = readArgs(inv.args, tool === 'pip' ? 1 : 0);
        if (tool === 'pip' && a.sub[0] !== 'install') {
          if (a.sub[0] === 'wheel') {
            // Wheels built here are usually installed next; their scripts and requirements count.
            out.builds.push('pip wheel');
            for (const p of a.positional)
              if (p === '.' || p.startsWith('./') || p.startsWith('/')) out.wheels.push(abs(p));
            for (const item of flag(a, '-r', '--requirement').map(abs))
              out.wheelRequirements.push(item);
          }
          continue;
        }
        const targets = [
          ...flag(a, '-t', '--target'),
          ...(vars.PIP_TARGET ? [vars.PIP_TARGET] : []),
        ];
        const prefixes = [...flag(a, '--prefix'), ...(vars.PIP_PREFIX ? [vars.PIP_PREFIX] : [])];
        let place: Place;
        if (has(a, '--root') || vars.PIP_ROOT) {
          fail(
            'MSC007',
            '`pip install --root` installs under another root, which msconvert does not follow.',
          );
          continue;
        } else if (targets.length > 0) {
          if (dynamic(targets[0])) {
            fail('MSC007', `pip installs into \`${targets[0]}\`, a path msconvert cannot resolve.`);
            continue;
          }
          place = { kind: 'dir', dir: abs(targets[0]), what: 'pip --target folder' };
        } else if (prefixes.length > 0) {
          if (dynamic(prefixes[0])) {
            fail(
              'MSC007',
              `pip installs into \`${prefixes[0]}\`, a path msconvert cannot resolve.`,
            );
            continue;
          }
          const p = abs(prefixes[0]);
          place =
            p === '/usr/local'
              ? { kind: 'system' }
              : { kind: 'dir', dir: p, what: 'pip --prefix folder' };
        } else if (has(a, '--user') || TRUE.test(vars.PIP_USER ?? '')) {
          const base = vars.PYTHONUSERBASE
            ? abs(vars.PYTHONUSERBASE)
            : (() => {
                const home = homeOf(input, run.user, vars);
                return home ? `${home}/.local` : '';
              })();
          if (!base || dynamic(base)) {
            fail(
              'MSC007',
              `pip installs with --user as ${run.user}, whose home folder msconvert cannot tell.`,
            );
            continue;
          }
          place = { kind: 'user', dir: base };
        } else place = pathPlace();
        const reqs = flag(a, '-r', '--requirement').map(abs);
        const editable = flag(a, '-e', '--editable');
        const named: Install['named'] = [];
        let project: string | null = null;
        for (const p of [...a.positional, ...editable]) {
          if (p === '.' || p.startsWith('./') || p.startsWith('/') || p.startsWith('..')) {
            if (!/\.(whl|tar\.gz|zip)$/.test(p)) project = abs(p);
            continue;
          }
          const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[([^\]]*)\])?/.exec(p);
          if (m && !p.includes('://') && !p.endsWith('.whl'))
            named.push({ name: norm(m[1]), extras: (m[2] ?? '').split(',').map((x) => x.trim()) });
        }
        out.installs.push({
          cmd,
          tool: tool === 'pip' ? 'pip' : 'easy_install',
          place,
          named,
          requirements: reqs,
          project,
        });
        if (project) out.projectDirs.push(project);
        continue;
      }
      if (tool === 'setup.py') {
        const sub = inv.args.find((x) => !x.startsWith('-')) ?? '';
        const script = argv.find((x) => /(^|\/)setup\.py$/.test(x)) ?? 'setup.py';
        const dir = path.posix.dirname(abs(script));
        out.projectDirs.push(dir);
        if (sub === 'install' || sub === 'develop') {
          out.installs.push({
            cmd,
            tool: 'setup.py',
            place: pathPlace(),
            named: [],
            requirements: [],
            project: dir,
          });
        } else out.builds.push(`setup.py ${sub}`);
        continue;
      }
      if (tool === 'manage.py' || tool === 'django-admin') {
        const sub = inv.args.find((x) => !x.startsWith('-')) ?? '';
        if (['collectstatic', 'compilemessages', 'compress', 'tailwind'].includes(sub)) {
          out.builds.push(`${tool} ${sub}`);
          out.projectDirs.push(cmd.cwd);
        }
        continue;
      }
      if (tool === 'compileall' || tool === 'build' || tool === 'pybabel' || tool === 'cythonize') {
        if (tool !== 'pybabel' || inv.args[0] === 'compile') {
          out.builds.push(tool);
          out.projectDirs.push(cmd.cwd);
        }
        continue;
      }
      if (tool === 'poetry') {
        const a = readArgs(inv.args, 3);
        const project = abs(flag(a, '--directory', '-C', '--project', '-P')[0] ?? '.');
        if (a.sub[0] === 'config') {
          const value = a.sub[2] ?? a.positional[0] ?? '';
          if (a.sub[1] === 'virtualenvs.create') poetry.create = !FALSE.test(value);
          if (a.sub[1] === 'virtualenvs.in-project') poetry.inProject = TRUE.test(value);
          continue;
        }
        if (!['install', 'sync'].includes(a.sub[0] ?? '')) continue;
        const tomlText = input.files.readByImagePath(path.posix.join(project, 'poetry.toml'));
        const fromToml = (key: string): boolean | null => {
          const m = tomlText
            ? new RegExp(`^\\s*${key}\\s*=\\s*(true|false)`, 'm').exec(tomlText)
            : null;
          return m ? m[1] === 'true' : null;
        };
        const env = (k: string) => (vars[k] === undefined ? null : !FALSE.test(vars[k]));
        const create =
          env('POETRY_VIRTUALENVS_CREATE') ?? poetry.create ?? fromToml('create') ?? true;
        const inProject =
          env('POETRY_VIRTUALENVS_IN_PROJECT') ??
          poetry.inProject ??
          fromToml('in-project') ??
          false;
        let place: Place;
        const venv = virtualEnv();
        if (venv) place = { kind: 'venv', dir: venv };
        else if (!create) place = pathPlace();
        else if (inProject) place = { kind: 'venv', dir: `${project}/.venv` };
        else if (vars.POETRY_VIRTUALENVS_PATH && !dynamic(vars.POETRY_VIRTUALENVS_PATH))
          place = {
            kind: 'dir',
            dir: abs(vars.POETRY_VIRTUALENVS_PATH),
            what: 'Poetry virtualenvs',
          };
        else {
          fail(
            'MSC007',
            'Poetry installs into a virtualenv in its cache folder, whose name msconvert cannot tell; set POETRY_VIRTUALENVS_IN_PROJECT=true (or `poetry config virtualenvs.create false`) and convert again.',
          );
          continue;
        }
        out.installs.push({
          cmd,
          tool: 'poetry',
          place,
          named: [],
          requirements: [],
          project: has(a, '--no-root') ? null : project,
        });
        out.projectDirs.push(project);
        continue;
      }
      if (tool === 'pipenv') {
        const a = readArgs(inv.args, 1);
        if (!['install', 'sync'].includes(a.sub[0] ?? '')) continue;
        const project = vars.PIPENV_PIPFILE
          ? path.posix.dirname(abs(vars.PIPENV_PIPFILE))
          : cmd.cwd;
        const venv = TRUE.test(vars.PIPENV_IGNORE_VIRTUALENVS ?? '') ? null : virtualEnv();
        let place: Place;
        if (has(a, '--system')) place = pathPlace();
        else if (venv) place = { kind: 'venv', dir: venv };
        else if (TRUE.test(vars.PIPENV_VENV_IN_PROJECT ?? ''))
          place = { kind: 'venv', dir: `${project}/.venv` };
        else if (vars.WORKON_HOME && !dynamic(vars.WORKON_HOME))
          place = {
            kind: 'dir',
            dir: abs(vars.WORKON_HOME),
            what: 'Pipenv virtualenvs (WORKON_HOME)',
          };
        else {
          fail(
            'MSC007',
            'Pipenv installs into a virtualenv under ~/.local/share/virtualenvs, whose name msconvert cannot tell; use `pipenv install --system --deploy` or PIPENV_VENV_IN_PROJECT=1 and convert again.',
          );
          continue;
        }
        out.installs.push({
          cmd,
          tool: 'pipenv',
          place,
          named: a.positional.map((n) => ({
            name: norm(n.replace(/[=<>~!\[].*$/, '')),
            extras: [],
          })),
          requirements: [],
          project,
        });
        out.projectDirs.push(project);
        continue;
      }
      if (tool === 'uv') {
        const a = readArgs(inv.args, 2);
        const [s0, s1] = a.sub;
        const project = abs(flag(a, '--directory', '--project')[0] ?? '.');
        if (s0 === 'python' && s1 === 'install') {
          fail(
            'MSC007',
            "`uv python install` puts a managed Python in uv's data folder; use the python image's own interpreter (drop the step) and convert again.",
          );
          continue;
        }
        if (s0 === 'venv') {
          const dir = a.sub[1] ?? a.positional[0] ?? '.venv';
          if (!dynamic(dir)) out.venvs.set(abs(dir), `\`${argv.join(' ')}\``);
          continue;
        }
        if (s0 === 'tool' && s1 === 'install') {
          const home = homeOf(input, run.user, vars);
          if (!home && !vars.UV_TOOL_DIR) {
            fail(
              'MSC007',
              `uv installs tools as ${run.user}, whose home folder msconvert cannot tell.`,
            );
            continue;
          }
          const dirs = [vars.UV_TOOL_DIR, vars.UV_TOOL_BIN_DIR].filter((x): x is string => !!x);
          if (dirs.length > 0)
            for (const d of dirs)
              out.installs.push({
                cmd,
                tool: 'uv',
                place: { kind: 'dir', dir: abs(d), what: 'uv tools' },
                named: [],
                requirements: [],
                project: null,
              });
          else
            out.installs.push({
              cmd,
              tool: 'uv',
              place: { kind: 'user', dir: `${home}/.local` },
              named: a.positional.map((n) => ({ name: norm(n), extras: [] })),
              requirements: [],
              project: null,
            });
          continue;
        }
        if (s0 === 'sync') {
          let place: Place;
          const envDir = vars.UV_PROJECT_ENVIRONMENT;
          if (has(a, '--active') && virtualEnv())
            place = { kind: 'venv', dir: virtualEnv() as string };
          else if (envDir) {
            const d = resolvePath(project, envDir);
            place = d === '/usr/local' ? { kind: 'system' } : { kind: 'venv', dir: d };
          } else place = { kind: 'venv', dir: `${project}/.venv` };
          out.installs.push({
            cmd,
            tool: 'uv',
            place,
            named: [],
            requirements: [],
            project: has(a, '--no-install-project') ? null : project,
          });
          out.projectDirs.push(project);
          continue;
        }
        if (s0 === 'pip' && (s1 === 'install' || s1 === 'sync')) {
          const pyFlag = flag(a, '--python', '-p')[0];
          let place: Place;
          const targets = flag(a, '-t', '--target');
          const prefixes = flag(a, '--prefix');
          if (targets[0])
            place = { kind: 'dir', dir: abs(targets[0]), what: 'uv pip --target folder' };
          else if (prefixes[0])
            place =
              abs(prefixes[0]) === '/usr/local'
                ? { kind: 'system' }
                : { kind: 'dir', dir: abs(prefixes[0]), what: 'uv pip --prefix folder' };
          else if (has(a, '--system') || TRUE.test(vars.UV_SYSTEM_PYTHON ?? ''))
            place = { kind: 'system' };
          else if (
            pyFlag &&
            /\/bin\/python[\d.]*$/.test(pyFlag) &&
            !/^\/usr(\/local)?\/bin\//.test(pyFlag)
          )
            place = { kind: 'venv', dir: abs(pyFlag).replace(/\/bin\/[^/]+$/, '') };
          else if (pyFlag && /^\/usr(\/local)?\/bin\//.test(pyFlag)) place = { kind: 'system' };
          else if (virtualEnv()) place = { kind: 'venv', dir: virtualEnv() as string };
          else place = { kind: 'venv', dir: `${cmd.cwd}/.venv` };
          const named: Install['named'] = [];
          let proj: string | null = null;
          for (const p of a.positional) {
            if (p === '.' || p.startsWith('./') || p.startsWith('/')) {
              proj = abs(p);
              continue;
            }
            const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[([^\]]*)\])?/.exec(p);
            if (m)
              named.push({
                name: norm(m[1]),
                extras: (m[2] ?? '').split(',').map((x) => x.trim()),
              });
          }
          out.installs.push({
            cmd,
            tool: 'uv',
            place,
            named,
            requirements: flag(a, '-r', '--requirement').map(abs),
            project: proj,
          });
          if (proj) out.projectDirs.push(proj);
          continue;
        }
        continue;
      }
      if (tool === 'pdm') {
        const a = readArgs(inv.args, 1);
        if (!['install', 'sync'].includes(a.sub[0] ?? '')) continue;
        out.installs.push({
          cmd,
          tool: 'pdm',
          place: { kind: 'project', dir: cmd.cwd },
          named: [],
          requirements: [],
          project: cmd.cwd,
        });
        out.projectDirs.push(cmd.cwd);
        continue;
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Manifests: the dependencies (for console scripts and OS libraries) and the project's own
// console scripts.

interface Dep {
  name: string;
  extras: string[];
}

/** The body of a TOML table ([tool.poetry.scripts]), or null when absent. */
function tomlTable(text: string, header: string): string | null {
  const out: string[] = [];
  let inside = false;
  let found = false;
  for (const line of text.split(/\r?\n/)) {
    const h = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$/.exec(line);
    if (h) {
      inside = h[1].replace(/["'\s]/g, '') === header;
      found ||= inside;
      continue;
    }
    if (inside) out.push(line);
  }
  return found ? out.join('\n') : null;
}

/** Keys of a TOML table. */
function tomlKeys(table: string): string[] {
  const out: string[] = [];
  for (const m of table.matchAll(/^\s*(["']?)([A-Za-z0-9_.-]+)\1\s*=/gm)) out.push(m[2]);
  return out;
}

/** The strings of a TOML array value (`key = [ "a", "b" ]`, over several lines). */
function tomlStrings(table: string, key: string): string[] {
  const m = new RegExp(`^\\s*["']?${key.replace(/[.-]/g, '\\$&')}["']?\\s*=\\s*\\[`, 'm').exec(
    table,
  );
  if (!m) return [];
  const out: string[] = [];
  let depth = 1;
  let i = m.index + m[0].length;
  while (i < table.length && depth > 0) {
    const c = table[i];
    if (c === '"' || c === "'") {
      const end = table.indexOf(c, i + 1);
      if (end < 0) break;
      out.push(table.slice(i + 1, end));
      i = end + 1;
      continue;
    }
    if (c === '#') {
      const nl = table.indexOf('\n', i);
      i = nl < 0 ? table.length : nl;
      continue;
    }
    if (c === '[') depth++;
    if (c === ']') depth--;
    i++;
  }
  return out;
}

function requirement(spec: string): Dep | null {
  const s = spec.trim();
  if (!s || s.startsWith('#') || s.startsWith('-')) return null;
  const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?/.exec(s);
  if (!m) return null;
  if (s.includes('://') && !/^[A-Za-z0-9._-]+\s*(\[[^\]]*\])?\s*@/.test(s)) return null;
  return {
    name: norm(m[1]),
    extras: (m[2] ?? '')
      .split(',')
      .map((x) => x.trim().toLowerCase())
      .filter(Boolean),
  };
}

class Manifests {
  readonly deps = new Map<string, Set<string>>();
  readonly scripts = new Set<string>();
  private readonly seen = new Set<string>();

  constructor(private readonly input: ProviderInput) {}

  add(dep: Dep | null): void {
    if (!dep) return;
    const extras = this.deps.get(dep.name) ?? new Set<string>();
    for (const e of dep.extras) extras.add(e);
    this.deps.set(dep.name, extras);
  }

  private read(imagePath: string): string | null {
    return this.input.files.readByImagePath(imagePath);
  }

  /** A requirements file and the ones it includes with -r. */
  requirements(imagePath: string, depth = 0): void {
    if (this.seen.has(imagePath) || depth > 5) return;
    this.seen.add(imagePath);
    const text = this.read(imagePath);
    if (text === null) return;
    for (const raw of text.split(/\r?\n/)) {
      const line = raw.replace(/\s+#.*$/, '').trim();
      const inc = /^(?:-r|--requirement)\s*=?\s*(\S+)/.exec(line);
      if (inc) this.requirements(path.posix.join(path.posix.dirname(imagePath), inc[1]), depth + 1);
      else this.add(requirement(line));
    }
  }

  /** The manifests of a project folder; scripts only when the project itself is installed. */
  project(dir: string, installed: boolean): void {
    const key = `${dir}:${installed}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const at = (name: string) => this.read(path.posix.join(dir, name));
    const pyproject = at('pyproject.toml');
    if (pyproject) {
      const project = tomlTable(pyproject, 'project');
      if (project) for (const s of tomlStrings(project, 'dependencies')) this.add(requirement(s));
      const poetry = tomlTable(pyproject, 'tool.poetry.dependencies');
      if (poetry) {
        for (const k of tomlKeys(poetry)) {
          if (k === 'python') continue;
          const line = new RegExp(`^\\s*["']?${k.replace(/[.-]/g, '\\$&')}["']?\\s*=.*$`, 'm').exec(
            poetry,
          );
          const extras = line ? /extras\s*=\s*\[([^\]]*)\]/.exec(line[0]) : null;
          this.add({
            name: norm(k),
            extras: extras ? extras[1].split(',').map((x) => x.replace(/["'\s]/g, '')) : [],
          });
        }
      }
      if (installed) {
        for (const t of ['project.scripts', 'project.gui-scripts', 'tool.poetry.scripts']) {
          const table = tomlTable(pyproject, t);
          if (table) for (const k of tomlKeys(table)) this.scripts.add(k);
        }
      }
    }
    const pipfile = at('Pipfile');
    if (pipfile) {
      const packages = tomlTable(pipfile, 'packages');
      if (packages) {
        for (const m of packages.matchAll(/^\s*(["']?)([A-Za-z0-9_.-]+)\1\s*=(.*)$/gm)) {
          const extras = /extras\s*=\s*\[([^\]]*)\]/.exec(m[3]);
          this.add({
            name: norm(m[2]),
            extras: extras ? extras[1].split(',').map((x) => x.replace(/["'\s]/g, '')) : [],
          });
        }
      }
    }
    for (const lock of ['poetry.lock', 'uv.lock', 'pdm.lock']) {
      const text = at(lock);
      if (text)
        for (const m of text.matchAll(/^name\s*=\s*"([^"]+)"/gm))
          this.add({ name: norm(m[1]), extras: [] });
    }
    const pipLock = at('Pipfile.lock');
    if (pipLock) {
      try {
        const json = JSON.parse(pipLock) as { default?: Record<string, unknown> };
        for (const k of Object.keys(json.default ?? {})) this.add({ name: norm(k), extras: [] });
      } catch {
        // not JSON: ignored
      }
    }
    const setupPy = at('setup.py');
    if (setupPy) {
      const req = /install_requires\s*=\s*\[([^\]]*)\]/.exec(setupPy);
      if (req) for (const m of req[1].matchAll(/["']([^"']+)["']/g)) this.add(requirement(m[1]));
      if (installed)
        for (const m of setupPy.matchAll(
          /["']\s*([A-Za-z0-9_.-]+)\s*=\s*[\w.]+\s*:\s*[\w.]+\s*["']/g,
        ))
          this.scripts.add(m[1]);
    }
    const setupCfg = at('setup.cfg');
    if (setupCfg) {
      const opts = /install_requires\s*=\s*\n((?:[ \t]+\S.*\n?)*)/.exec(setupCfg);
      if (opts) for (const l of opts[1].split('\n')) this.add(requirement(l));
      const cs = /console_scripts\s*=\s*\n((?:[ \t]+\S.*\n?)*)/.exec(setupCfg);
      if (cs && installed)
        for (const m of cs[1].matchAll(/^\s*([A-Za-z0-9_.-]+)\s*=/gm)) this.scripts.add(m[1]);
    }
  }

  /** Console scripts the installed distributions provide. */
  commands(): Set<string> {
    const out = new Set<string>(this.scripts);
    const map = data().scripts;
    for (const name of this.deps.keys()) for (const s of map[name] ?? [name]) out.add(s);
    return out;
  }
}

// ---------------------------------------------------------------------------------------
// Start commands.

/** Command words with the interpreter prefix, flags and folders taken off: `manage.py runserver`. */
function startWords(argv: string[]): string {
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (isPython(a) || a === '-m') continue;
    if (a.startsWith('-')) continue;
    const w = commandName(a);
    words.push(/^pip\d*(\.\d+)?$/.test(w) ? 'pip' : w);
  }
  return ` ${words.join(' ')} `;
}

function startDecline(input: ProviderInput, needs: StartNeeds): Decline | null {
  const d = data();
  for (const c of needs.commands) {
    if (c.from === 'HEALTHCHECK') continue;
    const text = startWords(c.argv);
    const shown = c.argv.join(' ');
    for (const phrase of d.installAtStart) {
      if (text.includes(` ${phrase} `)) {
        return decline(
          'MSC005',
          `the container runs \`${phrase}\` when it starts (${c.from}: \`${shown}\`), so it installs Python packages at run time; move that step into a RUN instruction.`,
        );
      }
    }
    for (const phrase of d.devServers) {
      if (text.includes(` ${phrase} `)) {
        return decline(
          'MSC005',
          `the container starts \`${phrase}\`, a Python development server; start a production server (gunicorn, uvicorn without --reload) instead.`,
        );
      }
    }
    const reload = c.argv.find((a) =>
      /^--(reload|autoreload|use-reloader|reload-dir)(=|$)/.test(a),
    );
    if (reload) {
      return decline(
        'MSC005',
        `the container starts \`${shown}\` with ${reload}, a Python development server that watches the sources; drop ${reload} for a production image.`,
      );
    }
    if (/ flask (\S+ )*run /.test(text)) {
      const env = input.model.env;
      if (
        c.argv.includes('--debug') ||
        TRUE.test(env.FLASK_DEBUG ?? '') ||
        env.FLASK_ENV === 'development'
      ) {
        return decline(
          'MSC005',
          '`flask run` starts in debug mode (a development server with the reloader); start the app with gunicorn or waitress instead.',
        );
      }
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------
// Runtime image.

interface Runtime {
  image: string;
  same: boolean;
  alpine: boolean;
  slimBuilder: boolean;
  warning?: string;
}

function runtimeImage(image: ImageRef, raw: string): Runtime {
  let base = raw;
  let warning: string | undefined;
  if (image.digest || raw.includes('@')) {
    base = raw.slice(0, raw.indexOf('@'));
    warning = `the builder image is pinned by digest; the runtime image is not, pin it once the diff is accepted.`;
  }
  const colon = base.lastIndexOf(':');
  const slash = base.lastIndexOf('/');
  const repoRaw = colon > slash ? base.slice(0, colon) : base;
  const tagRaw = colon > slash ? base.slice(colon + 1) : null;
  const tag = image.tag;
  if (tag !== null && tagAlpine(tag) !== null)
    return { image: base, same: !warning, alpine: true, slimBuilder: false, warning };
  if (tag !== null && /(^|-)slim($|-)/.test(tag))
    return { image: base, same: !warning, alpine: false, slimBuilder: true, warning };
  if (tag === null || tag === 'latest' || tagRaw === null)
    return { image: `${repoRaw}:slim`, same: false, alpine: false, slimBuilder: false, warning };
  const codename = tagCodename(tag);
  const insert = (t: string): string => {
    if (codename && t === codename) return `slim-${codename}`;
    if (codename && t.endsWith(`-${codename}`))
      return `${t.slice(0, -codename.length - 1)}-slim-${codename}`;
    return `${t}-slim`;
  };
  // A codename that comes through a variable cannot be placed after -slim: use the value.
  if (codename && !tagRaw.includes(codename)) {
    const resolvedBase = image.resolved.replace(/@.*$/, '');
    const c = resolvedBase.lastIndexOf(':');
    return {
      image: `${resolvedBase.slice(0, c)}:${insert(tag)}`,
      same: false,
      alpine: false,
      slimBuilder: false,
      warning,
    };
  }
  return {
    image: `${repoRaw}:${insert(tagRaw)}`,
    same: false,
    alpine: false,
    slimBuilder: false,
    warning,
  };
}

// ---------------------------------------------------------------------------------------

function pythonEvidence(cmd: Command): string | null {
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

const MANIFESTS = [
  'requirements.txt',
  'pyproject.toml',
  'Pipfile',
  'setup.py',
  'poetry.lock',
  'uv.lock',
  'manage.py',
];

export const pythonProvider: Provider = {
  id: 'python',
  name: 'Python',

  detect({ model, ctx }): Detection | null {
    const d = data();
    const build = model.runs
      .map((run) => run.commands.map(pythonEvidence).find((x) => x !== null))
      .find((e) => e);
    return detection(model, {
      image: d.builderImages.includes(model.image.name) || d.condaImages.includes(model.image.name),
      build,
      manifest: MANIFESTS.find((m) => ctx.exists(m)),
    });
  },

  plan(input: ProviderInput, needs: StartNeeds): ProviderPlan | Decline {
    const { model, files } = input;
    const d = data();
    // Python carries no browser caches: playwright install leaves browsers and libraries behind.
    const browsers = playwrightInstall(model);
    if (browsers)
      return decline(browsers.osPackages ? 'MSC009' : 'MSC021', untracedReason(browsers));
    const warnings: Warning[] = [];
    const notes: string[] = [];
    const gain: string[] = [];
    const image = model.image;

    if (d.condaImages.includes(image.name)) {
      return decline(
        'MSC002',
        `${image.resolved} runs Python from a conda environment; msconvert converts Python built with pip, Poetry, Pipenv or uv on the python images.`,
      );
    }
    const w = walk(input);
    if (w.decline) return w.decline;
    if (!OFFICIAL.test(image.repository)) {
      return decline(
        'MSC002',
        `Python runs on ${image.resolved} here, not on a python image; msconvert converts Python on the official python images (python:3.12, python:3.12-alpine), whose interpreter it keeps at /usr/local/bin on python:<version>-slim.`,
      );
    }
    const started = startDecline(input, needs);
    if (started) return started;
    if (w.installs.length === 0 && w.builds.length === 0 && w.venvs.size === 0) {
      return decline(
        'MSC006',
        'nothing is installed or built with pip, Poetry, Pipenv or uv here, so a builder stage has nothing to leave behind; a smaller base image (the -slim tag) is the whole change.',
      );
    }
    const minorMatch = /^(\d+)\.(\d+)/.exec(image.tag ?? '');
    if (!minorMatch) {
      return decline(
        'MSC015',
        `FROM ${image.resolved} does not name the Python minor version, so the slim image pulled for the runtime may carry another Python than the builder, and installed packages only work with the version they were installed for; pin it (python:3.12) and convert again.`,
      );
    }
    const minor = `${minorMatch[1]}.${minorMatch[2]}`;
    const wanted = uvInterpreter(input, w, [Number(minorMatch[1]), Number(minorMatch[2])]);
    if (wanted) {
      return decline(
        'MSC011',
        `uv is asked for Python ${wanted}, but ${image.resolved} has Python ${minor}, so uv downloads its own interpreter into its data folder and the virtual environment links to it; use a python:${wanted} image (or drop the pin) and convert again.`,
      );
    }

    // App in the filesystem root: its files cannot be told from the image's.
    const targets = files.targets();
    if (targets.includes('/') || w.projectDirs.includes('/')) {
      return decline(
        'MSC012',
        "the app is copied to or built in the filesystem root (no WORKDIR), so msconvert cannot tell its files from the image's; set a WORKDIR such as /app and convert again.",
      );
    }

    const rt = runtimeImage(image, input.parsed.stages[0].image);
    if (rt.warning) warnings.push({ code: 'MSC104', message: rt.warning });
    const codename = rt.alpine ? null : (tagCodename(image.tag) ?? d.defaultCodename);

    // The Python version in paths: a build argument stays one when FROM is parameterised by it.
    const rawTag = /:(\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?)[^:]*$/.exec(input.parsed.stages[0].image);
    const runLines: string[] = [];
    let pathMinor = minor;
    if (rawTag && /^\d+\.\d+$/.test(model.globalArgDefaults[rawTag[2]] ?? '')) {
      const v = rawTag[2];
      pathMinor = `\${${v}}`;
      const carried = model.carried.filter((i) => i.keyword !== 'ARG');
      const redeclared =
        carried.some((i) => referencedVariables(i.raw).has(v)) &&
        !carried.some((i) => i.keyword === 'ENV' && i.pairs.some((p) => p.name === v));
      if (!redeclared) runLines.push(`ARG ${v}`);
    }

    // What the installs left, and where.
    const copies: CopySpec[] = [];
    const from = input.builderName;
    const add = (src: string, why: string) => {
      if (!copies.some((c) => c.src === src)) copies.push({ from, src, dest: src, why });
    };
    const manifests = new Manifests(input);
    for (const inst of w.installs) {
      for (const n of inst.named) manifests.add(n);
      for (const r of inst.requirements) manifests.requirements(r);
      if (inst.project) manifests.project(inst.project, true);
      else if (inst.tool !== 'pip' && inst.tool !== 'easy_install')
        manifests.project(inst.cmd.cwd, false);
    }
    if (w.installs.length > 0) {
      for (const dir of w.wheels) manifests.project(dir, true);
      for (const r of w.wheelRequirements) manifests.requirements(r);
    }
    const system = w.installs.some((i) => i.place.kind === 'system');
    const extraStages: string[][] = [];
    if (system) {
      add(
        `/usr/local/lib/python${pathMinor}/site-packages`,
        `packages installed into the system site-packages of Python ${minor}`,
      );
      // Console scripts (and data files such as Jupyter's) land in /usr/local/bin, share and
      // etc, next to Python's own entries. A stage derived from the builder gathers everything
      // there but those entries, so the slim image keeps its own interpreter.
      const stage = [`FROM ${from} AS ${LOCAL_STAGE}`];
      if (model.user && !/^(root|0)(:.*)?$/.test(model.user)) stage.push('USER root');
      for (const item of d.localStage.map((l) => l.replace('{own}', d.localOwn.join('|'))))
        stage.push(item);
      extraStages.push(stage);
      copies.push({
        from: LOCAL_STAGE,
        src: '/python-local',
        dest: '/usr/local',
        why: "console scripts and data files the installs put in /usr/local (bin, share, etc), without Python's own entries",
      });
    }
    for (const [dir, how] of w.venvs)
      add(dir, `virtual environment made by ${how}; its python links to /usr/local/bin`);
    for (const inst of w.installs) {
      const p = inst.place;
      if (p.kind === 'venv') add(p.dir, `virtual environment ${inst.tool} installs into`);
      else if (p.kind === 'user') add(p.dir, `user site (${inst.tool} --user)`);
      else if (p.kind === 'dir') add(p.dir, p.what);
    }
    const tools = [
      ...new Set(
        w.installs.map((i) =>
          i.place.kind === 'system'
            ? `${i.tool} (system site-packages)`
            : `${i.tool} (${i.place.kind === 'project' ? 'project folder' : i.place.dir})`,
        ),
      ),
    ];
    if (tools.length) notes.push(`installs: ${tools.join(', ')}`);
    if (w.builds.length)
      notes.push(`build steps kept in the copied folders: ${[...new Set(w.builds)].join(', ')}`);

    // App folders: the WORKDIR, where projects are built, everything copied from the context.
    const workdir = model.cwd;
    const app: string[] = [];
    if (workdir !== '/') app.push(workdir);
    for (const dir of w.projectDirs) if (!SYSTEM_DIRS.has(dir) && !SCRATCH.test(dir)) app.push(dir);
    for (const t of targets) {
      if (SYSTEM_DIRS.has(t) || SCRATCH.test(t)) continue;
      app.push(t);
    }
    for (const dir of app) {
      const venvInside =
        [...w.venvs.keys()].some((v) => under(v, dir)) ||
        w.installs.some(
          (i) => (i.place.kind === 'venv' || i.place.kind === 'project') && under(i.place.dir, dir),
        );
      add(dir, venvInside ? 'app with its virtual environment' : 'app files');
    }
    for (const s of needs.scripts) add(s.imagePath, 'script run at start');

    // Files build steps write outside the app: Django's STATIC_ROOT. (Folders made with mkdir
    // are the shared planner's.)
    if (w.builds.some((b) => b.endsWith('collectstatic'))) {
      const roots = staticRoots(input);
      if (roots === null) {
        warnings.push({
          code: 'MSC105',
          message:
            'collectstatic runs in the build, but msconvert found no STATIC_ROOT in the settings; check that the collected files are inside a copied folder.',
        });
      } else for (const r of roots) add(r, 'STATIC_ROOT, filled by collectstatic');
    }

    // Tools the start command runs that a COPY --from=<image> placed (uv).
    const vouched: string[] = [];
    const provided = manifests.commands();
    const runtimeCommands = d.runtimeCommands.map((c) => c.replace('{minor}', minor));
    for (const need of needs.commands) {
      const word = need.word;
      if (!word || word.includes('/') || word.includes('$') || runtimeCommands.includes(word))
        continue;
      const placed = placedFromImage(input, word);
      if (placed) {
        add(placed, `${word}, copied into the builder from an image`);
        vouched.push(word);
      } else if (provided.has(word)) vouched.push(word);
    }

    // Nested paths are copied with their parent, and so are paths inside the home folder the
    // shared planner copies for a user the runtime image does not know.
    const facts: RuntimeFacts = {
      ...(rt.alpine ? d.runtime.alpine : d.runtime.debian),
      image: rt.image,
    };
    const home = copiedHome(input, facts);
    const sorted = [...copies].sort((a, b) => a.src.length - b.src.length);
    const kept = copies.filter(
      (c) =>
        !(home && under(c.src, home)) &&
        !(c.from !== LOCAL_STAGE && system && /^\/usr\/local\/(bin|share|etc)\//.test(c.src)) &&
        !sorted.some((p) => p !== c && p.src.length < c.src.length && under(c.src, p.src)),
    );
    if (home) {
      const inHome = copies.filter((c) => under(c.src, home)).map((c) => c.src);
      if (inHome.length > 0) {
        notes.push(`copied with the home folder of ${model.user}: ${inHome.join(', ')}`);
        // The planner traces start commands through the provider's copies only.
        for (const need of needs.commands) {
          const abs = need.word.startsWith('/') ? need.word : null;
          if (abs && under(abs, home) && !vouched.includes(need.word)) vouched.push(need.word);
        }
      }
    }

    // OS libraries the full image ships that the slim one lacks, for packages that load them.
    const ensure: string[] = [];
    if (!rt.alpine && !rt.slimBuilder) {
      for (const [name, mod] of Object.entries(d.nativeModules)) {
        const extras = manifests.deps.get(name);
        if (!extras) continue;
        if ((mod.unless ?? []).some((u) => manifests.deps.has(u))) continue;
        if ((mod.unlessExtras ?? []).some((e) => extras.has(e))) continue;
        for (const p of mod.packages) {
          const v = typeof p === 'string' ? p : (p[codename ?? d.defaultCodename] ?? p.bookworm);
          if (v && !ensure.includes(v)) ensure.push(v);
        }
        notes.push(
          `${name} loads ${mod.packages.map((p) => (typeof p === 'string' ? p : (p[codename ?? d.defaultCodename] ?? p.bookworm))).join(', ')} at run time`,
        );
      }
    }

    // Packages compiled from source on the full image link libraries whose headers came
    // with it (libpq, libxml2 ...), which the slim runtime lacks: the libraries a local C
    // extension names are installed; what cannot be read is accepted only when the Dockerfile
    // names the -dev packages itself (the shared planner installs their run-time twins).
    if (!rt.alpine && !rt.slimBuilder) {
      const explicitDev = installedPackages(model).names.filter((n) => /-dev(el)?$/.test(n));
      const unsure: string[] = [];
      const projects = new Set<string>(w.wheels);
      for (const inst of w.installs) if (inst.project) projects.add(inst.project);
      for (const dir of projects) {
        const at = (n: string) => files.readByImagePath(path.posix.join(dir, n));
        const compiled = compiledLibraries(at('setup.py'), at('pyproject.toml'));
        if (!compiled) continue;
        if (compiled.libraries === null) {
          unsure.push(`the project in ${dir}`);
          continue;
        }
        for (const lib of compiled.libraries) {
          const pkg = runtimePackageForLibrary(lib, codename);
          if (pkg === null) {
            return decline(
              'MSC009',
              `the project in ${dir} compiles a C extension that links ${lib}, and msconvert knows no run-time package for it; install that library in a hand-written runtime stage.`,
            );
          }
          for (const p of pkg.split(' ').filter(Boolean)) {
            if (!ensure.includes(p)) ensure.push(p);
            notes.push(`the C extension in ${dir} links ${lib}: ${p} is installed`);
          }
        }
      }
      for (const inst of w.installs) {
        const argv = inst.cmd.argv;
        argv.forEach((a, i) => {
          const v =
            a === '--no-binary' ? argv[i + 1] : a.startsWith('--no-binary=') ? a.slice(12) : null;
          for (const name of (v ?? '').split(',').filter(Boolean)) {
            if (name === ':none:') continue;
            if (name === ':all:') unsure.push('every package (pip --no-binary :all:)');
            else if (!d.nativeModules[norm(name)]) unsure.push(`${name} (pip --no-binary)`);
          }
        });
      }
      if (unsure.length > 0 && explicitDev.length === 0) {
        return decline(
          'MSC009',
          `${unsure.join(', ')} ${unsure.length > 1 ? 'are' : 'is'} compiled from source against the libraries ${image.resolved} ships with their headers, and msconvert cannot tell which ones the build links, so the slim runtime may lack them; name the -dev packages the build needs in an apt-get install line (their run-time libraries are then installed) or use binary wheels.`,
        );
      }
    }

    // Commands the app's source runs (subprocess, os.system) that the full image provided.
    if (!rt.alpine && !rt.slimBuilder) {
      const apt = packages().commands.apt;
      for (const cmd of spawnedCommands(input)) {
        const pkg = d.builderTools.includes(cmd) ? apt[cmd] : undefined;
        if (pkg && !ensure.includes(pkg)) {
          ensure.push(pkg);
          notes.push(`the source runs ${cmd}, which ${image.resolved} had: ${pkg} is installed`);
        }
      }
    }

    if (!rt.same)
      gain.push(
        `${image.resolved} -> ${rt.image}: compilers, headers and the full OS toolset stay in the builder`,
      );

    let candidates: RuntimeCandidate[] = [
      {
        image: rt.image,
        facts,
        why: rt.same
          ? `the builder is already ${image.resolved}; the runtime keeps it`
          : `the slim variant of the builder's python image (same Python ${minor} at /usr/local/bin and Debian ${codename})`,
        commands: runtimeCommands,
      },
    ];
    const override = input.options.runtime;
    if (override) {
      if (override === 'scratch' || override === 'distroless') {
        return decline(
          'MSC011',
          `--runtime ${override} has no Python; use slim, alpine or a python image.`,
        );
      }
      if (override === 'alpine' && !rt.alpine) {
        return decline(
          'MSC011',
          '--runtime alpine would run packages built against glibc on musl; build on python:<version>-alpine instead.',
        );
      }
      if (override !== 'slim' && override !== 'alpine') {
        candidates = [
          {
            ...candidates[0],
            image: override,
            facts: { ...facts, image: override },
            why: `chosen with --runtime ${override}`,
          },
        ];
        warnings.push({
          code: 'MSC109',
          message: `the runtime image ${override} was given with --runtime; msconvert assumes it has Python ${minor} at /usr/local/bin, a shell and the same package manager as ${rt.image}.`,
        });
      }
    }

    return {
      kind: 'plan',
      language: 'python',
      evidence: [],
      candidates,
      copyFrom: from,
      copies: kept,
      executables: [],
      builderEdits: [],
      extraStages,
      runLines,
      providedCommands: [],
      staticArtifact: false,
      vouched,
      warnings,
      notes,
      gain,
      ensure,
      codename,
    };
  },
};

/** Absolute STATIC_ROOT folders named in the Django settings; [] when inside the app; null when none found. */
function staticRoots(input: ProviderInput): string[] | null {
  const { ctx, model } = input;
  const out: string[] = [];
  let found = false;
  if (model.env.STATIC_ROOT?.startsWith('/')) {
    out.push(model.env.STATIC_ROOT);
    found = true;
  }
  const visit = (dir: string, depth: number) => {
    for (const e of ctx.list(dir)) {
      const rel = dir ? `${dir}/${e.replace(/\/$/, '')}` : e.replace(/\/$/, '');
      if (e.endsWith('/')) {
        if (
          depth < 4 &&
          !e.startsWith('.') &&
          !['node_modules/', 'venv/', '.venv/', 'static/'].includes(e)
        )
          visit(rel, depth + 1);
        continue;
      }
      if (!/settings[^/]*\.py$|\/settings\/[^/]+\.py$/.test(rel)) continue;
      const text = ctx.readText(rel) ?? '';
      for (const m of text.matchAll(/^\s*STATIC_ROOT\s*=\s*(.+)$/gm)) {
        found = true;
        for (const lit of m[1].matchAll(/["'](\/[^"']+)["']/g)) {
          const p = path.posix.normalize(lit[1]).replace(/\/$/, '');
          if (!out.includes(p)) out.push(p);
        }
      }
    }
  };
  if (ctx.known) visit('', 0);
  return found ? out.filter((p) => !SYSTEM_DIRS.has(p)) : null;
}

/** The path a start command found by name that a COPY --from=<image> put in the builder. */
function placedFromImage(input: ProviderInput, word: string): string | null {
  const { model } = input;
  const searchPath = [
    ...(model.env.PATH ?? '').split(':'),
    ...'/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'.split(':'),
  ].filter(Boolean);
  for (const cp of model.copies) {
    if (cp.from === null) continue;
    for (const src of cp.sources) {
      const target = cp.destIsDir ? path.posix.join(cp.dest, path.posix.basename(src)) : cp.dest;
      if (path.posix.basename(target) === word && searchPath.includes(path.posix.dirname(target)))
        return target;
    }
  }
  return null;
}

/**
 * The home folder the shared planner copies (with the user database) when USER names a user
 * the runtime image does not know and the stage created it with a home; mirrors assemble.ts.
 */
function copiedHome(input: ProviderInput, facts: RuntimeFacts): string | null {
  const user = input.model.user;
  if (!user || /^(root|0)(:(root|0))?$/.test(user)) return null;
  const [name, group] = user.split(':');
  if (/^\d+$/.test(name) && (!group || /^\d+$/.test(group))) return null;
  if (facts.users.includes(name) && (!group || facts.users.includes(group) || /^\d+$/.test(group)))
    return null;
  for (const cmd of input.model.runs.flatMap((r) => r.commands)) {
    const tool = commandName(cmd.argv[0]);
    if ((tool !== 'useradd' && tool !== 'adduser') || !cmd.argv.includes(name)) continue;
    const args = cmd.argv;
    const h = args.findIndex(
      (a) =>
        a === '-d' || a === '--home' || a === '--home-dir' || (tool === 'adduser' && a === '-h'),
    );
    const creates =
      tool === 'useradd'
        ? args.some((a) => a === '-m' || a === '--create-home' || /^-[a-zA-Z]*m/.test(a))
        : !args.some((a) => a === '--no-create-home' || a === '-H');
    if (!creates) return null;
    return h >= 0 ? args[h + 1] : `/home/${name}`;
  }
  return null;
}

/** The Python version uv is asked for when the image's own interpreter does not satisfy it. */
function uvInterpreter(input: ProviderInput, w: Walk, have: [number, number]): string | null {
  const differs = (v: string | undefined): string | null => {
    const m = /^\s*(?:cpython-|==\s*)?(\d+)\.(\d+)/.exec(v ?? '');
    return m && (Number(m[1]) !== have[0] || Number(m[2]) !== have[1]) ? `${m[1]}.${m[2]}` : null;
  };
  for (const inst of w.installs) {
    if (inst.tool !== 'uv' || inst.place.kind === 'system' || inst.place.kind === 'user') continue;
    const dir = inst.project ?? inst.cmd.cwd;
    const pinned =
      differs(inst.cmd.vars.UV_PYTHON) ??
      differs(inst.cmd.argv[inst.cmd.argv.indexOf('--python') + 1]) ??
      differs(input.files.readByImagePath(path.posix.join(dir, '.python-version')) ?? undefined);
    if (pinned) return pinned;
    const pyproject = input.files.readByImagePath(path.posix.join(dir, 'pyproject.toml'));
    const requires = pyproject
      ? /^\s*requires-python\s*=\s*["']([^"']+)["']/m.exec(pyproject)
      : null;
    const lower = requires ? />=\s*(\d+)\.(\d+)/.exec(requires[1]) : null;
    if (lower) {
      const [a, b] = [Number(lower[1]), Number(lower[2])];
      if (a > have[0] || (a === have[0] && b > have[1])) return `${a}.${b}`;
    }
  }
  return null;
}

const SPAWN =
  /\b(?:subprocess\.(?:run|call|check_call|check_output|Popen|getoutput|getstatusoutput)|os\.(?:system|popen|exec[lv]p?e?|spawn[lv]p?e?)|sh\.Command|pexpect\.spawn)\s*\(\s*(?:\[\s*)?[rbf]?["']([\w./+-]+)/g;
const SKIP_DIRS = new Set([
  'tests/',
  'test/',
  'venv/',
  '.venv/',
  'node_modules/',
  'site-packages/',
  'build/',
  'dist/',
]);

/** Command names the Python source starts (subprocess, os.system), from at most 500 files. */
function spawnedCommands(input: ProviderInput): Set<string> {
  const { ctx } = input;
  const out = new Set<string>();
  if (!ctx.known) return out;
  let seen = 0;
  const visit = (dir: string, depth: number) => {
    for (const name of ctx.list(dir)) {
      if (seen >= 500) return;
      const rel = dir ? `${dir}/${name.replace(/\/$/, '')}` : name.replace(/\/$/, '');
      if (name.endsWith('/')) {
        if (depth < 6 && !SKIP_DIRS.has(name) && !name.startsWith('.')) visit(rel, depth + 1);
        continue;
      }
      if (!name.endsWith('.py') || /^test_|_test\.py$/.test(name)) continue;
      seen++;
      const text = ctx.readText(rel) ?? '';
      if (!/subprocess|os\.(system|popen|exec|spawn)|pexpect|\bsh\b/.test(text)) continue;
      for (const m of text.matchAll(SPAWN)) out.add(commandName(m[1]));
    }
  };
  visit('', 0);
  return out;
}
