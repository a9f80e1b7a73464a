// The leaner Java runtimes (src/providers/java/lean.ts, jlink.ts): which start gets a jlink
// runtime, distroless java or, as before, the JRE image; each row can fail either way.
import { convert, MemoryContext } from '../../../src';

const POM =
  '<?xml version="1.0"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0">\n  <modelVersion>4.0.0</modelVersion>\n  <groupId>com.example</groupId>\n  <artifactId>demo</artifactId>\n  <version>1.0.0</version>\n</project>\n';
const MAIN = 'package com.example;\npublic class Main { public static void main(String[] a) {} }\n';
const JAVAC =
  'FROM eclipse-temurin:17-jdk\nWORKDIR /app\nCOPY src ./src\nRUN javac -d classes src/com/example/*.java \\\n && jar --create --file app.jar --main-class com.example.Main -C classes .\n';
const mvn = (rest: string) =>
  `FROM maven:3.9-eclipse-temurin-17\nWORKDIR /app\nCOPY . .\nRUN mvn -B package\n${rest}`;

function runtimeStage(df: string, files: Record<string, string>, runtime?: string): string {
  const r = convert(df, new MemoryContext(files), runtime ? { runtime } : {});
  expect(r.status).toBe('converted');
  return r.output.slice(r.output.indexOf('\nFROM ') + 1);
}

const JRE = 'FROM eclipse-temurin:17-jre\n';
const DISTROLESS = 'FROM gcr.io/distroless/java17-debian12\n';
const JLINK = 'FROM builder AS jlink\n';

