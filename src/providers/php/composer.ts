// Composer: where it installs (the vendor/ folder of the project it runs in), whether dev
// packages were left out, and starts that still need Composer, which the runtime leaves behind.
import * as path from 'path';
import type { Warning } from '../../codes';
import type { ImageFiles } from '../../analysis/files';
import type { StartNeeds } from '../../analysis/needs';
import type { Command, StageModel } from '../../analysis/stage';
import { lastOption, readToolArgs, type ToolArgTable } from '../../analysis/tool-args';
import { commandName } from '../../shell';
import { decline, type Decline } from '../contract';
import { phpData } from './types';

const COMPOSER: ToolArgTable = {
  valued: new Set(['-d', '--working-dir', '--prefer-install', '--ignore-platform-req']),
  subWords: 1,
};

export interface ComposerRun {
  sub: string;
  /** The project folder it ran in (cwd, or -d / --working-dir). */
  dir: string;
  noDev: boolean;
  text: string;
}

/** The arguments after the composer program, when the command runs Composer. */
function composerArgs(argv: string[]): string[] | null {
  const name = commandName(argv[0] ?? '');
  if (name === 'composer' || name === 'composer.phar') return argv.slice(1);
  // php composer.phar install, php /usr/bin/composer install
  if (/^php(\d[\d.]*)?$/.test(name) && argv[1] && /(^|\/)composer(\.phar)?$/.test(argv[1]))
    return argv.slice(2);
  return null;
}

export function composerRun(c: Command): ComposerRun | null {
  const args = composerArgs(c.argv);
  if (!args) return null;
  const a = readToolArgs(args, COMPOSER);
  const dir = lastOption(a, '-d', '--working-dir');
  return {
    sub: a.sub[0] ?? '',
    dir: dir ? path.posix.resolve(c.cwd, dir) : c.cwd,
    noDev: a.flags.has('--no-dev') || /^(1|true)$/.test(c.vars.COMPOSER_NO_DEV ?? ''),
    text: ['composer', ...args].join(' '),
  };
}

/** The Composer runs that write a project's vendor/ folder. */
export function composerRuns(model: StageModel): ComposerRun[] {
  const writes = phpData().composerWrites;
  const out: ComposerRun[] = [];
  for (const run of model.runs)
    for (const c of run.commands) {
      const r = composerRun(c);
      if (r && writes.includes(r.sub)) out.push(r);
    }
  return out;
}

/** MSC175 for an install that kept the dev packages a composer.json asks for. */
export function devPackagesWarning(runs: ComposerRun[], files: ImageFiles): Warning | null {
  const kept = runs.filter((r) => (r.sub === 'install' || r.sub === 'update') && !r.noDev);
  for (const r of kept) {
    const text = files.readByImagePath(path.posix.join(r.dir, 'composer.json'));
    let dev: unknown = undefined;
    try {
      dev =
        text === null
          ? undefined
          : (JSON.parse(text) as { 'require-dev'?: unknown })['require-dev'];
    } catch {
      dev = undefined;
    }
    const none =
      text !== null &&
      (dev === undefined ||
        (typeof dev === 'object' && dev !== null && Object.keys(dev).length === 0));
    if (none) continue;
    return {
      code: 'MSC175',
      message: `\`${r.text}\` in ${r.dir} installs the require-dev packages too, and the runtime keeps them as the original did; add --no-dev (and --optimize-autoloader) to leave them behind.`,
    };
  }
  return null;
}

/** Platform requirements, which Composer checks but never downloads. */
const PLATFORM =
  /^(php(-64bit|-ipv6|-zts|-debug)?|hhvm|ext-.+|lib-.+|composer(-plugin-api|-runtime-api)?)$/i;

function requiresPackages(text: string | null, withDev: boolean): boolean {
  if (text === null) return true;
  let json: { require?: unknown; 'require-dev'?: unknown };
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    return true;
  }
  const names = (v: unknown): string[] =>
    v === undefined ? [] : typeof v === 'object' && v !== null ? Object.keys(v) : ['?'];
  const wanted = [...names(json.require), ...(withDev ? names(json['require-dev']) : [])];
  return wanted.some((n) => !PLATFORM.test(n));
}

/**
 * True when every Composer run only installs what composer.json asks for and it asks for
 * nothing but PHP itself and extensions: vendor/ then holds the autoloader alone and the
 * download cache stays empty, so leaving Composer behind is the whole gain.
 */
export function composerInstallsNothing(runs: ComposerRun[], files: ImageFiles): boolean {
  return runs.every(
    (r) =>
      (r.sub === 'install' || r.sub === 'update') &&
      !requiresPackages(files.readByImagePath(path.posix.join(r.dir, 'composer.json')), !r.noDev),
  );
}

/** Starts that run Composer: installing at start (MSC005) or needing it there (MSC047). */
export function composerAtStart(needs: StartNeeds): Decline | null {
  for (const need of needs.commands) {
    const r = composerArgs(need.argv);
    if (!r) continue;
    const sub = readToolArgs(r, COMPOSER).sub[0] ?? '';
    if (phpData().composerWrites.includes(sub))
      return decline(
        'MSC005',
        `${need.from} runs \`composer ${sub}\` when the container starts, so dependencies are installed at start; run it in the Dockerfile instead and convert again.`,
      );
    return decline(
      'MSC047',
      `${need.from} runs Composer (\`composer ${r.join(' ')}\`), which a runtime stage leaves behind; start the app with php, php-fpm or apache2-foreground directly.`,
    );
  }
  return null;
}
