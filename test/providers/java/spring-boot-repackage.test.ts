// The jar spring-boot-maven-plugin's repackage goal writes, as the start names it: a <finalName>
// in the plugin's configuration names it where the plugin version honours that, the jar the
// build wrote stays beside it, and a start naming it declines where the version, the execution
// or the name cannot be established.
import { convert, MemoryContext } from '../../../src';

const pom = (head: string, plugin: string, props = '') =>
  `<?xml version="1.0"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0">\n  <modelVersion>4.0.0</modelVersion>\n${head}\n${props}\n  <build><plugins><plugin>\n    <groupId>org.springframework.boot</groupId>\n    <artifactId>spring-boot-maven-plugin</artifactId>\n${plugin}\n  </plugin></plugins></build>\n</project>\n`;
const starter = (v: string) =>
  `  <parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>${v}</version><relativePath/></parent>`;
const FINAL = '<configuration><finalName>receiver</finalName></configuration>';
const EXEC =
  '<executions><execution><goals><goal>repackage</goal></goals></execution></executions>';
// PoMaHcKu/rabbit-mq-demo's receiver: the version is a property named like the model field.
const RABBIT = pom(
  `${starter('2.5.1')}\n  <groupId>com.rabbit.receiver</groupId>\n  <artifactId>receiver</artifactId>\n  <version>\${project.version}</version>`,
  FINAL,
  '<properties><project.version>1</project.version><java.version>11</java.version></properties>',
);
const head = (extra = '') =>
  `${extra}\n  <groupId>g</groupId>\n  <artifactId>receiver</artifactId>\n  <version>1</version>`;

const BUILD = '["mvn","clean","package","-Dmaven.test.skip=true"]';
const df = (jar: string, cmd = `ENTRYPOINT ["java","-jar","${jar}"]`, build = BUILD) =>
  `FROM maven:3.8.1-openjdk-17-slim\nRUN mkdir app\nCOPY pom.xml ./app/pom.xml\nCOPY src ./app/src\nWORKDIR app\nRUN ${build}\n${cmd}\n`;
const SRC = { 'src/main/java/a/App.java': 'package a; class App {}' };

