// Java provider table tests: what it matches (and must not), the artifact and runtime it
// picks, and what it declines.
import { convert, MemoryContext } from '../../../src';
import { detects as detectsWith } from '../../helpers';
import { javaProvider, jdkImage } from '../../../src/providers/java';

const pom = (body: string, extra = '') =>
  `<?xml version="1.0"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0">\n  <modelVersion>4.0.0</modelVersion>\n${body}\n${extra}</project>\n`;
const POM = pom(
  '  <groupId>com.example</groupId>\n  <artifactId>demo</artifactId>\n  <version>1.0.0</version>',
);
const SRC = { 'src/main/java/com/example/App.java': 'package com.example; class App {}' };
const GRADLE_BOOT = `plugins {\n  id 'java'\n  id 'org.springframework.boot' version '3.2.5'\n}\nversion = '0.1.0'\n`;

const detects = (dockerfile: string, files: Record<string, string> = {}): boolean =>
  detectsWith(javaProvider, dockerfile, files);

describe('java provider detection', () => {
  it.each([
    ['FROM maven:3.9-eclipse-temurin-17\nRUN mvn package\nCMD ["java","-jar","t.jar"]\n', true],
    ['FROM debian:12\nRUN ./gradlew build\nCMD ["java","-jar","t.jar"]\n', true],
    ['FROM eclipse-temurin:17-jre\nCOPY a.jar /a.jar\nCMD ["java","-jar","/a.jar"]\n', true],
    ['FROM tomcat:10-jdk17\nCOPY a.war /usr/local/tomcat/webapps/\n', true],
    ['FROM ubuntu:24.04\nRUN javac -d out Main.java\nCMD ["java","-cp","out","Main"]\n', true],
    ['FROM node:20\nRUN npm ci\nCMD ["node","x.js"]\n', false],
    ['FROM golang:1.22\nRUN go build -o /app .\nCMD ["/app"]\n', false],
    ['FROM python:3.12\nRUN pip install -r r.txt\nCMD ["python","app.py"]\n', false],
    [
      'FROM mcr.microsoft.com/dotnet/sdk:8.0\nRUN dotnet publish -o /o\nCMD ["dotnet","/o/A.dll"]\n',
      false,
    ],
    ['FROM debian:12\nRUN echo mvn gradle > /x\nCMD ["cat","/x"]\n', false],
    ['FROM nginx:1.27\nCOPY site /usr/share/nginx/html\n', false],
  ])('%j -> %s', (df, expected) => {
    expect(detects(df)).toBe(expected);
  });

  it('counts pom.xml in the context as evidence, not as enough on its own', () => {
    expect(detects('FROM debian:12\nCMD ["true"]\n', { 'pom.xml': POM })).toBe(false);
  });
});

describe('builder image -> JDK version and flavour', () => {
  it.each([
    ['eclipse-temurin', '17', '17', ''],
    ['eclipse-temurin', '17-jdk-jammy', '17', '-jammy'],
    ['eclipse-temurin', '17.0.9_9-jdk-jammy', '17.0.9_9', '-jammy'],
    ['eclipse-temurin', '21-jdk-alpine', '21', '-alpine'],
    ['eclipse-temurin', '8u392-b08-jdk', '8u392-b08', ''],
    ['openjdk', '17-jdk-slim', '17', ''],
    ['openjdk', '8-jdk-alpine', '8', '-alpine'],
    ['maven', '3.9.6-eclipse-temurin-21-alpine', '21', '-alpine'],
    ['maven', '3.8.5-openjdk-17', '17', ''],
    ['gradle', '8.5-jdk17-jammy', '17', '-jammy'],
    ['gradle', 'jdk11', '11', ''],
    ['tomcat', '10.1-jdk17-temurin-jammy', '17', '-temurin-jammy'],
  ])('%s:%s -> %s%s', (name, tag, version, flavour) => {
    const j = jdkImage(name, tag);
    expect(j?.version).toBe(version);
    expect(j?.flavour).toBe(flavour);
  });

  it.each([
    ['maven', '3.9'],
    ['gradle', '8'],
    ['eclipse-temurin', 'latest'],
    ['tomcat', '10'],
  ])('%s:%s has no known JDK version', (name, tag) => {
    expect(jdkImage(name, tag)?.major).toBeNull();
  });
});

interface Row {
  name: string;
  df: string;
  files: Record<string, string>;
  has: string[];
  lacks?: string[];
  runtime?: string;
  opts?: { runtime?: string };
}

