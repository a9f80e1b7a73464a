// Small shared words of the Python provider: package names, interpreter names, paths.
import { commandName } from '../../shell';

export const OFFICIAL =
  /^(?:(?:docker\.io|index\.docker\.io|registry-1\.docker\.io)\/)?(?:library\/)?python$|^(?:public\.ecr\.aws\/docker\/library|mcr\.microsoft\.com\/mirror\/docker\/library|mirror\.gcr\.io\/library)\/python$/;

/** Folders whose content is scratch space: never copied. */
export const SCRATCH =
  /^\/(tmp|var\/tmp|var\/cache|var\/lib\/apt|root\/\.cache|proc|sys|dev)(\/|$)/;

/** The stage that gathers what installs put in /usr/local besides Python itself. */
export const LOCAL_STAGE = 'python-local';

export const TRUE = /^(1|true|yes|on)$/i;
export const FALSE = /^(0|false|no|off)$/i;

/** Normalised PyPI name (PEP 503). */
export function norm(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

export function isPython(word: string | undefined): boolean {
  return word !== undefined && /^python(\d+(\.\d+)?)?$/.test(commandName(word));
}

export function under(p: string, dir: string): boolean {
  return p === dir || p.startsWith(dir === '/' ? '/' : `${dir}/`);
}

/** A path that a shell variable or command substitution decides: it cannot be followed. */
export const dynamic = (p: string): boolean => p.includes('$') || p.includes('`');
