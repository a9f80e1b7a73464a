// Paths the build itself creates outside what it copies from the context: folders from
// mkdir, files from touch, shell redirects, tee, cp/mv/install, ln -s, curl -o and wget -O,
// files edited in place (sed -i), heredoc files (COPY <<EOT /etc/app.conf) and configuration
// COPYs under /etc. A runtime stage that leaves them behind starts without the folder or file
// the original had; for an edited file, with the file as its package installs it again (an
// ImageMagick policy.xml that refuses the EPS the builder's sed allowed).
import * as path from 'path';
import { commandName } from '../shell';
import { operands as operandsOf } from './operands';
import type { ImageFiles } from './files';
import type { Command, StageModel } from './stage';

export interface MadePath {
  path: string;
  /** How it was made, for the explanation. */
  how: string;
  /** mkdir (a folder that may stay empty), as opposed to a file written with content. */
  folder: boolean;
}

/** Credentials and tool settings of the build, which the running app does not read. */
const BUILD_SECRETS =
  /(^|\/)(\.npmrc|\.yarnrc(\.yml)?|\.netrc|\.pypirc|\.gitconfig|\.git-credentials|\.ssh|\.docker|\.gnupg|\.m2|\.gradle|\.cargo\/credentials(\.toml)?|pip\.conf)(\/|$)/;

/** Files the container engine manages at run time, or devices: writing them is not making them. */
const ENGINE =
  /^\/(dev|proc|sys|run)(\/|$)|^\/etc\/(hosts|hostname|resolv\.conf|mtab)$|^\/etc\/(apt|apk|dpkg|yum\.repos\.d)(\/|$)/;

