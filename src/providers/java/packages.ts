// OS packages that install a Java build tool (apt-get install maven). The runtime starts the
// built jar with java, never the build tool (a start that runs one is declined before a plan
// is made), so these stay in the builder like the JDK; left alone, the runtime would install
// Maven and its own JDK again on top of the JRE.
import { installedPackages } from '../../analysis/packages';
import type { StageModel } from '../../analysis/stage';
import { data } from './types';

export function buildToolPackages(model: StageModel): string[] {
  const known = data().buildToolPackages;
  return installedPackages(model).names.filter((p) => known.includes(p));
}