describe('spring-boot-maven-plugin repackage names', () => {
  it.each(
    (
      [
        [
          'a literal <finalName> under spring-boot-starter-parent 2.5.1 (PoMaHcKu/rabbit-mq-demo)',
          RABBIT,
          'target/receiver.jar',
        ],
        ['the plain jar the build wrote, left beside it', RABBIT, 'target/receiver-1.jar'],
        [
          '1.5 (editable finalName, repackage under another name replaces the main artifact)',
          pom(head(starter('1.5.22.RELEASE')), FINAL),
          'target/receiver.jar',
        ],
        [
          '2.1.5: read-only, honoured again',
          pom(head(starter('2.1.5.RELEASE')), FINAL),
          'target/receiver.jar',
        ],
        [
          '3.x by the plugin version, no parent',
          pom(head(), `<version>3.2.5</version>${EXEC}${FINAL}`),
          'target/receiver.jar',
        ],
        [
          'the version in a property',
          pom(
            head(),
            `<version>\${boot}</version>${EXEC}${FINAL}`,
            '<properties><boot>3.3.0</boot></properties>',
          ),
          'target/receiver.jar',
        ],
        [
          'a classifier after it',
          pom(
            head(starter('2.7.18')),
            '<configuration><finalName>receiver</finalName><classifier>exec</classifier></configuration>',
          ),
          'target/receiver-exec.jar',
        ],
        [
          '1.2 with a classifier (attached beside the main artifact)',
          pom(
            head(),
            `<version>1.2.8.RELEASE</version>${EXEC}<configuration><finalName>receiver</finalName><classifier>exec</classifier></configuration>`,
          ),
          'target/receiver-exec.jar',
        ],
        [
          '<finalName> through a property',
          pom(
            head(starter('3.1.0')),
            '<configuration><finalName>${project.artifactId}-app</finalName></configuration>',
          ),
          'target/receiver-app.jar',
        ],
        [
          'in the repackage execution of the starter parent',
          pom(
            head(starter('3.1.0')),
            `<executions><execution><id>repackage</id>${FINAL}</execution></executions>`,
          ),
          'target/receiver.jar',
        ],
        [
          // The literal name holds whatever the project version: the start traces to it though the
          // build's own archive name is not known.
          'a literal <finalName> while the project version cannot be resolved',
          pom(
            `${starter('2.5.1')}\n  <artifactId>receiver</artifactId>\n  <version>\${project.version}</version>`,
            FINAL,
          ),
          'target/receiver.jar',
        ],
        [
          '2.1.4 ignores <finalName>: the build name, repackaged in place',
          pom(head(starter('2.1.4.RELEASE')), FINAL),
          'target/receiver-1.jar',
        ],
        [
          'two runs under one name: the second finds its target already repackaged',
          pom(
            head(starter('3.1.0')),
            `<executions><execution><id>second</id><goals><goal>repackage</goal></goals></execution></executions>${FINAL}`,
          ),
          'target/receiver.jar',
        ],
        [
          'spring-boot:repackage on the command line, no execution in the pom',
          pom(head(), `<version>3.2.5</version>${FINAL}`),
          'target/receiver.jar',
          'mvn package spring-boot:repackage',
        ],
      ] as [string, string, string, string?][]
    ).map(([name, pomText, jar, build]) => [name, pomText, jar, build ?? BUILD]),
  )('converts: %s', (_name, pomText, jar, build) => {
    const r = convert(df(jar, undefined, build), new MemoryContext({ 'pom.xml': pomText, ...SRC }));
    expect({ status: r.status, reason: r.reason }).toEqual({ status: 'converted', reason: null });
    expect(r.output).toContain(`COPY --from=builder /app/${jar} /app/${jar}\n`);
    expect(r.output.match(/COPY --from=builder/g)).toHaveLength(1);
  });

  it.each<[string, string, string, RegExp]>([
    [
      '2.1.4.RELEASE wrote the repackaged jar under the build name',
      pom(head(starter('2.1.4.RELEASE')), FINAL),
      'target/receiver.jar',
      /it writes receiver-1\.jar/,
    ],
    [
      'no version named (no starter parent, none on the plugin)',
      pom(head(), `${EXEC}${FINAL}`),
      'target/receiver.jar',
      /names no spring-boot-maven-plugin version/,
    ],
    [
      '1.2 under another name without a classifier fails the build',
      pom(head(), `<version>1.2.8.RELEASE</version>${EXEC}${FINAL}`),
      'target/receiver.jar',
      /fails the build/,
    ],
    [
      'a version newer than the sources read',
      pom(head(), `<version>5.0.0</version>${EXEC}${FINAL}`),
      'target/receiver.jar',
      /newer than the releases/,
    ],
    [
      'a parent msconvert cannot read decides whether repackage runs',
      pom(
        head(
          '  <parent><groupId>c</groupId><artifactId>corp-parent</artifactId><version>3</version></parent>',
        ),
        `<version>3.2.5</version>${FINAL}`,
      ),
      'target/receiver.jar',
      /depends on the parent corp-parent/,
    ],
    [
      'no parent, no execution: repackage never runs',
      pom(head(), `<version>3.2.5</version>${FINAL}`),
      'target/receiver.jar',
      /it writes receiver-1\.jar/,
    ],
    [
      "the starter's execution turned off (phase none)",
      pom(
        head(starter('3.1.0')),
        `<executions><execution><id>repackage</id><phase>none</phase></execution></executions>${FINAL}`,
      ),
      'target/receiver.jar',
      /it writes receiver-1\.jar/,
    ],
    [
      'repackage skipped',
      pom(
        head(starter('3.1.0')),
        '<configuration><finalName>receiver</finalName><skip>true</skip></configuration>',
      ),
      'target/receiver.jar',
      /it writes receiver-1\.jar/,
    ],
    [
      'a <finalName> through an undefined property',
      pom(head(starter('3.1.0')), '<configuration><finalName>${nope}</finalName></configuration>'),
      'target/receiver.jar',
      /\$\{nope\} is not defined/,
    ],
    [
      'a name the build does not write, beside an unresolved project version',
      pom(
        `${starter('2.5.1')}\n  <artifactId>receiver</artifactId>\n  <version>\${project.version}</version>`,
        FINAL,
      ),
      'target/other.jar',
      /defined only through itself/,
    ],
    [
      'a project.* property Maven 3 and 4 read differently',
      pom(
        head(starter('3.1.0')),
        '',
        '<properties><project.artifactId>x</project.artifactId></properties>',
      ),
      'target/receiver-1.jar',
      /Maven 4 reads the properties first/,
    ],
    [
      'two runs under different names: the second repackages the first one',
      pom(
        head(starter('3.1.0')),
        `<executions><execution><id>second</id><goals><goal>repackage</goal></goals>${FINAL}</execution></executions>`,
      ),
      'target/receiver.jar',
      /runs repackage 2 times under different names/,
    ],
    [
      'two runs under one name before 2.1',
      pom(
        head(starter('1.5.22.RELEASE')),
        `<executions><execution><id>second</id><goals><goal>repackage</goal></goals></execution></executions>${FINAL}`,
      ),
      'target/receiver.jar',
      /runs repackage 2 times/,
    ],
  ])('declines: %s', (_name, pomText, jar, why) => {
    const text = df(jar);
    const r = convert(text, new MemoryContext({ 'pom.xml': pomText, ...SRC }));
    expect({ status: r.status, code: r.code }).toEqual({ status: 'declined', code: 'MSC007' });
    expect(r.reason).toMatch(why);
    expect(r.output).toBe(text);
  });

  it('a glob over the folder declines: the plain jar and the repackaged one both match', () => {
    const text = df('', 'CMD java -jar target/*.jar');
    const r = convert(text, new MemoryContext({ 'pom.xml': RABBIT, ...SRC }));
    expect(r.code).toBe('MSC007');
    expect(r.reason).toMatch(/it matches receiver-1\.jar, receiver\.jar/);
  });

  it('a glob over a folder where the repackaged name is uncertain declines', () => {
    const text = df('', 'CMD java -jar target/*.jar');
    const r = convert(
      text,
      new MemoryContext({ 'pom.xml': pom(head(), `${EXEC}${FINAL}`), ...SRC }),
    );
    expect(r.code).toBe('MSC007');
    expect(r.reason).toMatch(/cannot show that it matches exactly one/);
  });
});
