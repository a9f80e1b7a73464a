// PHP extensions and the configuration the build changes. docker-php-ext-install, pecl and
// phpize + make install put the built .so files in the extension folder, and
// docker-php-ext-enable (or an echo into conf.d) writes their ini files; a2enmod and sed edit
// Apache's configuration in place. The runtime starts from the builder's own image, so copying
// those folders whole from the builder gives it exactly the original's files there; the
// run-time libraries the extensions link come from the -dev packages the build installed
// (mapped by the shared planner) and, with --verify, from the built files' own links.
import * as path from 'path';
import { expand, type StageModel } from '../../analysis/stage';
import { commandName } from '../../shell';
import { phpData } from './types';

export interface ExtensionBuild {
  /** Extensions built or enabled, by name. */
  names: string[];
  /** The build wrote into the extension folder. */
  extensionDir: boolean;
  /** It also wrote there by other means than a named extension (phpize + make install, cp). */
  unnamed: boolean;
  /** Configuration paths of the image the build wrote (copied whole). */
  config: string[];
  /** A tool that installs extensions with OS libraries of its own choosing. */
  installer: string | null;
  /** Files edited in place outside the app and the configuration (sed -i, crontab). */
  foreignEdits: string[];
  /** The build changed existing users or groups (usermod -u 1000 www-data). */
  userDatabase: boolean;
}

function under(p: string, dir: string): boolean {
  return p === dir || p.startsWith(`${dir}/`);
}

/** Extension names a command builds or enables. */
function extensionNames(argv: string[]): string[] {
  const tool = commandName(argv[0] ?? '');
  const words = argv.slice(1).filter((a) => !a.startsWith('-') && !/^[<>]|^\d?>/.test(a));
  if (tool === 'docker-php-ext-install' || tool === 'docker-php-ext-enable') return words;
  if ((tool === 'pecl' || tool === 'pickle') && words[0] === 'install')
    return words.slice(1).map((w) => w.replace(/-[\d.]+\w*$/, '').replace(/\.tgz$/, ''));
  return [];
}

/** The files `sed -i` edits: its operands after the script (unless -e or -f gave it). */
function sedFiles(words: string[]): string[] {
  const positional: string[] = [];
  let script = false;
  for (let i = 1; i < words.length; i++) {
    const w = words[i];
    if (w === '-e' || w === '-f' || w === '--expression' || w === '--file') {
      script = true;
      i++;
    } else if (/^--(expression|file)=/.test(w)) script = true;
    else if (!w.startsWith('-')) positional.push(w);
  }
  return script ? positional : positional.slice(1);
}

export function extensionBuild(model: StageModel, appRoots: string[]): ExtensionBuild {
  const d = phpData();
  const out: ExtensionBuild = {
    names: [],
    extensionDir: false,
    unnamed: false,
    config: [],
    installer: null,
    foreignEdits: [],
    userDatabase: false,
  };
  const touch = (p: string) => {
    const c = d.configFiles.find((f) => under(p, f));
    if (c && !out.config.includes(c)) out.config.push(c);
    return c !== undefined;
  };
  for (const run of model.runs) {
    for (const c of run.commands) {
      const tool = commandName(c.argv[0] ?? '');
      if (d.extensionInstallers.includes(tool)) out.installer = tool;
      if (d.extensionTools.includes(tool)) {
        out.extensionDir = true;
        for (const n of extensionNames(c.argv)) if (!out.names.includes(n)) out.names.push(n);
        if (tool === 'phpize') out.unnamed = true;
        else touch(`${d.configVariables.PHP_INI_DIR}/conf.d`);
      }
      if (d.apacheTools.includes(tool)) touch('/etc/apache2');
      if (tool === 'usermod' || tool === 'groupmod') out.userDatabase = true;
      // crontab FILE installs it into the spool, which no copy of the app carries.
      if (tool === 'crontab' && !c.argv.slice(1).some((a) => a === '-l' || a === '-r'))
        out.foreignEdits.push('/var/spool/cron/crontabs (crontab)');
      const vars = { ...d.configVariables, ...c.vars };
      const words = c.argv.map((w) => expand(w.replace(/^\d?>>?/, ''), vars));
      const inPlace =
        tool === 'sed' && c.argv.some((a) => /^-[a-zA-Z]*i/.test(a) || a.startsWith('--in-place'));
      for (const w of inPlace ? sedFiles(words) : words.slice(1)) {
        if (!w.startsWith('/') && !w.startsWith('.')) continue;
        const abs = path.posix.resolve(c.cwd, w);
        if (touch(abs)) continue;
        if (under(abs, d.extensionDir)) out.extensionDir = out.unnamed = true;
        else if (inPlace && !appRoots.some((r) => under(abs, r)) && !under(abs, '/tmp'))
          out.foreignEdits.push(abs);
      }
    }
  }
  for (const cp of model.copies) touch(cp.dest);
  return out;
}

/**
 * The files the extension build made in the image: each named extension's .so when the tag
 * names the PHP minor version (its module API names the folder), else the whole folder.
 */
export function extensionPaths(ext: ExtensionBuild, tag: string | null, zts: boolean): string[] {
  const d = phpData();
  const minor = /^(\d+\.\d+)/.exec(tag ?? '')?.[1];
  const api = minor ? d.extensionApi[minor] : undefined;
  const named = ext.names.length > 0 && ext.names.every((n) => /^[A-Za-z0-9_]+$/.test(n));
  if (!api || ext.unnamed || !named) return [d.extensionDir];
  const dir = `${d.extensionDir}/no-debug-${zts ? '' : 'non-'}zts-${api}`;
  return ext.names.map((n) => `${dir}/${n}.so`);
}
