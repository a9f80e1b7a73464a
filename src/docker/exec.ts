// Running the docker CLI (child_process.spawn, never a shell) and reading what it said; the
// label and the unique ids every container and image of msconvert carries.
import { spawn } from 'child_process';
import { randomBytes } from 'crypto';

export const LABEL = 'msconvert.verify';

export interface ExecResult {
  /** Exit code, or null when the process was killed or could not start. */
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** Set when the process could not be started (ENOENT ...). */
  spawnError?: string;
}

export interface ExecOptions {
  env?: NodeJS.ProcessEnv;
  /** Kill the child (SIGTERM, then SIGKILL 3 s later) after this long. */
  timeoutMs?: number;
  /** Called with every complete line of stdout and stderr, as it arrives. */
  onLine?: (line: string) => void;
}

const MAX_CAPTURE = 4 * 1024 * 1024;

/** Runs a program with arguments (no shell) and collects its output. Never rejects. */
export function exec(bin: string, args: string[], opts: ExecOptions = {}): Promise<ExecResult> {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let settled = false;
    let killTimer: NodeJS.Timeout | undefined;
    let hardKill: NodeJS.Timeout | undefined;
    const finish = (r: Omit<ExecResult, 'stdout' | 'stderr' | 'timedOut'>): void => {
      if (settled) return;
      settled = true;
      if (killTimer) clearTimeout(killTimer);
      if (hardKill) clearTimeout(hardKill);
      resolve({ ...r, stdout, stderr, timedOut });
    };
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(bin, args, {
        env: opts.env ?? process.env,
        stdio: ['ignore', 'pipe', 'pipe'],
        shell: false,
      });
    } catch (e) {
      finish({ code: null, spawnError: (e as Error).message });
      return;
    }
    const partial = { out: '', err: '' };
    const feed = (which: 'out' | 'err', chunk: string): void => {
      if (which === 'out') {
        if (stdout.length < MAX_CAPTURE) stdout += chunk;
      } else {
        stderr += chunk;
        // Keep the tail of stderr: build logs can be long, and the end is what matters.
        if (stderr.length > MAX_CAPTURE) stderr = stderr.slice(-MAX_CAPTURE / 2);
      }
      if (!opts.onLine) return;
      const lines = (partial[which] + chunk).split(/\r?\n/);
      partial[which] = lines.pop() ?? '';
      for (const line of lines) opts.onLine(line);
    };
    child.stdout?.setEncoding('utf8');
    child.stderr?.setEncoding('utf8');
    child.stdout?.on('data', (c: string) => feed('out', c));
    child.stderr?.on('data', (c: string) => feed('err', c));
    child.on('error', (e) => finish({ code: null, spawnError: e.message }));
    child.on('close', (code) => {
      if (opts.onLine) {
        if (partial.out) opts.onLine(partial.out);
        if (partial.err) opts.onLine(partial.err);
      }
      finish({ code: timedOut ? null : code });
    });
    if (opts.timeoutMs !== undefined && opts.timeoutMs > 0) {
      killTimer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGTERM');
        hardKill = setTimeout(() => child.kill('SIGKILL'), 3000);
      }, opts.timeoutMs);
    }
  });
}

/** The last `n` non-empty lines of a log. */
export function tail(text: string, n: number): string {
  return text
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .slice(-n)
    .join('\n');
}

/** The line of a failed docker command that says why. */
export function firstLine(r: ExecResult): string {
  if (r.spawnError) return r.spawnError;
  if (r.timedOut) return 'timed out';
  const text = (r.stderr.trim() || r.stdout.trim()).split(/\r?\n/);
  return (text.find((l) => /error|unknown|missing|cannot|denied/i.test(l)) ?? text[0] ?? '')
    .trim()
    .slice(0, 200);
}

/** A run id: unique enough for names and labels on a shared daemon. */
export function newId(): string {
  return `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}
