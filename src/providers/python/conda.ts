// conda, mamba and micromamba: environments outside the python images, which msconvert does
// not convert (MSC002), whether the image is a conda one or the command installs with conda.
import type { ImageRef } from '../../analysis/image';
import type { Command } from '../../analysis/stage';
import { commandName } from '../../shell';
import { decline, type Decline } from '../contract';

const CONDA = ['conda', 'mamba', 'micromamba'];

export function isConda(tool: string): boolean {
  return CONDA.includes(tool);
}

/** The decline for a command that installs with conda, or null. */
export function condaCommand(cmd: Command): { code: Decline['code']; reason: string } | null {
  const name = commandName(cmd.argv[0]);
  if (!isConda(name)) return null;
  return {
    code: 'MSC002',
    reason: `the image installs with ${name}; msconvert converts Python built with pip, Poetry, Pipenv or uv on the python images, not conda environments.`,
  };
}

/** The decline for a conda base image, or null. */
export function condaImage(image: ImageRef, condaImages: string[]): Decline | null {
  if (!condaImages.includes(image.name)) return null;
  return decline(
    'MSC002',
    `${image.resolved} runs Python from a conda environment; msconvert converts Python built with pip, Poetry, Pipenv or uv on the python images.`,
  );
}
