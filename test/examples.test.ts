// Every example converts to its golden file (examples/<name>/expected.golden), and converting
// the result changes nothing.
// UPDATE_GOLDEN=1 rewrites the golden files; read every changed one before committing it.
import * as fs from 'fs';
import * as path from 'path';
import { convert, FsContext, type ConvertResult } from '../src';
import { examples, GOLDEN } from './helpers';

function golden(r: ConvertResult): string {
  if (r.status === 'converted') return r.output;
  return `# status: ${r.status}\n# code: ${r.code}\n# reason: ${r.reason}\n`;
}

// The build step a start rewrite adds, as the builder's last line (and nothing else).
const START_BUILD =
  /\r?\nRUN (?:--mount=type=cache,[\w./=,-]+ )*go build ([^\r\n;&|`$]* )?-o \/usr\/local\/bin\/[\w.-]+ [^\r\n;&|`$]*\s*$/;
const DOTNET_PUBLISH =
  /\r?\nRUN (?:--mount=type=cache,[\w./=,-]+ )*dotnet publish [\w./+-]+\.[cfv]sproj -c [\w.+-]+( -f [\w.+-]+)?( --no-restore| (-p|--property):[\w.]+=[\w.;,/+-]*)* -o \/app\/publish\s*$/;
// The Java rewrite's: the start's own tool and plain options with package or bootJar.
const JAVA_START_BUILD =
  /\r?\nRUN (?:--mount=type=cache,[\w./=,-]+ )*(?:(?:mvn|\.\/mvnw|(?:\/bin\/|\/usr\/bin\/)?(?:sh|bash) (?:\.\/)?mvnw)(?: [\w./:=,@%+-]+)* (?:package|verify|install)|(?:gradle|\.\/gradlew|(?:\/bin\/|\/usr\/bin\/)?(?:sh|bash) (?:\.\/)?gradlew)(?: [\w./:=,@%+-]+)* bootJar)(?: [\w./:=,@%+-]+)*\s*$/;
// The Node one (src/providers/node/start-rewrite.ts): tsc with the project's tsconfig.
// The Rust one: cargo build with the start's own options.
const CARGO_START_BUILD = /\r?\nRUN cargo( \+[\w.-]+)? build( [^\r\n;&|`$]*)?\s*$/;
// or the npm script an `npm start` ran before node (src/providers/node/build-hook.ts),
// or nest build with the -c/-p a nest start had (src/providers/node/nest-start.ts).
const NODE_START_BUILD =
  /\r?\nRUN (?:npx tsc -p [\w./-]+|npm run [\w:.-]+|npx nest build(?: (?:-[cp] |--(?:config|path)[ =])[\w@./-]+)*)\s*$/;
// Under a non-root USER, a build that writes only new files runs as root, the user given back.
const ROOT_BUILD =
  /\r?\nUSER root((?:\r?\n(?:ENV CGO_ENABLED=0|RUN [^\r\n]+))+)\r?\nUSER [\w.-]+(?::[\w.-]+)?\s*$/;

describe.each(examples())('example $name', ({ name, dir, meta, compose }) => {
  const text = fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
  const ctx = new FsContext(dir);
  const result = convert(text, ctx, { compose });

  it(`is ${meta.expect}`, () => {
    expect({ status: result.status, reason: result.reason }).toEqual({
      status: meta.expect,
      reason: meta.expect === 'converted' ? null : expect.any(String),
    } as never);
  });

  it('matches its golden file', () => {
    const file = path.join(dir, GOLDEN);
    if (process.env.UPDATE_GOLDEN) fs.writeFileSync(file, golden(result));
    expect(golden(result)).toBe(fs.readFileSync(file, 'utf8'));
  });

  it('converts to unchanged the second time', () => {
    const again = convert(result.output, ctx, { compose });
    expect(again.status).toBe(result.status === 'converted' ? 'unchanged' : result.status);
    expect(again.output).toBe(result.output);
  });

  if (meta.expect === 'converted') {
    it('keeps the original stage byte for byte apart from the stage name and builder edits', () => {
      const builder = result.output.slice(0, result.output.indexOf('\nFROM ', text.length - 1));
      // The named edits: the stage name, CGO_ENABLED=0 before a go build, and the build step
      // a start rewrite (src/providers/start-rewrite.ts) adds after the original lines, as
      // root between USER lines where the builder's user is not root.
      const stripped = builder
        .replace(/ AS builder/, '')
        .replace(ROOT_BUILD, '$1')
        .replace(/^ENV CGO_ENABLED=0\r?\n/m, '')
        .replace(START_BUILD, '')
        .replace(DOTNET_PUBLISH, '')
        .replace(JAVA_START_BUILD, '')
        .replace(NODE_START_BUILD, '')
        .replace(CARGO_START_BUILD, '');
      expect(stripped.trimEnd()).toBe(text.trimEnd());
    });
  }
});
