// The runtime stage's text: data/runtime-stage.tmpl (or the provider's own
// data/<id>.runtime-stage.tmpl) gives the order of the sections, the planner their lines.
import { templateText, templateTextIfExists } from '../data';
import { assertOneLine } from '../values';

/** The template's sections, each the lines the planner made for it (none: left out). */
export type Sections = Record<string, string[]>;

/** Fills the runtime-stage template (the provider's own, or the shared one) with sections. */
export function renderStage(provider: string, sections: Sections): string[] {
  const template =
    templateTextIfExists(`${provider}.runtime-stage.tmpl`) ?? templateText('runtime-stage.tmpl');
  const out: string[] = [];
  for (const line of template.split(/\r?\n/)) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const m = /^\{\{([\w-]+)\}\}$/.exec(line.trim());
    if (!m) out.push(line);
    else
      for (const item of sections[m[1]] ?? []) {
        // Carried instructions are the original's own text (continuations included); every
        // other line is made from values, which must not add an instruction of their own.
        if (m[1] !== 'carried') assertOneLine(item);
        out.push(item);
      }
  }
  return out;
}
