// After the conversion: whether it can stand with the builder's cache mounts, and the same
// mounts on the stages it derives from the builder.
import * as path from 'path';
import { parseDockerfile } from '../parse';
import { MODULES_STAGE } from '../providers/node/prod-modules';
import { simpleCommands } from '../shell';
import { firstLine, type Edit } from './edits';
import { cachesOf, existingMounts, inside, mountFlag, type MountSpec } from './mounts';
import { argsOffset } from './runtext';

/**
 * Why a conversion cannot stand with these cache mounts: a runtime-stage COPY --from that
 * reads a folder a mount covers would find it empty. Null when none does.
 */
export function copiedFromCache(output: string, mounts: string[]): string | null {
  const parsed = parseDockerfile(output);
  for (const stage of parsed.stages.slice(1)) {
    for (const ins of stage.instructions) {
      if (ins.keyword !== 'COPY' || !ins.flags.some((f) => f.name.toLowerCase() === 'from'))
        continue;
      const words = ins.exec ?? ins.words;
      for (const src of words.slice(0, -1)) {
        const hit = mounts.find(
          (m) => inside(path.posix.normalize(src), m) || inside(m, path.posix.normalize(src)),
        );
        if (hit)
          return `the runtime stage copies ${src}, and a cache mount keeps ${hit} out of the builder image`;
      }
    }
  }
  return null;
}

/**
 * The same cache mounts on the RUN lines of stages the conversion derives from the builder
 * (`FROM builder AS production-deps` / `RUN yarn install --production --prefer-offline`): the
 * builder now leaves its download cache in the mount, not in its image, so a derived step that
 * counts on that cache must mount it too. Only the generated stages are edited.
 */
export function mountDerived(
  output: string,
  builderName: string,
  outcome: { mounts: string[]; env: Record<string, string> },
): { text: string; changes: string[] } {
  const parsed = parseDockerfile(output);
  const derived = new Set([builderName.toLowerCase()]);
  const edits: Edit[] = [];
  const changes: string[] = [];
  for (const stage of parsed.stages.slice(1)) {
    // production-modules repeats the builder's steps and prunes offline from the same cache.
    if (!derived.has(stage.image.toLowerCase()) && stage.name !== MODULES_STAGE) continue;
    if (stage.name) derived.add(stage.name.toLowerCase());
    for (const ins of stage.instructions) {
      if (ins.keyword !== 'RUN' || ins.exec) continue;
      const have = existingMounts(ins.flags);
      const specs = new Map<string, MountSpec>();
      for (const c of simpleCommands(ins.args))
        for (const m of cachesOf({ argv: c.argv, env: c.env, vars: outcome.env }))
          if (outcome.mounts.includes(m.target) && !have.includes(m.target)) specs.set(m.target, m);
      if (specs.size === 0) continue;
      const at = ins.start + argsOffset(ins, parsed.escape);
      edits.push({
        start: at,
        end: at,
        text: [...specs.values()].map((m) => `${mountFlag(m)} `).join(''),
      });
      changes.push(
        `\`${firstLine(ins)}\` in the ${stage.name ?? 'derived'} stage: cache mount on ${[...specs.keys()].join(', ')}, the download cache the builder filled`,
      );
    }
  }
  let text = output;
  for (const e of edits.sort((a, b) => b.start - a.start))
    text = text.slice(0, e.start) + e.text + text.slice(e.end);
  return { text, changes };
}