const mvnDf = (cmd: string, from = 'maven:3.9-eclipse-temurin-17') =>
  `FROM ${from}\nWORKDIR /app\nCOPY . .\nRUN mvn -B package -DskipTests\nEXPOSE 8080\n${cmd}\n`;

describe('java conversions', () => {
  it.each<Row>([
    {
      name: 'artifactId-version from pom.xml',
      df: mvnDf('CMD ["java","-jar","target/demo-1.0.0.jar"]'),
      files: { 'pom.xml': POM, ...SRC },
      has: [
        'FROM gcr.io/distroless/java17-debian12\n',
        'WORKDIR /app\nENTRYPOINT []\n',
        'COPY --from=builder /app/target/demo-1.0.0.jar /app/target/demo-1.0.0.jar',
      ],
    },
    {
      name: 'finalName with a property, war packaging',
      df: mvnDf('CMD ["java","-jar","target/shop.war"]'),
      files: {
        'pom.xml': pom(
          '  <artifactId>shop</artifactId>\n  <version>2</version>\n  <packaging>war</packaging>\n  <properties><n>shop</n></properties>\n  <build><finalName>${n}</finalName></build>',
        ),
      },
      has: ['COPY --from=builder /app/target/shop.war /app/target/shop.war'],
    },
    {
      name: 'version inherited from the parent',
      df: mvnDf('CMD ["java","-jar","target/api-3.2.0.jar"]'),
      files: {
        'pom.xml': pom(
          '  <parent><groupId>g</groupId><artifactId>p</artifactId><version>3.2.0</version></parent>\n  <artifactId>api</artifactId>',
        ),
      },
      has: ['/app/target/api-3.2.0.jar'],
    },
    {
      name: 'multi-module build, module jar started',
      df: mvnDf('CMD ["java","-jar","server/target/server-1.0.jar"]'),
      files: {
        'pom.xml': pom(
          '  <artifactId>root</artifactId>\n  <version>1.0</version>\n  <packaging>pom</packaging>\n  <modules><module>server</module><module>lib</module></modules>',
        ),
        'server/pom.xml': pom(
          '  <parent><artifactId>root</artifactId><version>1.0</version></parent>\n  <artifactId>server</artifactId>',
        ),
        'lib/pom.xml': pom(
          '  <parent><artifactId>root</artifactId><version>1.0</version></parent>\n  <artifactId>lib</artifactId>',
        ),
      },
      has: [
        'COPY --from=builder /app/server/target/server-1.0.jar /app/server/target/server-1.0.jar',
      ],
      lacks: ['lib/target'],
    },
    {
      name: 'jar copied by a RUN step with a glob that matches one file',
      df: 'FROM eclipse-temurin:17-jdk\nWORKDIR /src\nCOPY . .\nRUN ./mvnw package && cp target/*.jar /app.jar\nCMD ["java","-jar","/app.jar"]\n',
      files: { 'pom.xml': POM, mvnw: '#!/bin/sh\n' },
      has: ['COPY --from=builder /app.jar /app.jar'],
      lacks: ['/src/target'],
    },
    {
      name: 'shell-form glob that matches exactly one jar',
      df: mvnDf('CMD java -jar target/*.jar'),
      files: { 'pom.xml': POM },
      has: [
        'COPY --from=builder /app/target/demo-1.0.0.jar /app/target/demo-1.0.0.jar',
        'CMD java -jar target/*.jar',
      ],
    },
    {
      name: 'Gradle: rootProject.name and version',
      df: 'FROM gradle:8-jdk21\nWORKDIR /home/gradle/src\nCOPY . .\nRUN gradle bootJar\nCMD ["java","-jar","build/libs/inv-0.1.0.jar"]\n',
      files: { 'settings.gradle': "rootProject.name = 'inv'\n", 'build.gradle': GRADLE_BOOT },
      has: [
        'FROM gcr.io/distroless/java21-debian12\n',
        '/home/gradle/src/build/libs/inv-0.1.0.jar',
      ],
    },
    {
      name: 'Gradle: no settings file, so the folder name; no version',
      df: 'FROM eclipse-temurin:17-jdk\nWORKDIR /opt/tool\nCOPY . .\nRUN ./gradlew jar\nCMD ["java","-jar","build/libs/tool.jar"]\n',
      files: { 'build.gradle': "plugins { id 'java' }\n", gradlew: '#!/bin/sh\n' },
      has: ['COPY --from=builder /opt/tool/build/libs/tool.jar /opt/tool/build/libs/tool.jar'],
    },
    {
      name: 'Gradle: the shadow plugin jar',
      df: 'FROM gradle:8-jdk17\nWORKDIR /w\nCOPY . .\nRUN gradle shadowJar\nCMD ["java","-jar","build/libs/cli-2.0-all.jar"]\n',
      files: {
        'settings.gradle': "rootProject.name = 'cli'\n",
        'build.gradle': "plugins { id 'com.gradleup.shadow' version '8.3.0' }\nversion = '2.0'\n",
      },
      has: ['/w/build/libs/cli-2.0-all.jar'],
    },
    {
      name: 'Gradle: installDist folder and its start script',
      df: 'FROM gradle:8-jdk17\nWORKDIR /w\nCOPY . .\nRUN gradle installDist\nCMD ["build/install/svc/bin/svc"]\n',
      files: {
        'settings.gradle': "rootProject.name = 'svc'\n",
        'build.gradle': "plugins { id 'application' }\n",
      },
      has: ['COPY --from=builder /w/build/install/svc /w/build/install/svc'],
    },
    {
      name: 'javac classes folder on the class path, with a library folder wildcard',
      df: 'FROM eclipse-temurin:17-jdk\nWORKDIR /app\nCOPY . .\nRUN javac -cp "lib/*" -d out $(find src -name "*.java")\nCMD ["java","-cp","out:lib/*","com.example.Main"]\n',
      files: { 'lib/dep.jar': 'x', 'src/com/example/Main.java': 'class Main {}' },
      has: ['COPY --from=builder /app/out /app/out', 'COPY --from=builder /app/lib /app/lib'],
    },
    {
      name: 'an agent downloaded by ADD is copied',
      df: 'FROM maven:3.9-eclipse-temurin-17\nWORKDIR /app\nCOPY . .\nRUN mvn package\nADD https://example.com/agent.jar /opt/agent.jar\nCMD ["java","-javaagent:/opt/agent.jar","-jar","target/demo-1.0.0.jar"]\n',
      files: { 'pom.xml': POM },
      has: ['COPY --from=builder /opt/agent.jar /opt/agent.jar'],
    },
    {
      name: 'exec-form CMD after a java ENTRYPOINT is its arguments',
      df: 'FROM maven:3.9-eclipse-temurin-17\nWORKDIR /app\nCOPY . .\nRUN mvn package\nENTRYPOINT ["java","-jar","target/demo-1.0.0.jar"]\nCMD ["--server.port=9090"]\n',
      files: { 'pom.xml': POM },
      has: ['CMD ["--server.port=9090"]', 'FROM gcr.io/distroless/java17-debian12'],
      // The original's own ENTRYPOINT replaces the image's `java -jar`.
      lacks: ['ENTRYPOINT []'],
    },
    {
      name: 'the gradle user comes with its user database',
      df: 'FROM gradle:8-jdk17\nWORKDIR /home/gradle/app\nCOPY --chown=gradle:gradle . .\nRUN gradle bootJar\nUSER gradle\nCMD ["java","-jar","build/libs/app-0.1.0.jar"]\n',
      files: { 'build.gradle': GRADLE_BOOT },
      has: ['COPY --from=builder /etc/passwd /etc/passwd', 'USER gradle'],
    },
    {
      name: 'the deprecated openjdk image maps to Temurin of the same major',
      df: mvnDf('CMD ["java","-jar","target/demo-1.0.0.jar"]', 'openjdk:11-jdk'),
      files: { 'pom.xml': POM },
      has: ['FROM eclipse-temurin:11-jre\n'],
    },
    {
      name: 'the full Temurin version and OS flavour are kept',
      df: mvnDf(
        'CMD ["java","-jar","target/demo-1.0.0.jar"]',
        'eclipse-temurin:17.0.9_9-jdk-jammy',
      ),
      files: { 'pom.xml': POM },
      has: ['FROM eclipse-temurin:17.0.9_9-jre-jammy\n'],
    },
    {
      name: 'Alpine stays Alpine',
      df: mvnDf(
        'CMD ["java","-jar","target/demo-1.0.0.jar"]',
        'maven:3.9-eclipse-temurin-21-alpine',
      ),
      files: { 'pom.xml': POM },
      has: ['FROM eclipse-temurin:21-jre-alpine\n'],
    },
    {
      name: 'Tomcat: webapps and the changed conf folder, on the JRE variant',
      df: 'FROM tomcat:10.1-jdk17-temurin-jammy\nWORKDIR /src\nCOPY . .\nRUN ./mvnw package && cp target/demo-1.0.0.war /usr/local/tomcat/webapps/ROOT.war\nCOPY server.xml /usr/local/tomcat/conf/server.xml\nCMD ["catalina.sh","run"]\n',
      files: {
        'pom.xml': pom(
          '  <artifactId>demo</artifactId>\n  <version>1.0.0</version>\n  <packaging>war</packaging>',
        ),
        'server.xml': '<Server/>',
        mvnw: '#!/bin/sh\n',
      },
      has: [
        'FROM tomcat:10.1-jre17-temurin-jammy\n',
        'COPY --from=builder /usr/local/tomcat/webapps /usr/local/tomcat/webapps',
        'COPY --from=builder /usr/local/tomcat/conf /usr/local/tomcat/conf',
      ],
    },
    {
      name: 'a JDK tool at run time keeps a JDK when the builder is Maven',
      df: mvnDf('HEALTHCHECK CMD jcmd 1 VM.uptime\nCMD ["java","-jar","target/demo-1.0.0.jar"]'),
      files: { 'pom.xml': POM },
      has: ['FROM eclipse-temurin:17-jdk\n'],
    },
    {
      name: 'a folder the source and application.properties open relative to the start folder comes along',
      df: mvnDf('CMD ["java","-jar","target/demo-1.0.0.jar"]'),
      files: {
        'pom.xml': POM,
        'src/main/java/com/example/Charts.java':
          'package com.example;\nimport java.io.File;\nclass Charts { File out(String id) { return new File("volumes/graphs/" + id + ".png"); } }\n',
        'src/main/resources/application.properties':
          'spring.datasource.url = jdbc:sqlite:volumes/sqlite.db\nspring.application.name=demo\n',
        'volumes/graphs/placeholder.txt': '',
        'notes/readme.txt': 'not named anywhere',
      },
      has: ['COPY --from=builder /app/volumes /app/volumes\n'],
      lacks: ['/app/notes', '/app/src', '/app/volumes/graphs /app/volumes/graphs'],
    },
    {
      name: 'strings that name no path the stage filled, and test sources, copy nothing more',
      df: mvnDf('CMD ["java","-jar","target/demo-1.0.0.jar"]'),
      files: {
        'pom.xml': POM,
        'src/main/java/com/example/App.java':
          'package com.example;\nclass App { String a = "src"; String b = "text/html"; String c = "/api/users"; String d = "${data.dir}/x"; }\n',
        'src/test/java/com/example/AppTest.java':
          'class AppTest { String f = "fixtures/one.json"; }\n',
        'fixtures/one.json': '{}',
      },
      has: [
        'COPY --from=builder /app/target/demo-1.0.0.jar /app/target/demo-1.0.0.jar\nWORKDIR /app\n',
      ],
      lacks: ['/app/fixtures', '/app/src'],
    },
    {
      name: 'a HEALTHCHECK with curl installs curl',
      df: mvnDf(
        'HEALTHCHECK CMD curl -f http://localhost:8080/ || exit 1\nCMD ["java","-jar","target/demo-1.0.0.jar"]',
      ),
      files: { 'pom.xml': POM },
      has: ['apt-get install -y --no-install-recommends curl'],
    },
  ])('$name', ({ df, files, has, lacks, opts }) => {
    const ctx = new MemoryContext(files);
    const r = convert(df, ctx, opts ?? {});
    expect(r.reason).toBeNull();
    expect(r.status).toBe('converted');
    expect(r.language).toBe('java');
    for (const h of has) expect(r.output).toContain(h);
    for (const l of lacks ?? []) expect(r.output.slice(df.length)).not.toContain(l);
    expect(r.output.startsWith(df.replace(/^(FROM \S+)/, '$1 AS builder'))).toBe(true);
    expect(convert(r.output, ctx).status).toBe('unchanged');
  });

  it.each([
    [
      'mvn spring-boot:run at start',
      mvnDf('CMD ["mvn","spring-boot:run"]'),
      { 'pom.xml': POM },
      'MSC005',
    ],
    ['./mvnw at start', mvnDf('CMD ./mvnw -q spring-boot:run'), { 'pom.xml': POM }, 'MSC005'],
    [
      'gradle bootRun at start',
      'FROM gradle:8-jdk17\nWORKDIR /w\nCOPY . .\nCMD ["gradle","bootRun"]\n',
      { 'build.gradle': GRADLE_BOOT },
      'MSC005',
    ],
    ['java source launcher', mvnDf('CMD ["java","src/Main.java"]'), { 'pom.xml': POM }, 'MSC005'],
    [
      'an artifact name the build does not write',
      mvnDf('CMD ["java","-jar","target/application.jar"]'),
      { 'pom.xml': POM },
      'MSC007',
    ],
    [
      'a glob in exec form',
      mvnDf('CMD ["java","-jar","target/*.jar"]'),
      { 'pom.xml': POM },
      'MSC007',
    ],
    [
      'a glob that matches two Gradle archives',
      'FROM gradle:8-jdk17\nWORKDIR /w\nCOPY . .\nRUN gradle build\nCMD java -jar build/libs/*.jar\n',
      { 'build.gradle': GRADLE_BOOT, 'settings.gradle': "rootProject.name='w'" },
      'MSC007',
    ],
    [
      'a glob over a jar the shade plugin doubles',
      mvnDf('CMD java -jar target/*.jar'),
      {
        'pom.xml': pom(
          '  <artifactId>demo</artifactId><version>1</version>',
          '<build><plugins><plugin><artifactId>maven-shade-plugin</artifactId></plugin></plugins></build>\n',
        ),
      },
      'MSC007',
    ],
    [
      'the jar name in a variable',
      mvnDf('ENV JAR=\nCMD java -jar $JAR'),
      { 'pom.xml': POM },
      'MSC007',
    ],
    [
      'a host-built jar, nothing built',
      'FROM eclipse-temurin:17-jdk\nCOPY target/app.jar /app.jar\nCMD ["java","-jar","/app.jar"]\n',
      {},
      'MSC006',
    ],
    [
      'a maven tag that does not name the JDK',
      mvnDf('CMD ["java","-jar","target/demo-1.0.0.jar"]', 'maven:3.9'),
      { 'pom.xml': POM },
      'MSC015',
    ],
    [
      'gradle image without WORKDIR: Gradle names the jar after /home/gradle, not the one CMD runs',
      'FROM gradle:8-jdk17\nCOPY . .\nRUN gradle bootJar\nCMD ["java","-jar","build/libs/x-0.1.0.jar"]\n',
      { 'build.gradle': GRADLE_BOOT },
      'MSC007',
    ],
    [
      'OS packages from microdnf',
      mvnDf('CMD ["java","-jar","target/demo-1.0.0.jar"]', 'openjdk:17').replace(
        'WORKDIR /app',
        'RUN microdnf install -y fontconfig\nWORKDIR /app',
      ),
      { 'pom.xml': POM },
      'MSC009',
    ],
    [
      'jcmd on a Temurin JDK builder gains nothing',
      mvnDf(
        'HEALTHCHECK CMD jcmd 1 VM.uptime\nCMD ["java","-jar","target/demo-1.0.0.jar"]',
        'eclipse-temurin:17-jdk',
      ).replace('mvn -B', './mvnw -B'),
      { 'pom.xml': POM },
      'MSC008',
    ],
    [
      'Tomcat with nothing deployed into webapps',
      'FROM tomcat:10-jdk17\nWORKDIR /src\nCOPY . .\nRUN ./mvnw package\nCMD ["catalina.sh","run"]\n',
      { 'pom.xml': POM },
      'MSC007',
    ],
    [
      '--runtime alpine for a glibc build',
      mvnDf('CMD ["java","-jar","target/demo-1.0.0.jar"]'),
      { 'pom.xml': POM },
      'MSC011',
    ],
  ])('declines: %s', (name, df, files, code) => {
    const ctx = new MemoryContext(files as Record<string, string>);
    const r = convert(df, ctx, name.startsWith('--runtime alpine') ? { runtime: 'alpine' } : {});
    expect(r.status).toBe('declined');
    expect(r.code).toBe(code);
    expect(r.reason).toMatch(/\w/);
    expect(r.output).toBe(df);
  });
});

describe('the gradle image works in /home/gradle (its WORKDIR)', () => {
  it('a build without WORKDIR converts, the jar copied from /home/gradle', () => {
    const df =
      'FROM gradle:8-jdk17\nCOPY . .\nRUN gradle bootJar\nCMD ["java","-jar","build/libs/gradle-0.1.0.jar"]\n';
    const r = convert(df, new MemoryContext({ 'build.gradle': GRADLE_BOOT }));
    expect({ status: r.status, reason: r.reason }).toEqual({ status: 'converted', reason: null });
    expect(r.output).toContain('/home/gradle/build/libs/gradle-0.1.0.jar');
  });
});
