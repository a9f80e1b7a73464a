// A Java build tool installed as an OS package (apt-get install maven) served the build only:
// the runtime starts the jar with java and must not install the tool (and its JDK) again.
import { convert, MemoryContext } from '../../../src';

const POM =
  '<project><modelVersion>4.0.0</modelVersion><groupId>g</groupId><artifactId>shop</artifactId><version>1.0</version><build><finalName>shop</finalName></build></project>';
const ctx = () => new MemoryContext({ 'pom.xml': POM, 'src/main/java/A.java': 'class A {}\n' });
const df = (install: string, tail = '') =>
  `FROM openjdk:17\nWORKDIR /app\nRUN apt-get update && apt-get install -y ${install}\nCOPY . .\nRUN mvn package\n${tail}CMD ["java", "-jar", "target/shop.jar"]\n`;

describe('Java build tools installed as OS packages', () => {
  it.each(['maven', 'maven=3.8.7-1', 'gradle', 'ant ant-optional'])(
    '%s stays in the builder',
    (install) => {
      const r = convert(df(install), ctx());
      expect(r.status).toBe('converted');
      const runtime = r.output.split(/\n\nFROM /)[1];
      expect(runtime).not.toMatch(/apt-get|maven|gradle|\bant\b/);
      expect(r.explanation?.notes.join('\n')).toContain(
        'only served the build and stays in the builder',
      );
    },
  );

  it('other packages the start needs still reach the runtime', () => {
    const r = convert(
      df('maven curl', 'HEALTHCHECK CMD curl -f http://localhost:8080/ || exit 1\n'),
      ctx(),
    );
    expect(r.status).toBe('converted');
    const runtime = r.output.split(/\n\nFROM /)[1];
    expect(runtime).toContain('apt-get install -y --no-install-recommends curl');
    expect(runtime).not.toContain('maven');
  });
});
