// The build tools' wrapper scripts a project keeps beside its build (gradlew, mvnw): POSIX sh
// scripts that fetch the tool's pinned version and run it with their own arguments, so that
// `sh ./gradlew bootRun` runs what `./gradlew bootRun` runs. Known by name and by the wrapper
// jar or properties they name, so that a project's own script called gradlew is not taken
// for one.
import * as path from 'path';
import type { ImageFiles } from './files';
import { resolvePath } from './stage';

const MARKERS: Record<string, RegExp> = {
  gradlew: /gradle-wrapper\.jar|org\.gradle\.wrapper\.GradleWrapperMain/,
  mvnw: /maven-wrapper\.(jar|properties)|org\.apache\.maven\.wrapper\.MavenWrapperMain/,
};

/** The shells `sh ./gradlew` may name: they read the wrapper as the POSIX sh script it is. */
const WRAPPER_SHELL = /^(\/bin\/|\/usr\/bin\/)?(sh|bash)$/;

/** True when the file at imagePath, with this text, is Gradle's or Maven's wrapper script. */
export function isToolWrapper(imagePath: string, text: string): boolean {
  return MARKERS[path.posix.basename(imagePath)]?.test(text) ?? false;
}

/**
 * A command that gives the project's wrapper script to sh or bash (`sh ./gradlew bootRun`),
 * read as the wrapper itself (`./gradlew bootRun`) with the shell kept aside to write it again;
 * null for any other command, `sh entrypoint.sh` and `sh -c '...'` included.
 */
export function wrapperThroughShell<T extends { argv: string[]; cwd: string }>(
  c: T,
  files: ImageFiles,
): (T & { shell: string }) | null {
  const [head, script, ...args] = c.argv;
  if (!head || !WRAPPER_SHELL.test(head) || !script || /^-|\$/.test(script)) return null;
  // sh and bash open a script operand from the working folder, path or not.
  const imagePath = resolvePath(c.cwd, script);
  const text = files.readByImagePath(imagePath);
  if (text === null || !isToolWrapper(imagePath, text)) return null;
  return { ...c, argv: [script.includes('/') ? script : `./${script}`, ...args], shell: head };
}
