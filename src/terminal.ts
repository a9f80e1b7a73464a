// Text for people's terminals. Dockerfile text, file names and values from the build context
// reach stderr (and a diff on a terminal): an escape sequence in a CMD could set the terminal's
// title or hide lines, and a line break in a folder name would split a one-line error in two.
// Every control character is shown as an escape instead, as `git` and `ls` do.

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/g;

function shownAs(c: string): string {
  const n = c.charCodeAt(0);
  if (n === 10) return '\\n';
  if (n === 13) return '\\r';
  if (n === 27) return '\\e';
  return n < 0x100 ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16)}`;
}

/** One line of text with every control character (line breaks included) made visible. */
export function oneLine(text: string): string {
  return text.replace(CONTROL, shownAs);
}

/** Several lines, each made safe; the line breaks between them are kept. */
export function safeLines(text: string): string {
  return text
    .split('\n')
    .map((l) => oneLine(l.endsWith('\r') ? l.slice(0, -1) : l))
    .join('\n');
}

/** Whether a stream is a terminal that takes colour (not TERM=dumb, not NO_COLOR). */
export function colourTerminal(stream: NodeJS.WritableStream): boolean {
  return (
    Boolean((stream as NodeJS.WriteStream).isTTY) &&
    !process.env.NO_COLOR &&
    process.env.TERM !== 'dumb'
  );
}

/** Whether a stream is a terminal that understands cursor movement (for progress lines). */
export function smartTerminal(stream: NodeJS.WritableStream): boolean {
  return Boolean((stream as NodeJS.WriteStream).isTTY) && process.env.TERM !== 'dumb';
}
