// Maven: `mvn dependency:go-offline` reads pom.xml (and the wrapper's .mvn folder) only,
// unless the project has modules or a parent POM in the sources.
import type { DepInputs, DepManager, DepView, Keep, Role } from './types';

const GOALS = new Set([
  'dependency:go-offline',
  'dependency:resolve',
  'dependency:resolve-plugins',
  'de.qaware.maven:go-offline-maven-plugin:resolve-dependencies',
]);

/** Options that take a value as the next word. */
const VALUE = new Set(['-P', '-T', '-s', '--settings', '-pl', '-f', '--file', '-gs']);

function mavenCommand(argv: string[]): boolean {
  return /^(mvn|mvnw)$/.test(argv[0]?.replace(/^.*\//, '') ?? '');
}

function classifyMaven(argv: string[]): Role | null {
  if (!mavenCommand(argv)) return null;
  let goals = 0;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-f' || a === '--file' || a.startsWith('-pl') || a === '-gs') return null;
    if (VALUE.has(a)) {
      i++;
      continue;
    }
    if (a.startsWith('-')) continue;
    if (!GOALS.has(a)) return null;
    goals++;
  }
  return goals > 0 ? 'install' : null;
}

function mavenInputs(view: DepView, commands: string[][]): DepInputs | Keep {
  const pom = view.read('pom.xml');
  if (pom === null) return { keep: 'pom.xml is not in the build where Maven runs' };
  if (/<modules>/.test(pom))
    return { keep: 'pom.xml has modules, which Maven resolves from their own folders' };
  const parent = /<parent>([\s\S]*?)<\/parent>/.exec(pom)?.[1];
  if (parent !== undefined) {
    const rel = /<relativePath>\s*([^<\s]+)\s*<\/relativePath>/.exec(parent)?.[1];
    const empty = /<relativePath\s*\/>|<relativePath>\s*<\/relativePath>/.test(parent);
    if (!empty && view.present(rel ?? '../pom.xml'))
      return { keep: 'the parent POM comes from the sources' };
  }
  const files = ['pom.xml'];
  for (const argv of commands) {
    if (argv[0] && /mvnw$/.test(argv[0])) files.push(argv[0].replace(/^\.\//, ''));
    const s = argv.findIndex((a) => a === '-s' || a === '--settings');
    if (s > 0 && argv[s + 1]) files.push(argv[s + 1].replace(/^\.\//, ''));
  }
  return { files, required: [...files], dirs: ['.mvn'], outputs: [] };
}

export const mavenManager: DepManager = {
  id: 'maven',
  names: /^(pom\.xml|\.mvn|mvnw|settings\.xml)$/,
  classify: classifyMaven,
  inputs: mavenInputs,
};
