// Every flag once: the fast parser (util.parseArgs, src/cli/args.ts) and the help and error
// path (yargs) are both built from this table, and src/cli/settings.ts checks values by it.
import { LANGUAGES } from '../providers';

export const FORMATS = ['diff', 'json', 'sarif', 'checkstyle'] as const;
export type Format = (typeof FORMATS)[number];

export type Group = 'Output:' | 'Conversion:' | 'Verification (--verify):';

export interface Flag {
  /** As typed on the command line, without the dashes. */
  name: string;
  alias?: string;
  type: 'boolean' | 'string' | 'number';
  default?: boolean;
  choices?: readonly string[];
  /** 'array': yargs takes the values that follow (-e A=1 B=2); 'repeat': the flag repeats. */
  many?: 'array' | 'repeat';
  /** The fast parser also takes --no-<name> (other negations go to yargs). */
  negatable?: boolean;
  describe: string | (() => string);
  group: Group;
  /** The configuration key that sets the same thing (flags win). */
  config?: 'ignore' | 'dockerignore' | 'cache' | 'runtime' | 'keepStart';
  /** Checked by settings: used without --verify it is a mistake. */
  verifyOnly?: boolean;
  /** Checked by settings: a number above zero. */
  positive?: boolean;
}

/** Language ids --lang and the configuration's "runtime" accept. */
export function languages(): string[] {
  // 'other' only declines languages msconvert has no provider for: not one to force.
  return LANGUAGES.map((p) => p.id);
}

// In the order --help lists them, group by group.
export const FLAGS: readonly Flag[] = [
  {
    name: 'write',
    alias: 'w',
    type: 'boolean',
    default: false,
    describe: 'Write conversions in place, atomically',
    group: 'Output:',
  },
  {
    name: 'backup',
    type: 'boolean',
    default: false,
    describe: 'With --write, keep the original as <file>.orig',
    group: 'Output:',
  },
  {
    name: 'check',
    type: 'boolean',
    default: false,
    describe: 'Exit 1 when any file would change, listing those files (for CI)',
    group: 'Output:',
  },
  {
    name: 'stdout',
    type: 'boolean',
    default: false,
    describe: 'Print the converted Dockerfile instead of a diff (one file)',
    group: 'Output:',
  },
  {
    name: 'format',
    alias: 'f',
    type: 'string',
    choices: FORMATS,
    describe: 'Report format: a unified diff (default), json, sarif (code scanning) or checkstyle',
    group: 'Output:',
  },
  { name: 'json', type: 'boolean', describe: 'Same as --format json', group: 'Output:' },
  {
    name: 'color',
    type: 'boolean',
    negatable: true,
    describe: 'Colour the diff (default: on a terminal)',
    group: 'Output:',
  },
  {
    name: 'context',
    type: 'string',
    describe: "Build context folder (default: the Dockerfile's folder)",
    group: 'Conversion:',
  },
  {
    name: 'lang',
    type: 'string',
    describe: () => `Force a language: ${languages().join(', ')}`,
    group: 'Conversion:',
  },
  {
    name: 'runtime',
    type: 'string',
    describe: 'Runtime image or alias: distroless, slim, alpine, scratch',
    group: 'Conversion:',
    config: 'runtime',
  },
  {
    name: 'cache',
    type: 'boolean',
    describe:
      'Also speed up rebuilds: dependency steps before the sources, BuildKit cache mounts (needs BuildKit)',
    group: 'Conversion:',
    config: 'cache',
  },
  {
    name: 'keep-start',
    type: 'boolean',
    describe:
      'Keep a start that builds at start (go run, cargo run, ts-node, tsx, nodemon, nest start, a prestart build, spring-boot:run, bootRun, dotnet run, --reload) as it is: decline instead of rewriting it',
    group: 'Conversion:',
    config: 'keepStart',
  },
  {
    name: 'ignore',
    type: 'string',
    many: 'repeat',
    describe: 'Leave a warning out of the report: --ignore MSC101 (repeatable, or MSC101,MSC106)',
    group: 'Conversion:',
    config: 'ignore',
  },
  {
    name: 'config',
    type: 'boolean',
    default: true,
    negatable: true,
    describe: 'Read .msconvertrc.json or the "msconvert" key of package.json (--no-config: do not)',
    group: 'Conversion:',
  },
  {
    name: 'dockerignore',
    type: 'boolean',
    default: true,
    negatable: true,
    describe:
      'Propose .dockerignore lines for what the build does not need (--no-dockerignore: do not)',
    group: 'Conversion:',
    config: 'dockerignore',
  },
  {
    name: 'ignore-paths',
    type: 'boolean',
    default: true,
    negatable: true,
    describe:
      "Skip files the configuration's ignorePaths cover, also when named (--no-ignore-paths: convert them)",
    group: 'Conversion:',
  },
  {
    name: 'verify',
    type: 'boolean',
    describe: 'Build and run the original and the converted image with Docker, compare them',
    group: 'Verification (--verify):',
  },
  {
    name: 'inspect',
    type: 'boolean',
    describe: 'Build the original with Docker and plan from what its image holds',
    group: 'Verification (--verify):',
  },
  {
    name: 'probe-path',
    type: 'string',
    describe: 'HTTP path to compare (default /)',
    group: 'Verification (--verify):',
    verifyOnly: true,
  },
  {
    name: 'probe-port',
    type: 'number',
    describe: 'Container port to probe (default: first EXPOSE)',
    group: 'Verification (--verify):',
    verifyOnly: true,
    positive: true,
  },
  {
    name: 'probe-cmd',
    type: 'string',
    describe: 'Arguments to run a CLI image with',
    group: 'Verification (--verify):',
    verifyOnly: true,
  },
  {
    name: 'env',
    alias: 'e',
    type: 'string',
    many: 'array',
    describe: 'KEY=VALUE for both containers (repeatable)',
    group: 'Verification (--verify):',
    verifyOnly: true,
  },
  {
    name: 'env-file',
    type: 'string',
    many: 'array',
    describe: 'File of KEY=VALUE lines for both containers',
    group: 'Verification (--verify):',
    verifyOnly: true,
  },
  {
    name: 'build-timeout',
    type: 'number',
    describe: 'Seconds per build (default 600)',
    group: 'Verification (--verify):',
    verifyOnly: true,
    positive: true,
  },
  {
    name: 'run-timeout',
    type: 'number',
    describe: 'Seconds for a container to answer (default 60)',
    group: 'Verification (--verify):',
    verifyOnly: true,
    positive: true,
  },
];

/** `probe-port` -> `probePort`: the key both parsers give a flag's value under. */
export function camel(name: string): string {
  return name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}
