// ${...} in a pom.xml value, resolved the way Maven's model builder resolves it.
//
// Maven 3 (3.8 and 3.9: maven-model-builder AbstractStringBasedModelInterpolator, over
// plexus-interpolation's StringSearchInterpolator) asks, in order: basedir, the build
// timestamp, the model under `project.`/`pom.`, -D user properties, <properties>, system
// properties, the environment, the model unprefixed. A value that contains the very expression
// asked for is passed over for the next source (so <version>${project.version}</version> with a
// project.version property is the property), and an expression met again while resolving
// itself is a cycle, which fails the build.
//
// Maven 4 (DefaultModelInterpolator, since apache/maven#11385) asks -D and <properties> before
// the model. Where the two orders give different answers the name depends on the Maven that
// runs, so it is left unresolved with that reason.

export interface PomScope {
  /** The project's model fields by their name after `project.` (version, build.finalName...). */
  model: Record<string, string>;
  /** <properties>: the parent's, then the pom's own. */
  properties: Record<string, string>;
  /** -D definitions on the mvn command line. */
  user: Record<string, string>;
  basedir: string;
}

export type Resolved = { value: string } | { why: string };

const PREFIXES = ['project.', 'pom.'];
// Not knowable from the sources: the JVM's and Maven's own system properties, the environment.
const SYSTEM =
  /^(env\.|java\.|os\.|user\.|file\.|sun\.|jdk\.|maven\.|line\.separator$|path\.separator$)/;

type Source = (expr: string, scope: PomScope) => string | undefined | typeof UNKNOWN;
const UNKNOWN = Symbol('unknown');

const unprefix = (expr: string): string | null => {
  const p = PREFIXES.find((x) => expr.startsWith(x));
  return p ? expr.slice(p.length) : null;
};
const own = (o: Record<string, string>, k: string): string | undefined =>
  Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined;

const basedir: Source = (e, s) =>
  e === 'basedir' || unprefix(e) === 'basedir' ? s.basedir : undefined;
const timestamp: Source = (e) =>
  e === 'maven.build.timestamp' || e === 'build.timestamp' ? UNKNOWN : undefined;
const prefixedModel: Source = (e, s) => {
  const rest = unprefix(e);
  return rest === null ? undefined : own(s.model, rest);
};
const user: Source = (e, s) => own(s.user, e);
const properties: Source = (e, s) => own(s.properties, e);
const system: Source = (e) => (SYSTEM.test(e) ? UNKNOWN : undefined);
const model: Source = (e, s) => own(s.model, e);

const MAVEN3 = [basedir, timestamp, prefixedModel, user, properties, system, model];
const MAVEN4 = [basedir, timestamp, user, properties, prefixedModel, system, model];

function run(
  text: string,
  scope: PomScope,
  order: Source[],
  passOver: boolean,
  stack: string[],
): Resolved {
  let out = '';
  let at = 0;
  for (;;) {
    const start = text.indexOf('${', at);
    const end = start < 0 ? -1 : text.indexOf('}', start + 2);
    if (end < 0) return { value: out + text.slice(at) };
    out += text.slice(at, start);
    const whole = text.slice(start, end + 1);
    const expr = whole.slice(2, -1);
    const naked = unprefix(expr) ?? expr;
    if (stack.includes(naked))
      return { why: `${whole} refers to itself, which Maven rejects as a cycle` };
    let value: string | undefined;
    let passed = false;
    for (const source of order) {
      const v = source(expr, scope);
      if (v === UNKNOWN)
        return {
          why: `${whole} is not in pom.xml: Maven takes it from the build time, the JVM or the environment`,
        };
      if (v === undefined) continue;
      if (passOver && v.includes(whole)) {
        passed = true;
        continue;
      }
      value = v;
      break;
    }
    if (value === undefined)
      return {
        why: passed
          ? `${whole} is defined only through itself, which Maven rejects as a cycle`
          : `${whole} is not defined in pom.xml or on the command line`,
      };
    const inner = run(value, scope, order, passOver, [...stack, naked]);
    if ('why' in inner) return inner;
    out += inner.value;
    at = end + 1;
  }
}

/** The value Maven 3 and Maven 4 both give a pom text, or why there is none. */
export function resolvePom(text: string, scope: PomScope): Resolved {
  if (!text.includes('${')) return { value: text };
  const m3 = run(text, scope, MAVEN3, true, []);
  if ('why' in m3) return m3;
  const m4 = run(text, scope, MAVEN4, false, []);
  if ('why' in m4 || m4.value !== m3.value)
    return {
      why: `Maven 3 reads ${text} as ${m3.value} but Maven 4 reads the properties first${'value' in m4 ? ` (${m4.value})` : ''}`,
    };
  return m3;
}

/** resolvePom's value, or null. */
export function resolvedOrNull(text: string, scope: PomScope): string | null {
  const r = resolvePom(text, scope);
  return 'value' in r ? r.value : null;
}
