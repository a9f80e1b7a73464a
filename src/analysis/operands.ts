// The operands of a file command (cp, mv, install, ln, mkdir, curl, wget ...): its words
// without options, without the values of options that take one, and without redirects.
import { commandName } from '../shell';

/** Options that take a value, per tool: their value is not an operand. */
const VALUED: Record<string, string[]> = {
  install: ['-m', '-o', '-g', '-t', '--mode', '--owner', '--group', '-S', '--suffix'],
  cp: ['-t', '-S', '--suffix'],
  mv: ['-t', '-S', '--suffix'],
  ln: ['-t', '-S', '--suffix'],
  mkdir: ['-m', '--mode'],
  curl: ['-o', '--output', '-H', '-u', '-d', '-X', '-A', '-e', '--retry', '--connect-timeout'],
  wget: ['-O', '--output-document', '-P', '-t', '-T', '-U', '--header'],
};

export function operands(argv: readonly string[]): string[] {
  const valued = VALUED[commandName(argv[0])] ?? [];
  const out: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (/^\d?>>?/.test(a)) {
      if (/^\d?>>?$/.test(a)) i++;
      continue;
    }
    if (a.startsWith('-')) {
      if (valued.includes(a)) i++;
      continue;
    }
    out.push(a);
  }
  return out;
}
