// Folders and files the original made outside what is copied anyway (a /var/lib/app folder
// the app opens, a config file a heredoc or redirect wrote): copied too, with the owner a
// chown gave them (COPY --from keeps the mode; distroless has no shell to mkdir with).
import { madePaths } from '../analysis/made';
import { ownerOf } from '../analysis/users';
import type { CopySpec, ProviderInput, ProviderPlan } from '../providers/contract';
import { modeOf } from './modes';
import { SCRATCH_DIRS, WHOLE_SYSTEM } from './system-paths';

/** A made folder's mode that msconvert cannot tell (chmod $MODE /data). */
export class MadeModeUnknown extends Error {
  constructor(readonly path: string) {
    super(path);
  }
}

/** The made paths to copy; throws MadeModeUnknown when a folder's mode cannot be told. */
export function madeByStage(input: ProviderInput, plan: ProviderPlan): CopySpec[] {
  const out: CopySpec[] = [];
  const { model, files } = input;
  const covered = (p: string) =>
    plan.copies.some((c) => p === c.dest || p.startsWith(`${c.dest}/`));
  const sources = [...files.targets(), ...model.runs.map((r) => r.workdir)];
  for (const made of madePaths(model, files)) {
    const abs = made.path;
    if (SCRATCH_DIRS.test(abs) || covered(abs) || WHOLE_SYSTEM.test(abs)) continue;
    // Source folders the build reads (a WORKDIR, a COPY target) are not runtime data.
    if (made.folder && sources.some((t) => t === abs || t.startsWith(`${abs}/`))) continue;
    // Folders inside the OS's own trees (mkdir -p /usr/share/man/man1 for a package's
    // install script) belong to packages, unless the original handed them to a user.
    if (made.folder && /^\/(usr|bin|sbin|lib|lib64)(\/|$)/.test(abs) && !ownerOf(model, abs))
      continue;
    if (out.some((o) => abs === o.dest || abs.startsWith(`${o.dest}/`))) continue;
    // A folder made around paths already listed replaces them: it is copied whole once.
    for (let i = out.length - 1; i >= 0; i--)
      if (out[i].dest.startsWith(`${abs}/`)) out.splice(i, 1);
    // The owner a chown gave it is applied with every other copy's (ownerOf); a mode chmod
    // gave a made folder (chmod 1777 /data for any user) is kept by staging it.
    const mode = made.folder ? modeOf(model, abs) : null;
    if (mode === undefined) {
      throw new MadeModeUnknown(abs);
    }
    out.push({
      from: input.builderName,
      src: abs,
      dest: abs,
      why: `${made.how} in the original`,
      ...(mode && mode !== '755' && mode !== '0755' ? { chmod: mode } : {}),
    });
  }
  return out;
}
