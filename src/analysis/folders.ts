// The folders a stage is known to have when a COPY runs, so that `COPY file /app` (no trailing
// slash) into a folder an earlier `RUN mkdir /app`, WORKDIR or COPY made lands in /app/file,
// as Docker does, instead of becoming a file named /app.
import * as path from 'path';

export class KnownFolders {
  private readonly dirs = new Set<string>(['/']);

  /** A folder and its parents. */
  add(dir: string): void {
    for (let d = dir; !this.dirs.has(d); d = path.posix.dirname(d)) this.dirs.add(d);
  }

  /** The folders `mkdir` creates in a RUN (a word with a variable is not read). */
  addRun(run: { commands: { argv: string[]; cwd: string }[] }): void {
    for (const c of run.commands) {
      if (c.argv[0] !== 'mkdir') continue;
      const args = c.argv.slice(1);
      for (let i = 0; i < args.length; i++) {
        const a = args[i];
        if (a === '-m' || a === '--mode' || a === '--context') i++;
        else if (!a.startsWith('-') && !/[$`*?[{]/.test(a)) {
          this.add(path.posix.resolve(c.cwd, a));
        }
      }
    }
  }

  /** Marks a COPY into a known folder as copying into it, then records what it makes. */
  place(copy: { dest: string; destIsDir: boolean }): void {
    if (!copy.destIsDir && this.dirs.has(copy.dest)) copy.destIsDir = true;
    this.add(copy.destIsDir ? copy.dest : path.posix.dirname(copy.dest));
  }
}