describe('which Java runtime', () => {
  it.each<[string, string, Record<string, string>, string, string[]?]>([
    [
      'exec-form java -jar of a framework build: distroless java, its java -jar entrypoint cleared',
      mvn('CMD ["java","-jar","target/demo-1.0.0.jar"]\n'),
      { 'pom.xml': POM },
      DISTROLESS,
      ['ENTRYPOINT []\nCMD ["java","-jar","target/demo-1.0.0.jar"]'],
    ],
    [
      'a classpath start with JVM options keeps its argv as written',
      mvn('CMD ["java","-Xmx256m","-cp","target/demo-1.0.0.jar","com.example.Main"]\n'),
      { 'pom.xml': POM },
      DISTROLESS,
      ['ENTRYPOINT []\nCMD ["java","-Xmx256m","-cp","target/demo-1.0.0.jar","com.example.Main"]'],
    ],
    [
      'shell-form CMD needs a shell: the JRE image',
      mvn('CMD java -jar target/demo-1.0.0.jar\n'),
      { 'pom.xml': POM },
      JRE,
    ],
    [
      'HEALTHCHECK with curl: the JRE image, curl installed',
      mvn(
        'HEALTHCHECK CMD ["curl","-f","http://localhost:8080/"]\nCMD ["java","-jar","target/demo-1.0.0.jar"]\n',
      ),
      { 'pom.xml': POM },
      JRE,
      ['curl'],
    ],
    [
      'an entrypoint script: the JRE image',
      mvn(
        'COPY run.sh /run.sh\nENTRYPOINT ["/run.sh"]\nCMD ["java","-jar","target/demo-1.0.0.jar"]\n',
      ),
      { 'pom.xml': POM, 'run.sh': '#!/bin/sh\nset -e\nexec "$@"\n' },
      JRE,
    ],
    [
      'OS packages the app uses: the JRE image',
      mvn(
        'RUN apt-get update && apt-get install -y --no-install-recommends fontconfig\nCMD ["java","-jar","target/demo-1.0.0.jar"]\n',
      ),
      { 'pom.xml': POM },
      JRE,
    ],
    [
      'java named by $JAVA_HOME: distroless java has java at /usr/bin only',
      mvn('CMD ["/opt/java/openjdk/bin/java","-jar","target/demo-1.0.0.jar"]\n'),
      { 'pom.xml': POM },
      JRE,
    ],
    [
      'plain javac/jar app: a jlink runtime where the JDK was',
      `${JAVAC}CMD ["java","-jar","/app/app.jar"]\n`,
      { 'src/com/example/Main.java': MAIN },
      JLINK,
      [
        '--multi-release 17 /app/app.jar)"',
        '--output "/jre$home"',
        'ln -s "$home" "/jre$JAVA_HOME"',
        'FROM debian:bookworm-slim\nCOPY --from=jlink /jre/ /\n',
        'ENV JAVA_HOME=/opt/java/openjdk PATH=/opt/java/openjdk/bin:$PATH\nCMD ["java","-jar","/app/app.jar"]',
      ],
    ],
    [
      'plain javac app started by shell form: jlink on debian slim keeps the shell',
      `${JAVAC}CMD java -cp classes com.example.Main "$X"\n`,
      { 'src/com/example/Main.java': MAIN },
      JLINK,
      ['--multi-release 17 /app/classes)"', 'CMD java -cp classes com.example.Main "$X"'],
    ],
    [
      'a source that loads classes by name: no jlink, distroless java',
      `${JAVAC}CMD ["java","-jar","/app/app.jar"]\n`,
      {
        'src/com/example/Main.java': MAIN.replace('{}', '{ Class.forName(a[0]); }'),
      },
      DISTROLESS,
    ],
    [
      'a library archive in the context: no jlink',
      `${JAVAC.replace('COPY src ./src', 'COPY . .')}CMD ["java","-jar","/app/app.jar"]\n`,
      { 'src/com/example/Main.java': MAIN, 'lib/dep.jar': 'x' },
      DISTROLESS,
    ],
    [
      'an agent on the start: no jlink',
      `${JAVAC}CMD ["java","-javaagent:/app/app.jar","-jar","/app/app.jar"]\n`,
      { 'src/com/example/Main.java': MAIN },
      DISTROLESS,
    ],
    [
      'JAVA_TOOL_OPTIONS in the environment: no jlink',
      `${JAVAC}ENV JAVA_TOOL_OPTIONS=-Dx=1\nCMD ["java","-jar","/app/app.jar"]\n`,
      { 'src/com/example/Main.java': MAIN },
      DISTROLESS,
    ],
    [
      'a pinned JDK build keeps its JRE (distroless has major tags only)',
      mvn('CMD ["java","-jar","target/demo-1.0.0.jar"]\n').replace(
        'maven:3.9-eclipse-temurin-17',
        'eclipse-temurin:17.0.9_9-jdk',
      ),
      { 'pom.xml': POM },
      'FROM eclipse-temurin:17.0.9_9-jre\n',
    ],
  ])('%s', (_name, df, files, from, has = []) => {
    const stage = runtimeStage(df, files);
    expect(stage.startsWith(from)).toBe(true);
    for (const h of has) expect(stage).toContain(h);
    if (from !== JLINK) expect(stage).not.toContain('jlink');
    if (from !== DISTROLESS) expect(stage).not.toContain('ENTRYPOINT []');
  });

  it('--runtime slim keeps the JRE image, --runtime distroless gives distroless java', () => {
    const df = `${JAVAC}CMD ["java","-jar","/app/app.jar"]\n`;
    const files = { 'src/com/example/Main.java': MAIN };
    expect(runtimeStage(df, files, 'slim').startsWith(JRE)).toBe(true);
    expect(runtimeStage(df, files, 'distroless').startsWith(DISTROLESS)).toBe(true);
  });

  it('a non-root builder user builds the jlink runtime as root', () => {
    const df = `${JAVAC}RUN useradd -m app\nUSER app\nCMD ["java","-jar","/app/app.jar"]\n`;
    const stage = runtimeStage(df, { 'src/com/example/Main.java': MAIN });
    expect(stage).toContain('FROM builder AS jlink\nUSER root\nRUN home=');
  });

  it('the explanation says why the chosen image won', () => {
    const r = convert(
      mvn('CMD ["java","-jar","target/demo-1.0.0.jar"]\n'),
      new MemoryContext({ 'pom.xml': POM }),
    );
    expect(JSON.stringify(r)).toContain('no jlink runtime, since Maven may bring libraries');
  });
});
