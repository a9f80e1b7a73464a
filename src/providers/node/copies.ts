// What the runtime stage copies: the app's folders with their node_modules, the module
// folders outside them, files put in system folders, scripts run at start, and browsers the
// install downloaded.
import type { StartNeeds } from '../../analysis/needs';
import type { CopySpec, Decline, ProviderInput } from '../contract';
import { browserCaches } from './browsers';
import type { AppFolders } from './folders';
import type { Install } from './types';

export function nodeCopies(
  input: ProviderInput,
  needs: StartNeeds,
  copyFrom: string,
  app: AppFolders,
  moduleDirs: string[],
  local: Install[],
  deps: Record<string, string>,
): CopySpec[] | Decline {
  const { roots, singleFiles } = app;
  const copies: CopySpec[] = roots.map((r) => ({
    from: copyFrom,
    src: r,
    dest: r,
    why: local.some((i) => i.cmd.cwd === r || i.cmd.cwd.startsWith(`${r}/`))
      ? 'app with its node_modules'
      : 'app files',
  }));
  for (const dir of moduleDirs) {
    copies.push({
      from: copyFrom,
      src: dir,
      dest: dir,
      why: 'node_modules the app resolves require() through',
    });
  }
  for (const f of singleFiles) {
    if (!roots.some((r) => f.startsWith(`${r}/`)))
      copies.push({
        from: copyFrom,
        src: f,
        dest: f,
        why: 'copied into a system folder by the original',
      });
  }
  for (const s of needs.scripts) {
    if (!copies.some((c) => c.src === s.imagePath || s.imagePath.startsWith(`${c.src}/`))) {
      copies.push({
        from: copyFrom,
        src: s.imagePath,
        dest: s.imagePath,
        why: 'script run at start',
      });
    }
  }
  // Browsers that npm packages download into the user's home during the install.
  const browserCopy = browserCaches(input, local, deps);
  if ('kind' in browserCopy) return browserCopy;
  for (const dir of browserCopy) {
    if (!copies.some((c) => dir === c.dest || dir.startsWith(`${c.dest}/`))) {
      copies.push({
        from: copyFrom,
        src: dir,
        dest: dir,
        why: 'browser downloaded by the install',
      });
    }
  }
  return copies;
}
