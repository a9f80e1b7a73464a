// A start command that compiles when the container starts (`go run .`, `ts-node src/x.ts`)
// becomes its production equivalent: the provider names the build step and the new start
// (its rewriteStart), and this module plans the rest as if the Dockerfile had said so. The
// builder keeps every original line and gains the build step as its own lines after them;
// the stage is read again with the new start appended, so every later step (needs, copies,
// runtime choice) sees an ordinary built artifact and nothing special.
import type { Warning } from '../codes';
import { isRootUser } from '../analysis/users';
import { startNeeds, type StartNeeds } from '../analysis/needs';
import type { StageModel } from '../analysis/stage';
import { ImageFiles } from '../analysis/files';
import { parseDockerfile, type ParsedDockerfile } from '../parse';
import type { Provider, ProviderInput } from './contract';
import { mountedOver } from './start-mounts';

export interface Rewritten {
  input: ProviderInput;
  needs: StartNeeds;
  /** The builder stage's text: the original with the build step added. */
  builderText: string;
  warning: Warning;
  /** The runner's paths the runtime leaves out on purpose (StartRewrite.leftOut). */
  leftOut: string[];
}

/** A rewrite msconvert would make but refuses, with the decline's reason. */
export interface RewriteRefused {
  refused: { code: 'MSC005'; reason: string };
}

/** Reads the one stage of a parsed file as convert() reads the original. */
export type StageReader = (parsed: ParsedDockerfile) => StageModel;

/** A user name or id (with a group), as USER takes it: nothing to expand or quote. */
const PLAIN_USER = /^[A-Za-z0-9_][A-Za-z0-9_.-]*(:[A-Za-z0-9_][A-Za-z0-9_.-]*)?$/;

export function rewriteStart(
  provider: Provider,
  input: ProviderInput,
  needs: StartNeeds,
  read: StageReader,
  searchPath: string,
): Rewritten | RewriteRefused | null {
  if (input.options.keepStart || !provider.rewriteStart) return null;
  const rw = provider.rewriteStart(input, needs);
  if (!rw) return null;
  // Every provider's rewrite alike: a development mount runs live sources, not a build.
  const mounted = rw.build.length > 0 ? mountedOver(input.ctx, input.model.cwd) : null;
  if (mounted)
    return {
      refused: {
        code: 'MSC005',
        reason: `the start compiles when the container starts, and msconvert would build it in the builder instead (${rw.warning.code}), but ${mounted}; a development image keeps its toolchain.`,
      },
    };
  const user = input.model.user;
  let build = rw.build;
  let warning = rw.warning;
  // The added build runs as the stage's last USER. Where the original start compiled in memory
  // or into its own caches, the build writes somewhere new (a binary in /usr/local/bin, dist/,
  // /app/publish) that the user may not be able to write: the converted build would fail
  // where the original did not. A build whose output the app never writes to runs as root,
  // which can write wherever the user could, and the user is restored after it.
  if (build.length > 0 && !rw.writesAsStartDid && user !== null && !isRootUser(user)) {
    if (!rw.rootMayBuild || !PLAIN_USER.test(user))
      return {
        refused: {
          code: 'MSC005',
          reason: `the start compiles when the container starts, and msconvert would build it in the builder instead (${rw.warning.code}), but that build (\`${build.join('; ')}\`) would run as \`USER ${user}\`, the builder's last user, who may not be able to write its output, and built as root its output would not be ${user}'s, where the app may write; build the app in a RUN step before USER ${user} and convert again.`,
        },
      };
    build = ['USER root', ...build, `USER ${user}`];
    warning = {
      ...warning,
      message: `${warning.message} The build runs as root (\`USER root\` before it, \`USER ${user}\` after it in the builder): ${user} may not be able to write its output; the runtime still runs as ${user}.`,
    };
  }
  const { text, eol } = input.parsed;
  const ended = text === '' || text.endsWith('\n') || text.endsWith('\r') ? text : text + eol;
  const builderText = ended + build.map((l) => l + eol).join('');
  const full = builderText + rw.start.map((l) => l + eol).join('');
  const parsed = parseDockerfile(full);
  if (parsed.stages.length !== 1) return null;
  const model = read(parsed);
  // The runtime carries the new start only: the original CMD and ENTRYPOINT stay in the
  // builder, where the later ones override them. The USER lines around a root build are the
  // builder's own.
  model.carried = model.carried.filter(
    (i) =>
      !(
        (['CMD', 'ENTRYPOINT'].includes(i.keyword) && i.start < builderText.length) ||
        (i.keyword === 'USER' && i.start >= ended.length && i.start < builderText.length)
      ),
  );
  const files = new ImageFiles(model, input.ctx);
  const seen = input.parsed.stages[0].image === parsed.stages[0].image;
  const parsedSeen = seen
    ? parsed
    : { ...parsed, stages: [{ ...parsed.stages[0], image: input.parsed.stages[0].image }] };
  return {
    input: { ...input, parsed: parsedSeen, model, files },
    needs: startNeeds(model, files, searchPath),
    builderText,
    warning,
    leftOut: rw.leftOut ?? [],
  };
}
