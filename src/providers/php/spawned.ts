// Programs the app's PHP source runs while it serves (shell_exec, exec, system, proc_open,
// Symfony's Process). The php runtime stage is the builder's image without what the build
// added, so a program the build added and the app runs must come along: an OS package it
// installed stays installed; Composer, the first thing a split leaves behind, declines.
import { spawnedCommands } from '../../analysis/spawned';
import { packages } from '../../data';
import { decline, type Decline, type ProviderInput } from '../contract';

export interface SpawnedTools {
  /** OS packages the runtime keeps because the source runs their program. */
  ensure: string[];
  notes: string[];
}

export function spawnedTools(
  input: ProviderInput,
  alpine: boolean,
  installed: ReadonlySet<string>,
): SpawnedTools | Decline {
  const out: SpawnedTools = { ensure: [], notes: [] };
  const pm = alpine ? 'apk' : 'apt';
  for (const cmd of spawnedCommands(input.ctx, 'php')) {
    if (cmd === 'composer' || cmd === 'composer.phar')
      return decline(
        'MSC047',
        `the app's PHP source runs Composer (\`${cmd}\` through shell_exec, exec, system or proc_open) while it serves, and Composer is what a runtime stage of the same php image leaves behind; keep the single stage, or stop calling Composer at run time and convert again.`,
      );
    const pkg = packages().commands[pm][cmd] ?? null;
    if (!pkg || !installed.has(pkg) || out.ensure.includes(pkg)) continue;
    out.ensure.push(pkg);
    out.notes.push(`the source runs ${cmd}, which the build installed: ${pkg} stays installed`);
  }
  return out;
}
