// Browsers npm packages download during the install (Puppeteer, Playwright) into the user's
// home, outside the app folder.
import { isPlaywrightInstall } from '../../analysis/effects';
import { commandName } from '../../shell';
import { decline, type Decline, type ProviderInput } from '../contract';
import type { Install } from './types';

/**
 * Puppeteer (19+) downloads Chrome into ~/.cache/puppeteer when it is installed, and
 * `playwright install` puts browsers in ~/.cache/ms-playwright: outside the app folder, so
 * they must be copied too. Declines what cannot be placed.
 */
export function browserCaches(
  input: ProviderInput,
  installs: Install[],
  deps: Record<string, string>,
): string[] | Decline {
  const out: string[] = [];
  const home = (user: string | null) =>
    !user || /^(root|0)(:.*)?$/.test(user) ? '/root' : `/home/${user.split(':')[0]}`;
  const puppeteer = deps.puppeteer;
  if (puppeteer && installs.length > 0) {
    const inst = installs[0];
    const run = input.model.runs.find((r) => r.commands.includes(inst.cmd));
    const major = Number(/(\d+)/.exec(puppeteer)?.[1] ?? '0');
    const skipped =
      ['PUPPETEER_SKIP_DOWNLOAD', 'PUPPETEER_SKIP_CHROMIUM_DOWNLOAD'].some(
        (v) => inst.cmd.vars[v],
      ) || inst.cmd.argv.includes('--ignore-scripts');
    const configured = [
      '.puppeteerrc.cjs',
      '.puppeteerrc.js',
      '.puppeteerrc.json',
      '.puppeteerrc',
      'puppeteer.config.cjs',
      'puppeteer.config.js',
    ].some((f) => input.ctx.exists(f));
    if (!skipped && major >= 19) {
      if (configured) {
        return decline(
          'MSC007',
          'Puppeteer is configured by a .puppeteerrc/puppeteer.config file, so msconvert cannot tell where it downloaded Chrome.',
        );
      }
      out.push(inst.cmd.vars.PUPPETEER_CACHE_DIR || `${home(run?.user ?? null)}/.cache/puppeteer`);
    }
  }
  for (const r of input.model.runs) {
    for (const c of r.commands) {
      if (!isPlaywrightInstall(c.argv)) continue;
      const argv = c.argv.map(commandName);
      if (argv.includes('--with-deps') || argv.includes('install-deps')) {
        return decline(
          'MSC009',
          '`playwright install --with-deps` installs OS packages msconvert cannot list; install them with apt-get in the Dockerfile first.',
        );
      }
      out.push(c.vars.PLAYWRIGHT_BROWSERS_PATH || `${home(r.user)}/.cache/ms-playwright`);
    }
  }
  return [...new Set(out)];
}
