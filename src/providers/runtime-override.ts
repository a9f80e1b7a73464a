// `--runtime` (and the config key `runtime`): every provider offers the same four aliases and
// accepts a named image, and says the same things about them. The provider gives what each
// alias means for its app and what a named image is assumed to have; this module applies the
// user's choice, the MSC011 decline when an alias cannot run the app, and the MSC109 warning
// for a named image msconvert cannot check.
import type { Warning } from '../codes';
import { decline, type Decline, type RuntimeCandidate } from './contract';

export type RuntimeAlias = 'distroless' | 'slim' | 'alpine' | 'scratch';

/** An alias that cannot run this app: the rest of the sentence after `--runtime <alias>`. */
export interface Cannot {
  cannot: string;
}

export interface RuntimeChoices {
  /**
   * What each alias gives: its candidates, or why it cannot run the app. An alias left out
   * keeps the provider's own candidates.
   */
  aliases: Partial<Record<RuntimeAlias, RuntimeCandidate[] | Cannot>>;
  /** The candidate a named image replaces (its facts are assumed for the named image). */
  named: RuntimeCandidate;
  /** What msconvert assumes a named image has ("Java 17 on PATH, a shell and ..."). */
  assumes: string;
}

export interface RuntimeOverride {
  candidates: RuntimeCandidate[];
  warnings: Warning[];
}

const ALIASES: readonly string[] = ['distroless', 'slim', 'alpine', 'scratch'];

/** The candidates after the user's --runtime, or the decline when the alias cannot serve. */
export function applyRuntimeOverride(
  override: string | undefined,
  candidates: RuntimeCandidate[],
  choices: RuntimeChoices,
): RuntimeOverride | Decline {
  if (!override) return { candidates, warnings: [] };
  if (ALIASES.includes(override)) {
    const given = choices.aliases[override as RuntimeAlias];
    if (!given) return { candidates, warnings: [] };
    if ('cannot' in given) return decline('MSC011', `--runtime ${override} ${given.cannot}`);
    return { candidates: given, warnings: [] };
  }
  return {
    candidates: [
      {
        ...choices.named,
        image: override,
        facts: { ...choices.named.facts, image: override },
        why: `chosen with --runtime ${override}`,
      },
    ],
    warnings: [
      {
        code: 'MSC109',
        message: `the runtime image ${override} was given with --runtime; msconvert assumes it has ${choices.assumes}.`,
      },
    ],
  };
}
