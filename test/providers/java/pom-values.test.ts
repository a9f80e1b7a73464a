// ${...} in pom.xml resolved as Maven's model builder resolves it: Maven 3's source order
// (project.* model, -D, <properties>, system, model unprefixed; a value holding its own
// expression passed over), Maven 4's (-D and <properties> first), and a decline where the two
// disagree or Maven would fail.
import { resolvePom, type PomScope } from '../../../src/providers/java/pom-values';

const scope = (over: Partial<PomScope> = {}): PomScope => ({
  model: { artifactId: 'app', version: '1.0', groupId: 'g' },
  properties: {},
  user: {},
  basedir: '/src',
  ...over,
});

describe('resolvePom', () => {
  it.each<[string, string, Partial<PomScope>, string]>([
    ['plain text', 'app', {}, 'app'],
    ['the model under project.', '${project.artifactId}-${project.version}', {}, 'app-1.0'],
    ['the model under pom.', '${pom.version}', {}, '1.0'],
    [
      // <version>${project.version}</version> with a project.version property: Maven 3 passes
      // the model's value over (it holds the expression asked for) and takes the property.
      'a version that names itself, with the property defined',
      '${project.artifactId}-${project.version}',
      {
        model: { artifactId: 'receiver', version: '${project.version}' },
        properties: { 'project.version': '1' },
      },
      'receiver-1',
    ],
    [
      'a self-named version set by -D',
      '${project.version}',
      {
        model: { artifactId: 'a', version: '${project.version}' },
        user: { 'project.version': '7' },
      },
      '7',
    ],
    [
      'an unprefixed name: <properties> before the model',
      '${version}',
      { properties: { version: '2' } },
      '2',
    ],
    ['an unprefixed name the model alone has', '${artifactId}', {}, 'app'],
    ['-D before <properties>', '${n}', { properties: { n: 'a' }, user: { n: 'b' } }, 'b'],
    ['a property naming another', '${a}', { properties: { a: '${b}-x', b: 'y' } }, 'y-x'],
    ['basedir', '${project.basedir}/out', {}, '/src/out'],
    [
      'a JVM-looking name defined in <properties>',
      '${java.version}',
      { properties: { 'java.version': '11' } },
      '11',
    ],
  ])('%s', (_name, text, over, want) => {
    expect(resolvePom(text, scope(over))).toEqual({ value: want });
  });

  it.each<[string, string, Partial<PomScope>, RegExp]>([
    ['an undefined property', '${nope}', {}, /\$\{nope\} is not defined/],
    [
      'a version that names itself and nothing else defines',
      '${project.version}',
      { model: { version: '${project.version}' } },
      /defined only through itself/,
    ],
    ['two properties naming each other', '${a}', { properties: { a: '${b}', b: '${a}' } }, /cycle/],
    [
      'a project.* property beside a literal model value: Maven 3 takes the model, Maven 4 the property',
      '${project.artifactId}',
      { properties: { 'project.artifactId': 'other' } },
      /Maven 3 reads .* as app but Maven 4 .*\(other\)/,
    ],
    [
      '-Dproject.version beside a literal version',
      '${project.version}',
      { user: { 'project.version': '9' } },
      /Maven 4/,
    ],
    ['the build timestamp', '${maven.build.timestamp}', {}, /build time/],
    ['a JVM system property', '${java.version}', {}, /the JVM/],
    ['the environment', '${env.HOME}', {}, /environment/],
  ])('unresolved: %s', (_name, text, over, why) => {
    const r = resolvePom(text, scope(over));
    expect('why' in r && r.why).toMatch(why);
  });
});
