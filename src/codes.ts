// Every message msconvert gives has a stable code. Declines and "unchanged" reasons are
// MSC0xx, warnings MSC1xx, input errors MSC9xx. Codes never change meaning once released.
// MSC000 is the finding itself (the file can be converted), as SARIF and Checkstyle name it.
// Each code has a page, docs/rules/<CODE>.md (test/rules.test.ts holds the two together).

export const CODES = {
  MSC000: 'the Dockerfile can be converted to a multi-stage build',
  MSC001: 'already multi-stage',
  MSC002: 'language not recognised',
  MSC003: 'conflicting languages',
  MSC004: 'Windows base image',
  MSC005: 'builds or installs when the container starts',
  MSC006: 'nothing is built or installed that a runtime stage could leave behind',
  MSC007: 'build output cannot be located',
  MSC008: 'a start command cannot be traced to the runtime image',
  MSC009: 'OS packages cannot be placed in the runtime image',
  MSC010: 'the image is a base for other builds (ONBUILD)',
  MSC011: 'the requested runtime image cannot run this build',
  MSC012: 'the app lives in the filesystem root',
  MSC015: 'the builder image cannot be resolved',
  MSC016: 'msconvert cannot read this file exactly as Docker does',
  MSC017: 'installed Node modules are moved in a way msconvert cannot follow',
  MSC018: 'a native Node addon may link libraries the runtime image lacks',
  MSC020: 'a folder the build made cannot be carried with its mode',
  MSC021: 'a build step has effects msconvert cannot see that the app may need at run time',
  MSC022: 'a Compose service starts the image with a command the runtime stage would not serve',
  MSC045: 'PHP extensions are installed with OS libraries msconvert cannot see',
  MSC046: "the PHP app's files cannot be told apart from the image's",
  MSC047: 'the start runs Composer, which the runtime leaves behind',
  MSC048: 'the build edits a file of the image in place',
  MSC049: 'PHP does not run on an official php image',
  MSC030: 'a library the app links comes from no OS package and is not copied',
  MSC040: 'Ruby does not come from an official ruby image',
  MSC041: 'gems are installed where a runtime stage cannot take them alone',
  MSC042: 'Ruby code is compiled when the app starts or runs',
  MSC043: 'the Bundler configuration cannot be read',
  MSC101: 'the container starts through npm or yarn',
  MSC102: 'devDependencies kept because the start command uses one',
  MSC103: 'source not visible, so cgo is kept',
  MSC104: 'digest pin dropped for the runtime image',
  MSC105: 'a file or library the app needs at run time may be missing',
  MSC106: 'global npm package installed again in the runtime stage',
  MSC107: 'runtime user database copied from the builder',
  MSC108: 'dev dependencies not pruned',
  MSC109: 'runtime image chosen by --runtime is not checked',
  MSC110: 'tool installed for the runtime',
  MSC111: 'devDependencies kept because what the app loads cannot be read',
  MSC175: 'Composer dev packages not left out',
  MSC176: 'PHP extensions copied as built files',
  MSC177: "a frontend build's node_modules left out of the runtime",
  MSC120: 'the runtime image carries a file that looks like a secret',
  MSC140: 'the build context carries files no build step needs',
  MSC141: 'a secret-looking file stays in the build context because the build needs it',
  MSC150: 'a dependency step keeps its place (--cache)',
  MSC151: 'a cache mount is left out (--cache)',
  MSC152: 'the --cache changes are left out',
  MSC153: 'a file: dependency keeps the install in place (--cache)',
  MSC154: 'a workspace package keeps the install in place (--cache)',
  MSC155: 'the workspaces cannot be resolved exactly (--cache)',
  MSC156: "the builder's tag follows the newest Debian release, the runtime's is named",
  MSC180: 'a Python server started with --reload now starts without it',
  MSC185: 'a Go start that compiled at start now starts the binary the builder builds',
  MSC186: 'a Node start that compiled or watched at start now starts node on the built output',
  MSC187: 'a Spring Boot run at start now starts the jar the builder packs',
  MSC188: 'a .NET start that built with dotnet run now starts the app dotnet publish writes',
  MSC189: 'the start comes from a Compose service: the Dockerfile has no CMD or ENTRYPOINT',
  MSC194:
    'a Rust start that compiled at start (cargo run) now starts the binary the builder builds',
  MSC160: 'a folder that cannot be read was skipped',
  MSC161: 'a symbolic link that leads out of the folder was skipped',
  MSC170: 'run-time libraries of native gems installed',
  MSC171: 'no Gemfile.lock, so native gems cannot be read',
  MSC901: 'file cannot be read',
  MSC902: 'not a text Dockerfile',
  MSC903: 'file is empty',
  MSC904: 'file is too large',
  MSC905: 'file cannot be written',
  MSC906: 'file changed while msconvert was working',
  MSC907: 'configuration file is invalid',
  MSC908: 'the runtime image is not an image reference',
  MSC909: 'a value would add an instruction to the output',
  MSC910: 'no FROM instruction',
  MSC911: 'malformed Dockerfile',
} as const;

export type Code = keyof typeof CODES;

export interface Warning {
  code: Code;
  message: string;
}

/** Where the rule pages (docs/rules/<CODE>.md in the repository) are published. */
export const RULES_URL = 'https://github.com/msconvert/msconvert/blob/main/docs/rules';

/** The page that explains a code. */
export function ruleUrl(code: Code): string {
  return `${RULES_URL}/${code}.md`;
}
