// The java commands the container starts, and what each reads (-jar, class path, agents).
import { expandSome } from '../../analysis/runtime-paths';
import { resolvePath } from '../../analysis/stage';
import { commandName } from '../../shell';
import { decline, type Decline } from '../contract';
import { trace } from './trace';
import type { JavaStart, PlanState } from './types';

export const CANDIDATE_PATH_FLAGS = new Set([
  '-cp',
  '-classpath',
  '--class-path',
  '-p',
  '--module-path',
]);
/** JVM options whose value is the next word. */
export const JAVA_VALUE_OPTS = new Set([
  '--add-opens',
  '--add-exports',
  '--add-modules',
  '--add-reads',
  '--patch-module',
  '--limit-modules',
  '--upgrade-module-path',
  '--enable-native-access',
  '--source',
]);
export const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh']);

/** The java commands the container starts, with the form they are written in. */
export function javaStarts(s: PlanState): JavaStart[] {
  const { model } = s.input;
  const starts: JavaStart[] = [];
  const epExec = model.entrypoint?.exec ?? null;
  const viaShell = (exec: string[] | null | undefined) =>
    !exec || (SHELLS.has(commandName(exec[0])) && exec[1] === '-c');
  for (const need of s.needs.commands) {
    // An exec-form CMD after an exec-form ENTRYPOINT is its arguments, not a command.
    if (need.from === 'CMD' && epExec && model.cmd?.exec && need.argv === model.cmd.exec) {
      if (commandName(epExec[0]) === 'java' || need.word.startsWith('-')) {
        s.vouched.push(need.word);
        continue;
      }
    }
    if (commandName(need.word) !== 'java') continue;
    const argv =
      need.from === 'ENTRYPOINT' && epExec && model.cmd?.exec && need.argv === epExec
        ? [...epExec, ...model.cmd.exec]
        : need.argv;
    const shellForm =
      (need.from === 'CMD' && viaShell(model.cmd?.exec)) ||
      (need.from === 'ENTRYPOINT' && viaShell(model.entrypoint?.exec)) ||
      need.from === 'script';
    starts.push({ argv, shellForm });
    if (need.word.includes('/')) {
      const abs = resolvePath(model.cwd, expandSome(need.word, s.env));
      if (abs.startsWith(`${s.env.JAVA_HOME ?? '/opt/java/openjdk'}/bin/`))
        s.vouched.push(need.word);
    }
  }
  return starts;
}

/** java [options] (-jar file | -cp path main | main): what each start reads, copied. */
export function traceStarts(s: PlanState, starts: JavaStart[]): Decline | null {
  for (const start of starts) {
    const args = start.argv.slice(1);
    const classPath = (value: string): Decline | null => {
      for (const entry of value.split(':').filter(Boolean)) {
        const dirWildcard = entry.endsWith('/*') || entry === '*';
        const reason = trace(s, entry, 'the class path entry', start.shellForm, dirWildcard);
        if (reason) return decline('MSC007', reason);
      }
      return null;
    };
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      let problem: Decline | null = null;
      if (JAVA_VALUE_OPTS.has(a)) i++;
      else if (a === '-jar') {
        const reason = trace(s, args[i + 1] ?? '', 'java -jar', start.shellForm);
        if (reason) return decline('MSC007', reason);
        break; // the rest are the app's arguments
      } else if (CANDIDATE_PATH_FLAGS.has(a)) problem = classPath(args[++i] ?? '');
      else if (/^--(class|module)-path=/.test(a)) problem = classPath(a.slice(a.indexOf('=') + 1));
      else if (/^-(javaagent|agentpath):/.test(a)) {
        const file = a.replace(/^-(javaagent|agentpath):/, '').split('=')[0];
        const reason = trace(s, file, 'the agent', start.shellForm);
        if (reason) return decline('MSC008', reason);
      } else if (a.startsWith('@') && a.length > 1) {
        const reason = trace(s, a.slice(1), 'the argument file', start.shellForm);
        if (reason) return decline('MSC008', reason);
      } else if (a === '-m' || a === '--module') break;
      else if (!a.startsWith('-') && !a.startsWith('$')) {
        // A main class: with no class path option, CLASSPATH or the working folder.
        const hasCp = args
          .slice(0, i)
          .some((x) => CANDIDATE_PATH_FLAGS.has(x) || /^--class-path=/.test(x));
        if (!hasCp) problem = classPath(s.env.CLASSPATH ?? '.');
        if (problem) return problem;
        break;
      }
      if (problem) return problem;
    }
  }
  return null;
}
