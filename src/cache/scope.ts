// What every --cache step reads (the builder as parsed and modelled) and adds to (edits,
// changes for the explanation, warnings, the folders mounted).
import { ImageFiles } from '../analysis/files';
import { builderKey } from '../analysis/image';
import { readStage, type StageModel } from '../analysis/stage';
import type { Warning } from '../codes';
import type { BuildContext } from '../context';
import { images } from '../data';
import type { ParsedDockerfile } from '../parse';
import { DockerIgnore } from './dockerignore';
import type { Edit } from './edits';

export interface CacheScope {
  text: string;
  parsed: ParsedDockerfile;
  model: StageModel;
  ctx: BuildContext;
  ignore: DockerIgnore;
  /** Every file the stage's copies bring in. */
  all: ImageFiles;
  edits: Edit[];
  /** Each change and why, for the explanation. */
  changes: string[];
  warnings: Warning[];
  /** Every folder a cache mount now covers. */
  mounted: Set<string>;
}

/** The scope of a single-stage file, or null for any other. */
export function cacheScope(
  text: string,
  parsed: ParsedDockerfile,
  ctx: BuildContext,
): CacheScope | null {
  if (parsed.stages.length !== 1) return null;
  const builders = images().builders;
  const model = readStage(
    parsed,
    parsed.stages[0],
    (img) => builders[builderKey(img.name, img.tag)]?.workdir ?? '/',
    (img) => builders[builderKey(img.name, img.tag)]?.env ?? {},
  );
  return {
    text,
    parsed,
    model,
    ctx,
    ignore: new DockerIgnore(ctx),
    all: new ImageFiles(model, ctx),
    edits: [],
    changes: [],
    warnings: [],
    mounted: new Set(),
  };
}
