// The detection rule every provider shares: evidence from the FROM image weighs 10, a build
// command in a RUN line 5, a manifest in the context 2; a provider matches from 5 on, so a
// manifest alone never claims a Dockerfile.
import type { StageModel } from '../analysis/stage';
import type { Detection } from './contract';

export interface Evidence {
  /** The FROM image is the language's own. */
  image: boolean;
  /** How the build command reads in the evidence ("RUN go build"), when there is one. */
  build?: string | null;
  /** The manifest found in the context ("go.mod"), or a description of it. */
  manifest?: string | null;
}

export function detection(model: StageModel, e: Evidence): Detection | null {
  const evidence: string[] = [];
  let score = 0;
  if (e.image) {
    score += 10;
    evidence.push(`FROM ${model.image.resolved}`);
  }
  if (e.build) {
    score += 5;
    evidence.push(e.build);
  }
  if (e.manifest) {
    score += 2;
    evidence.push(e.manifest.includes(' ') ? e.manifest : `${e.manifest} in the context`);
  }
  return score >= 5 ? { score, evidence } : null;
}
