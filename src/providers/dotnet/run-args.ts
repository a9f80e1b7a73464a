// The words after `dotnet run`: the options that choose what is built and how (kept for
// dotnet publish), the launch-profile options, and the program's arguments (after `--`, or
// `--urls`, which dotnet run does not know and passes on to the app).

export interface DotnetRun {
  project: string | null;
  /** The configuration dotnet run builds: Debug unless -c says otherwise. */
  config: string;
  framework: string | null;
  /** -p:K=V and --no-restore, passed to dotnet publish as written. */
  buildArgs: string[];
  /** --launch-profile's name; null for the default profile. */
  profile: string | null;
  noProfile: boolean;
  args: string[];
}

const VALUED: Record<string, 'config' | 'framework' | 'project' | 'profile' | 'verbosity'> = {
  '-c': 'config',
  '--configuration': 'config',
  '-f': 'framework',
  '--framework': 'framework',
  '--project': 'project',
  '-lp': 'profile',
  '--launch-profile': 'profile',
  '-v': 'verbosity',
  '--verbosity': 'verbosity',
};
const PLAIN = /^[\w.+-]+$/;

/** Reads the words after `dotnet run`, or gives the reason it cannot be mapped exactly. */
export function readDotnetRun(words: readonly string[]): DotnetRun | string {
  const run: DotnetRun = {
    project: null,
    config: 'Debug',
    framework: null,
    buildArgs: [],
    profile: null,
    noProfile: false,
    args: [],
  };
  let urls: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === '--') {
      run.args = words.slice(i + 1);
      break;
    }
    const eq = w.indexOf('=');
    const name = w.startsWith('--') && eq > 0 ? w.slice(0, eq) : w;
    const key = VALUED[name];
    if (key || name === '--urls') {
      const value = name !== w ? w.slice(eq + 1) : words[++i];
      if (value === undefined) return `\`${w}\` has no value`;
      if (name === '--urls') urls = ['--urls', value];
      else if (key === 'project') run.project = value;
      else if (key === 'profile') run.profile = value;
      else if (key === 'config' || key === 'framework') {
        if (!PLAIN.test(value)) return `the ${key} ${value} is not a plain name`;
        run[key] = value;
      }
      continue;
    }
    if (w === '--no-launch-profile') run.noProfile = true;
    else if (w === '--no-restore') run.buildArgs.push(w);
    else if (/^(-p|--property):[\w.]+=[\w.;,/+-]*$/.test(w)) run.buildArgs.push(w);
    else if (w.startsWith('-'))
      return `dotnet run's option ${w} has no publish equivalent msconvert knows`;
    else
      return `\`${w}\` before \`--\` is read by dotnet run itself (a project, a file or an argument, by SDK version)`;
  }
  // Where dotnet run places the words it passes on among the ones after `--` is not fixed.
  if (urls.length && run.args.length) return '--urls and arguments after `--` together';
  run.args = [...urls, ...run.args];
  return run;
}
