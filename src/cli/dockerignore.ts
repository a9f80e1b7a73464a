// The .dockerignore proposals of a run (src/dockerignore/run.ts), wired to the CLI's files,
// settings and output.
import type { Code } from '../codes';
import { dropIgnored, inlineIgnores } from '../config';
import { colorize } from './render/diff';
import { shown } from './targets';
import type { FileReport, Input, Io, Line, Options } from './types';

/** The .dockerignore proposals of a run, or null when it makes none. */
export function dockerignoreRun(inputs: Input[], opts: Options) {
  // --stdout prints one Dockerfile; SARIF and Checkstyle report Dockerfile findings only.
  if (!opts.dockerignore || opts.stdout || opts.format === 'sarif' || opts.format === 'checkstyle')
    return null;
  // Loaded here: --no-dockerignore runs never pay for it.
  const { DockerignoreRun } =
    require('../dockerignore/run') as typeof import('../dockerignore/run');
  const run = new DockerignoreRun(inputs, {
    backupSuffix: opts.write && opts.backup ? '.orig' : null,
    // --write --verify writes only what was verified, and the images were built without the
    // proposal: it is shown, not written.
    write: opts.write && !opts.verify,
    shown,
  });
  // The warnings a proposal adds are silenced like any other (--ignore, settings, inline).
  const silence = (r: FileReport): FileReport => {
    const input = inputs.find((i) => i.display === r.path);
    const ignore = [...(input?.config?.config.ignore ?? []), ...opts.ignore];
    return dropIgnored(r, r.original ?? '', ignore) as FileReport;
  };
  return { run, silence };
}

/** True when this file asks for no proposal: settings, or MSC140 silenced anywhere. */
export function dockerignoreOff(input: Input, r: FileReport, opts: Options): boolean {
  if (input.config?.config.dockerignore === false) return true;
  const silenced = [...opts.ignore, ...(input.config?.config.ignore ?? [])];
  return silenced.includes('MSC140') || inlineIgnores(r.original ?? '').includes('MSC140');
}

export function emitIgnore(
  r: import('../dockerignore/run').IgnoreReport,
  opts: Options,
  io: Io,
): { json?: string } {
  const { explainIgnore, ignoreDiff, ignoreJson } =
    require('../dockerignore/run') as typeof import('../dockerignore/run');
  if (opts.json) return { json: JSON.stringify(ignoreJson(r), null, 2).replace(/\n/g, '\n    ') };
  if (opts.check) io.stdout.write(`${r.path}\n`);
  else if (!opts.write) {
    const patch = ignoreDiff(r, process.cwd());
    io.stdout.write(opts.color ? colorize(patch) : patch);
  }
  if (r.status === 'error')
    io.stderr.write(`msconvert: ${r.path}: ${r.error?.message} [${r.error?.code}]\n`);
  io.stderr.write(explainIgnore(r));
  return {};
}

export function ignoreLine(r: import('../dockerignore/run').IgnoreReport): Line {
  return {
    path: r.path,
    status: 'error',
    language: null,
    code: (r.error?.code ?? 'MSC905') as Code,
    runtime: null,
    savingMB: null,
    verdict: null,
    originalFailed: false,
  };
}
