// The shared half of planning: whatever the language, pick the runtime image that meets
// every need (shell, OS packages, the commands the container runs, users), then write the
// runtime stage. Providers say what to copy; this module decides how it must run, as a
// sequence of steps that each live in their own module of src/runtime/.
import type { Warning } from '../codes';
import { installLine, type InstalledPackages } from '../analysis/packages';
import type { StartNeeds } from '../analysis/needs';
import { carriedSecrets } from '../analysis/secrets';
import type {
  CopySpec,
  Decline,
  ProviderInput,
  ProviderPlan,
  RuntimeCandidate,
  TextEdit,
} from '../providers/contract';
import { completeCopies, copyInstructions, withOwners } from './copies';
import { chooseRuntime } from './fit';
import { renderStage, type Sections } from './render';
import { pathSection } from './search-path';
import { ownersNeeded, userSetup } from './users';
import { variableSections } from './variables';

export interface Assembled {
  runtime: RuntimeCandidate;
  /** Full text of the stages appended after the builder. */
  appended: string;
  builderEdits: TextEdit[];
  copies: CopySpec[];
  packages: string[];
  /** Build-only OS packages left in the builder. */
  dropped: string[];
  warnings: Warning[];
  notes: string[];
}

const isDecline = (x: object): x is Decline => (x as Decline).kind === 'decline';

/** Secrets the original image carried stay visible to the reviewer. */
function secretsWarning(input: ProviderInput, copies: CopySpec[]): Warning | null {
  const secrets = carriedSecrets(
    input.files,
    input.ctx,
    copies.filter((cp) => cp.from === input.builderName).map((cp) => cp.src),
  );
  if (secrets.length === 0) return null;
  const shown = secrets.slice(0, 5).join(', ') + (secrets.length > 5 ? ' ...' : '');
  return {
    code: 'MSC120',
    message: `the runtime image carries ${shown}, which look${secrets.length > 1 ? '' : 's'} like ${secrets.length > 1 ? 'secrets' : 'a secret'}; the original image carried ${secrets.length > 1 ? 'them' : 'it'} too. Keep secrets out of images (.dockerignore, build secrets, run-time environment).`,
  };
}

/**
 * Lines the chosen image needs before the carried instructions: its own (the ENV of a runtime
 * it brings), and `ENTRYPOINT []` when the image starts its own program (distroless java's
 * `java -jar`), which would otherwise run the original's CMD as that program's arguments.
 */
function runtimeSection(chosen: RuntimeCandidate, hasEntrypoint: boolean): string[] {
  const lines = [...(chosen.lines ?? [])];
  if (chosen.facts.entrypoint?.length && !hasEntrypoint) lines.push('ENTRYPOINT []');
  return lines;
}

export function assemble(
  input: ProviderInput,
  planIn: ProviderPlan,
  needs: StartNeeds,
  installed: InstalledPackages,
): Assembled | Decline {
  const completed = completeCopies(input, planIn, needs);
  if (isDecline(completed)) return completed;
  const choice = chooseRuntime(completed, needs, installed);
  if (isDecline(choice)) return choice;
  const { chosen, fit } = choice;
  // What the chosen image brings with it (a jlink runtime's stage and copy) joins the plan.
  const plan = chosen.copies
    ? { ...completed, copies: [...chosen.copies, ...completed.copies] }
    : completed;
  const { model, parsed } = input;
  const warnings = [...plan.warnings, ...fit.warnings];
  const carried = model.carried.filter((i) => i.keyword !== 'ARG');
  const variables = variableSections(model, carried, needs);
  const users = userSetup(input, chosen, plan.copyFrom, ownersNeeded(input, plan, needs));
  for (const w of users.warnings) warnings.push(w);
  const copies = withOwners(input, plan.copies);
  const copying = copyInstructions(input, copies);
  const secrets = secretsWarning(input, copies);
  if (secrets) warnings.push(secrets);
  const pm = chosen.facts.packageManager;
  const sections: Sections = {
    from: [`FROM ${chosen.image}`],
    args: variables.args,
    'builder-env': variables.builderEnv,
    'user-database': users.database,
    'os-packages': fit.packages.length > 0 && pm ? [installLine(pm, fit.packages)] : [],
    'provider-run': plan.runLines,
    home: users.home,
    copies: copying.lines,
    workdir: model.cwd !== chosen.facts.workdir ? [`WORKDIR ${model.cwd}`] : [],
    path: pathSection(model, carried, needs, plan, chosen),
    runtime: runtimeSection(chosen, model.entrypoint !== null),
    carried: carried.map((ins) => chosen.rewrites?.[ins.raw] ?? ins.raw),
  };
  const eol = parsed.eol;
  const stages = [
    ...plan.extraStages.map((s) => s.join(eol)),
    ...(chosen.stages ?? []).map((s) => s.join(eol)),
    ...(copying.modesStage.length ? [copying.modesStage.join(eol)] : []),
    renderStage(plan.language, sections).join(eol),
  ];
  return {
    runtime: chosen,
    appended: stages.join(eol + eol) + eol,
    builderEdits: plan.builderEdits,
    copies,
    packages: fit.packages,
    dropped: fit.dropped,
    warnings,
    notes: plan.notes,
  };
}
