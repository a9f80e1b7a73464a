// The registry's quick test before loading the Python provider (see src/providers/index.ts).
export const hint: RegExp =
  /python|pip|poetry|pipenv|pdm|\buv\b|easy_install|venv|conda|mamba|anaconda|miniforge|setup\.py/i;