function clean(word: string): string | null {
  if (!word || /[$*?{`<>|&;()~]/.test(word) || word.startsWith('-')) return null;
  return word;
}

/** The files `sed -i` edits: its operands after the script (unless -e or -f gives it). */
function sedInPlace(argv: readonly string[]): string[] {
  const words = argv.slice(1);
  if (!words.some((a) => /^-[a-zA-Z]*i/.test(a) || /^--in-place(=|$)/.test(a))) return [];
  const operands: string[] = [];
  let script = false;
  for (let i = 0; i < words.length; i++) {
    const a = words[i];
    if (/^\d?>>?/.test(a)) {
      if (/^\d?>>?$/.test(a)) i++;
      continue;
    }
    if (['-e', '-f', '--expression', '--file'].includes(a)) {
      script = true;
      i++;
    } else if (/^--(expression|file)=/.test(a) || /^-[a-zA-Z]*[ef]./.test(a)) script = true;
    else if (a === '-l' || a === '--line-length') i++;
    else if (!a.startsWith('-')) operands.push(a);
  }
  return script ? operands : operands.slice(1);
}

/** Where one command writes, as absolute paths (the redirect `>` words stay in argv). */
function writes(c: Command): { path: string; how: string; folder: boolean; dirDest?: boolean }[] {
  const out: { path: string; how: string; folder: boolean; dirDest?: boolean }[] = [];
  const abs = (w: string) => path.posix.resolve(c.cwd, w);
  const argv = c.argv;
  // Redirects: `cmd > file`, `cmd >>file`, `cmd 1> file`.
  for (let i = 0; i < argv.length; i++) {
    const m = /^\d?>>?(.*)$/.exec(argv[i]);
    if (!m || m[1].startsWith('&')) continue;
    const target = clean(m[1] || argv[i + 1] || '');
    if (target) out.push({ path: abs(target), how: 'written by a redirect', folder: false });
  }
  const tool = commandName(argv[0]);
  const operands = operandsOf(argv);
  const flagValue = (...names: string[]): string | null => {
    for (let i = 1; i < argv.length; i++) {
      for (const n of names) {
        if (argv[i] === n) return argv[i + 1] ?? null;
        if (n.startsWith('--') && argv[i].startsWith(`${n}=`)) return argv[i].slice(n.length + 1);
      }
    }
    return null;
  };
  switch (tool) {
    case 'mkdir':
      for (const o of operands) {
        const w = clean(o);
        if (w) out.push({ path: abs(w), how: 'made by mkdir', folder: true });
      }
      break;
    case 'touch':
    case 'tee':
      for (const o of operands) {
        const w = clean(o);
        if (w) out.push({ path: abs(w), how: `written by ${tool}`, folder: false });
      }
      break;
    case 'cp':
    case 'mv':
    case 'install':
    case 'ln': {
      if (tool === 'install' && argv.includes('-d')) {
        for (const o of operands) {
          const w = clean(o);
          if (w) out.push({ path: abs(w), how: 'made by install -d', folder: true });
        }
        break;
      }
      if (tool === 'ln' && !argv.some((a) => /^-[a-zA-Z]*s/.test(a))) break;
      const target = argv.includes('-t') ? flagValue('-t') : operands[operands.length - 1];
      const srcs = argv.includes('-t') ? operands : operands.slice(0, -1);
      const w = target ? clean(target) : null;
      if (!w || srcs.length === 0) break;
      const intoDir = w.endsWith('/') || srcs.length > 1 || argv.includes('-t');
      for (const s of srcs) {
        const src = clean(s);
        if (!src) continue;
        out.push({
          path: intoDir ? path.posix.join(abs(w), path.posix.basename(src)) : abs(w),
          how: `made by ${tool}`,
          folder: false,
          dirDest: !intoDir,
        });
      }
      break;
    }
    case 'sed':
      for (const o of sedInPlace(argv)) {
        const w = clean(o);
        if (w) out.push({ path: abs(w), how: 'edited in place by sed', folder: false });
      }
      break;
    case 'update-ca-certificates':
      // The CA bundle now trusts the certificates the build added (a company CA).
      out.push({
        path: '/etc/ssl/certs/ca-certificates.crt',
        how: 'regenerated by update-ca-certificates',
        folder: false,
      });
      break;
    case 'curl':
    case 'wget': {
      const o =
        tool === 'curl' ? flagValue('-o', '--output') : flagValue('-O', '--output-document');
      const w = o ? clean(o) : null;
      if (w && w !== '-') out.push({ path: abs(w), how: `downloaded by ${tool}`, folder: false });
      break;
    }
  }
  return out;
}

/** Every path the stage made, in build order (a later word about the same path is kept once). */
export function madePaths(model: StageModel, files: ImageFiles): MadePath[] {
  const out: MadePath[] = [];
  const add = (p: string, how: string, folder: boolean) => {
    const n = path.posix.normalize(p);
    if (n === '/' || ENGINE.test(n) || BUILD_SECRETS.test(n)) return;
    if (!out.some((o) => o.path === n)) out.push({ path: n, how, folder });
  };
  for (const r of model.runs) {
    // What a RUN writes into its own mounts (--mount=type=cache,target=...) is not kept.
    const mounts = r.ins.flags
      .filter((f) => f.name === 'mount')
      .map((f) => /(?:^|,)(?:target|dst|destination)=([^,]+)/.exec(f.value ?? '')?.[1])
      .filter((t): t is string => !!t)
      .map((t) => path.posix.resolve(r.workdir, t));
    for (const c of r.commands) {
      // A path removed again (rm -rf /tmp/build) is not there to copy.
      if (commandName(c.argv[0]) === 'rm') {
        for (const a of c.argv.slice(1)) {
          if (a.startsWith('-') || /[$*?{`]/.test(a)) continue;
          const gone = path.posix.resolve(c.cwd, a);
          for (let i = out.length - 1; i >= 0; i--)
            if (out[i].path === gone || out[i].path.startsWith(`${gone}/`)) out.splice(i, 1);
        }
      }
      for (const w of writes(c)) {
        // `cp -r conf /etc/app` into a folder that exists puts conf inside it; into a system
        // folder it surely exists, so the copy is the file inside.
        let p = w.path;
        const src = c.argv[c.argv.length - 2];
        if (
          w.dirDest &&
          src &&
          /^\/(usr|usr\/local|etc|opt|srv|var|home)?(\/(bin|sbin|lib|share))?$/.test(p)
        )
          p = path.posix.join(p, path.posix.basename(src));
        if (mounts.some((m) => p === m || p.startsWith(`${m}/`))) continue;
        // Links and copies into the OS's own program folders (ln -s python3 /usr/bin/python)
        // point at the builder's system files; /usr/local is the image's own.
        if (/^made by (cp|mv|install|ln)/.test(w.how) && /^\/(usr\/)?(s?bin|lib|lib64)\//.test(p))
          continue;
        add(p, w.how, w.folder);
      }
    }
  }
  for (const f of files.inlineFiles())
    if (f.step.keyword !== 'RUN') add(f.path, `written by a ${f.step.keyword} heredoc`, false);
  // Configuration the stage copied from the context into /etc is read at run time.
  for (const t of files.targets())
    if (/^\/etc\/./.test(t)) add(t, 'configuration copied into /etc', false);
  return out;
}
