// Heredocs, in Dockerfile instructions (`COPY <<EOT /etc/app.conf`, `RUN <<EOF`) and in the
// shell text they run (`cat > /etc/app.conf <<EOF`). Their bodies are file contents or
// scripts, never instruction words: read as words they would invent sources, destinations
// and commands.

export interface HeredocBody {
  /** The delimiter word (EOT); an inline file of COPY <<EOT is named after it. */
  name: string;
  body: string;
}

const OPENER = /<<(?!<)(-?)\s*(["']?)([A-Za-z_][\w.-]*)\2/g;

/**
 * Splits text into its command lines and the heredoc bodies that follow them, in order.
 * `head` keeps the lines that are not bodies (the opener words stay in them).
 */
export function splitHeredocs(text: string): { head: string; bodies: HeredocBody[] } {
  const lines = text.split(/\r?\n/);
  const head: string[] = [];
  const bodies: HeredocBody[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    head.push(line);
    for (const m of line.matchAll(OPENER)) {
      const strip = m[1] === '-';
      const name = m[3];
      const body: string[] = [];
      for (i++; i < lines.length; i++) {
        const l = strip ? lines[i].replace(/^\t+/, '') : lines[i];
        if (l === name) break;
        body.push(strip ? l : lines[i]);
      }
      bodies.push({ name, body: body.length ? `${body.join('\n')}\n` : '' });
    }
  }
  return { head: head.join('\n'), bodies };
}

/** A heredoc opener word (`<<EOF`, `<<-"EOT"`), and the delimiter it names. */
export function heredocName(word: string): string | null {
  const m = /^<<(?!<)-?\s*(["']?)([A-Za-z_][\w.-]*)\1$/.exec(word);
  return m ? m[2] : null;
}

/**
 * Files shell text writes from heredocs (`cat > /start.sh <<EOF`, `cat <<EOF > f`,
 * `tee f <<EOF`), with their content; a body that a bare shell runs (`RUN <<EOF`, `sh <<EOF`)
 * is a script, read in turn.
 */
export function heredocFiles(text: string, depth = 0): { target: string; content: string }[] {
  const out: { target: string; content: string }[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const openers = [...line.matchAll(OPENER)];
    if (openers.length === 0) continue;
    const bodies: string[] = [];
    for (const m of openers) {
      const strip = m[1] === '-';
      const body: string[] = [];
      for (i++; i < lines.length; i++) {
        const l = strip ? lines[i].replace(/^\t+/, '') : lines[i];
        if (l === m[3]) break;
        body.push(l);
      }
      bodies.push(body.length ? `${body.join('\n')}\n` : '');
    }
    const rest = line.replace(OPENER, ' ');
    const target =
      /(?:^|[\s;&|])\d?>>?\s*([\w./@+-]+)/.exec(rest)?.[1] ??
      /\btee\s+(?:-a\s+)?([\w./@+-]+)/.exec(rest)?.[1];
    if (target && openers.length === 1) out.push({ target, content: bodies[0] });
    else if (
      !target &&
      depth < 3 &&
      /^\s*(((\/usr)?\/bin\/)?(ba|da|a)?sh(\s+-[a-z]+)*)?\s*$/.test(rest)
    )
      for (const b of bodies) out.push(...heredocFiles(b, depth + 1));
  }
  return out;
}
