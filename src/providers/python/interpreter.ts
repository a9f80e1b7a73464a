// The interpreter a virtualenv made by a Python tool (Pipenv, Poetry) links to. A venv's
// bin/python is a link to the Python that made it; the runtime, the slim image of the same
// tag, has only the image's own /usr/local/bin/python3.X. A full python image also has the
// OS's /usr/bin/python3.Y (buildpack-deps installs mercurial), and a slim or Alpine one gets it
// when the stage installs OS packages: a venv that may link to that one, or to any other, is
// declined. What the tools share is read here; which interpreter each tool picks when, in
// pipenv-python.ts and poetry-python.ts.
import type { StageModel } from '../../analysis/stage';
import { tagAlpine, tagCodename } from '../../analysis/image';
import { installedPackages } from '../../analysis/packages';
import { commandName } from '../../shell';
import { dynamic } from './names';
import type { Step } from './step';
import { data } from './types';

export type Version = [number, number];
export const version = (v: string): Version => v.split('.').map(Number) as Version;
export const older = (a: Version, b: Version) => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);

/** The image's own Python, as far as its tag names it. */
export interface ImagePython {
  /** The image, as messages name it. */
  image: string;
  minor: Version | null;
  /** `3.12`, or null when the tag does not name the minor. */
  own: string | null;
  /** The patch release when the tag names it (`3.12.6-slim`). */
  patch: number | null;
  /** A full Debian image, which has the OS's python3 (buildpack-deps' mercurial). */
  full: boolean;
  /** The OS's python3 X.Y that the image has or an OS package may bring. */
  osPython: string;
}

export function imagePython(model: StageModel): ImagePython {
  const image = model.image;
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(image.tag ?? '');
  const minor: Version | null = m ? [Number(m[1]), Number(m[2])] : null;
  const alpine = tagAlpine(image.tag);
  const codename = tagCodename(image.tag);
  const d = data().osPython;
  return {
    image: image.resolved,
    minor,
    own: minor ? `${minor[0]}.${minor[1]}` : null,
    patch: m?.[3] !== undefined ? Number(m[3]) : null,
    full: alpine === null && !/(^|-)slim($|-)/.test(image.tag ?? ''),
    osPython:
      (alpine !== null ? d.alpine[alpine] : codename ? d.debian[codename] : undefined) ?? d.newest,
  };
}

/** Whether the image may have a Python other than its own: a full image, or OS packages. */
export function mayHaveOsPython(s: Step, img: ImagePython): boolean {
  return img.full || installedPackages(s.input.model).names.length > 0;
}

/**
 * The OS package a tool is installed from, when it is and pip did not install the tool over
 * it (pip's console script in /usr/local/bin comes first on PATH): such a tool runs on the
 * OS's /usr/bin/python3. `pipx` installs count when pipx itself is an OS package.
 */
export function osInstalledTool(s: Step, tool: string): string | null {
  const names = installedPackages(s.input.model).names;
  const pipInstalled = s.out.installs.some(
    (i) => i.tool === 'pip' && i.named.some((n) => n.name === tool),
  );
  if (pipInstalled) return null;
  const own = names.find((n) => [tool, `python3-${tool}`, `py3-${tool}`].includes(n));
  if (own) return own;
  const pipx = names.find((n) => ['pipx', 'python3-pipx', 'py3-pipx'].includes(n));
  if (!pipx) return null;
  const viaPipx = s.input.model.runs.some((r) =>
    r.commands.some(
      (c) =>
        commandName(c.argv[0] ?? '') === 'pipx' &&
        c.argv.includes('install') &&
        c.argv.some((a) => a.split(/[=<>~![]/)[0].toLowerCase() === tool),
    ),
  );
  return viaPipx ? `${pipx} (\`pipx install ${tool}\`)` : null;
}

/** What a request for a Python (a version, a name on PATH or a path) gets. */
export type Asked =
  /** The image's own minor, by version or by its path in /usr/local/bin. */
  | { kind: 'own' }
  /** A major version alone (`3`, `python3`): the tool's own rule for which 3.X decides. */
  | { kind: 'major' }
  | { kind: 'other'; reason: string };

/**
 * Reads a request for a Python (`--python 3.12`, `poetry env use python3.11`, a path) against
 * the image's. `tool` and `pin` are the words of the messages: the tool asked, and how to ask
 * it for the image's own minor.
 */
export function askedPython(
  ask: { value: string; where: string },
  img: ImagePython,
  tool: string,
  pin: string,
): Asked {
  const other = (reason: string): Asked => ({ kind: 'other', reason });
  if (dynamic(ask.value))
    return other(
      `${tool} is asked for the Python \`${ask.value}\` (${ask.where}), which msconvert cannot resolve, and the virtualenv links to that interpreter; ${pin} and convert again.`,
    );
  const local = /^\/usr\/local\/bin\/python(\d+(?:\.\d+)?)?$/.exec(ask.value);
  const v = local
    ? (local[1] ?? '')
    : /^(?:python)?(\d+(?:\.\d+)?)(?:\.\d+)*$/.exec(ask.value)?.[1];
  if (v === undefined || (ask.value.includes('/') && !local))
    return other(
      `${tool} is asked for the Python \`${ask.value}\` (${ask.where}), which may not be the image's own, and the virtualenv links to that interpreter; ${pin} and convert again.`,
    );
  if (!v.includes('.')) {
    if (v === '3' || (local && v === '')) return { kind: 'major' };
    return other(
      `${tool} is asked for Python ${v} (${ask.where}), not the image's Python; ${pin} and convert again.`,
    );
  }
  if (!img.own)
    return other(
      `${tool} is asked for Python ${v} (${ask.where}), and FROM ${img.image} does not name the Python minor version, so whether the image's Python is that one is unknown; ${pin} and convert again.`,
    );
  if (v !== img.own)
    return other(
      `${tool} is asked for Python ${v} (${ask.where}), but ${img.image} has Python ${img.own}, so the virtualenv would link to another interpreter than the image's (or the build fails); ${pin} and convert again.`,
    );
  return { kind: 'own' };
}
