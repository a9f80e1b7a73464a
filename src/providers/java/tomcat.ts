// Tomcat: a WAR deployed into CATALINA_HOME goes along with the folders the stage changed there.
import * as path from 'path';
import { resolvePath } from '../../analysis/stage';
import { commandName } from '../../shell';
import { decline, type Decline } from '../contract';
import { addCopy } from './trace';
import { data, type PlanState } from './types';

/** Tomcat: every top-level folder of CATALINA_HOME the stage changed (webapps at least). */
export function tomcatCopies(s: PlanState): Decline | null {
  const { model } = s.input;
  const d = data();
  const home = s.env.CATALINA_HOME ?? '/usr/local/tomcat';
  const under = (p: string) => p === home || p.startsWith(`${home}/`);
  const top = (p: string) =>
    p === home ? p : path.posix.join(home, p.slice(home.length + 1).split('/')[0]);
  const touched = new Set<string>();
  for (const cp of model.copies) if (under(cp.dest)) touched.add(top(cp.dest));
  for (const c of s.commands) {
    if (['cd', 'ls', 'cat', 'echo', 'test', '['].includes(commandName(c.argv[0]))) continue;
    for (const w of c.argv.slice(1)) {
      if (w.startsWith('-') || w.includes('$')) continue;
      const abs = resolvePath(c.cwd, w);
      if (under(abs) && (w.includes('/') || c.cwd.startsWith(home))) touched.add(top(abs));
    }
  }
  if (![...touched].some((t) => t === home || t.endsWith('/webapps'))) {
    return decline(
      'MSC007',
      `the container starts Tomcat, but no RUN step or COPY puts a WAR into ${home}/webapps, so msconvert cannot tell what to deploy.`,
    );
  }
  for (const t of [...touched].sort()) {
    const why = t.endsWith('/webapps')
      ? 'the web applications deployed into Tomcat'
      : 'Tomcat files the original changed';
    addCopy(s, t, why);
  }
  for (const c of s.needs.commands)
    if (d.tomcatCommands.includes(commandName(c.word)) && c.word.includes('/'))
      s.vouched.push(c.word);
  return null;
}
