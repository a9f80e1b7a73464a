// Spring Boot runs at start (mvn/./mvnw spring-boot:run, gradle/./gradlew bootRun), rewritten
// to package/bootJar in the builder and java -jar in the runtime (MSC187), and the runs that
// cannot be mapped exactly, which stay declined (MSC005) with the reason.
import { convert, MemoryContext } from '../../../src';

const bootPlugin = (conf = '') =>
  `<plugin><groupId>org.springframework.boot</groupId><artifactId>spring-boot-maven-plugin</artifactId>${conf}</plugin>`;
const pom = ({
  parent = '<parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>3.2.5</version></parent>',
  body = '',
  plugins = bootPlugin(),
  build = '',
} = {}) =>
  `<project><modelVersion>4.0.0</modelVersion>${parent}<artifactId>shop</artifactId><version>1.4.0</version>${body}<build>${build}<plugins>${plugins}</plugins></build></project>`;
const GRADLE = `plugins {\n    id 'java'\n    id 'org.springframework.boot' version '3.2.5'\n}\nversion = '2.0.1'\n`;
const SETTINGS = "rootProject.name = 'store'\n";

const mvnHead = 'FROM maven:3.9-eclipse-temurin-17\nWORKDIR /app\nCOPY . .\n';
const gradleHead = 'FROM gradle:8-jdk17\nWORKDIR /w\nCOPY . .\n';
const mvn = (files: Record<string, string> = {}) =>
  new MemoryContext({ 'pom.xml': pom(), 'src/main/java/A.java': 'class A {}\n', ...files });
const gradle = (files: Record<string, string> = {}) =>
  new MemoryContext({
    'build.gradle': GRADLE,
    'settings.gradle': SETTINGS,
    'src/main/java/A.java': 'class A {}\n',
    ...files,
  });

/** The builder's added line and the runtime's start lines. */
function rewritten(text: string, ctx: MemoryContext) {
  const r = convert(text, ctx);
  expect({ status: r.status, reason: r.reason }).toEqual({ status: 'converted', reason: null });
  const [builder, runtime] = r.output.split(/\n\nFROM /);
  return {
    added: builder
      .slice(text.length + ' AS builder'.length)
      .split('\n')
      .filter(Boolean),
    // (ENTRYPOINT [] clears the java entrypoint of a distroless image.)
    start: runtime.split('\n').filter((l) => /^(CMD|ENTRYPOINT) /.test(l) && l !== 'ENTRYPOINT []'),
    codes: r.warnings.map((w) => w.code),
    output: r.output,
  };
}

describe('Spring Boot run at start: rewritten (MSC187)', () => {
  it.each([
    [
      'mvn spring-boot:run, exec form: tests compiled and not run, as the run goal does',
      mvnHead + 'CMD ["mvn", "spring-boot:run"]\n',
      mvn(),
      ['RUN mvn -DskipTests package'],
      ['CMD ["java", "-jar", "target/shop-1.4.0.jar"]'],
    ],
    [
      "./mvnw with the start's options kept and the run settings handed to java",
      mvnHead +
        'CMD ["./mvnw", "-B", "-q", "-s", "settings.xml", "-P", "docker", "-o", "spring-boot:run", "-Dspring-boot.run.jvmArguments=-Xmx300m -Dfile.encoding=UTF-8", "-Dspring-boot.run.profiles=prod,eu", "-Dspring-boot.run.arguments=--server.port=9000 --a=b"]\n',
      mvn({ mvnw: '#!/bin/sh\nexec mvn "$@"\n', 'settings.xml': '<settings/>' }),
      ['RUN ./mvnw -B -q -s settings.xml -P docker -o -DskipTests package'],
      [
        'CMD ["java", "-Xmx300m", "-Dfile.encoding=UTF-8", "-jar", "target/shop-1.4.0.jar", "--spring.profiles.active=prod,eu", "--server.port=9000", "--a=b"]',
      ],
    ],
    [
      'a start that ran the tests keeps running them; clean kept',
      mvnHead + 'CMD mvn clean install spring-boot:run\n',
      mvn(),
      ['RUN mvn clean install'],
      ['CMD java -jar target/shop-1.4.0.jar'],
    ],
    [
      'a start that skipped test compilation keeps skipping it, once',
      mvnHead + 'CMD ["mvn", "-Dmaven.test.skip=true", "spring-boot:run"]\n',
      mvn(),
      ['RUN mvn -Dmaven.test.skip=true package'],
      ['CMD ["java", "-jar", "target/shop-1.4.0.jar"]'],
    ],
    [
      '-D with its value as the next word: kept as two words, tests skipped once',
      mvnHead +
        'CMD ["mvn", "-D", "skipTests", "spring-boot:run", "-D", "spring-boot.run.profiles=dev"]\n',
      mvn(),
      ['RUN mvn -D skipTests package'],
      ['CMD ["java", "-jar", "target/shop-1.4.0.jar", "--spring.profiles.active=dev"]'],
    ],
    [
      'finalName from a property, and a plugin without the starter parent but with repackage',
      mvnHead + 'ENTRYPOINT ["mvn", "spring-boot:run"]\n',
      mvn({
        'pom.xml': pom({
          parent: '',
          body: '<properties><app>shop-app</app></properties>',
          build: '<finalName>${app}</finalName>',
          plugins: bootPlugin(
            '<version>3.1.0</version><executions><execution><goals><goal>repackage</goal></goals></execution></executions>',
          ),
        }),
      }),
      ['RUN mvn -DskipTests package'],
      ['ENTRYPOINT ["java", "-jar", "target/shop-app.jar"]'],
    ],
    [
      'gradle bootRun: the bootJar archive, not the -plain.jar; --args handed to the app',
      gradleHead + 'CMD ["gradle", "bootRun", "--no-daemon", "--args=--server.port=8081 --x=y"]\n',
      gradle(),
      ['RUN gradle bootJar --no-daemon -x test'],
      ['CMD ["java", "-jar", "build/libs/store-2.0.1.jar", "--server.port=8081", "--x=y"]'],
    ],
    [
      './gradlew build bootRun runs the tests as the start did',
      gradleHead + 'CMD ./gradlew build bootRun --offline\n',
      gradle({ gradlew: '#!/bin/sh\nexec gradle "$@"\n' }),
      ['RUN ./gradlew build bootJar --offline'],
      ['CMD java -jar build/libs/store-2.0.1.jar'],
    ],
    [
      'Kotlin files, version from gradle.properties, a literal bootJar archive name',
      gradleHead + 'CMD ["gradle", "bootRun", "-x", "test"]\n',
      new MemoryContext({
        'build.gradle.kts':
          'plugins {\n    java\n    id("org.springframework.boot") version "3.3.0"\n}\ntasks.bootJar {\n    archiveFileName.set("app.jar")\n}\n',
        'settings.gradle.kts': 'rootProject.name = "store"\n',
        'gradle.properties': 'version=3.1\n',
      }),
      ['RUN gradle bootJar -x test'],
      ['CMD ["java", "-jar", "build/libs/app.jar"]'],
    ],
    [
      "an included project with no folder (include('app') left from gradle init): only the root has bootRun",
      gradleHead + 'ENTRYPOINT ["gradle", "bootRun"]\n',
      gradle({ 'settings.gradle': SETTINGS + "include('app')\n" }),
      ['RUN gradle bootJar -x test'],
      ['ENTRYPOINT ["java", "-jar", "build/libs/store-2.0.1.jar"]'],
    ],
    [
      'included libraries without the Spring Boot plugin (one only declares it, apply false); a commented include is no project',
      gradleHead + 'CMD ["gradle", "bootRun"]\n',
      gradle({
        'settings.gradle':
          SETTINGS +
          "include 'api',\n        ':libs:core'\n// include 'web'\n/* include('admin') */\n",
        'api/build.gradle': "plugins {\n    id 'java-library'\n}\n",
        'libs/build.gradle':
          "plugins {\n    id 'org.springframework.boot' version '3.2.5' apply false\n}\n",
        'libs/core/build.gradle': "apply plugin: 'java-library'\n",
        'web/build.gradle': "plugins {\n    id 'org.springframework.boot'\n}\n",
        'admin/build.gradle': "plugins {\n    id 'org.springframework.boot'\n}\n",
      }),
      ['RUN gradle bootJar -x test'],
      ['CMD ["java", "-jar", "build/libs/store-2.0.1.jar"]'],
    ],
    [
      'Kotlin settings with include("a", "b") and Kotlin build files in the subprojects',
      gradleHead + 'CMD ["gradle", "bootRun"]\n',
      new MemoryContext({
        'build.gradle': GRADLE,
        'settings.gradle.kts': 'rootProject.name = "store"\ninclude("model", "client")\n',
        'model/build.gradle.kts': 'plugins {\n    `java-library`\n}\n',
        'client/build.gradle.kts': 'plugins {\n    kotlin("jvm")\n}\n',
      }),
      ['RUN gradle bootJar -x test'],
      ['CMD ["java", "-jar", "build/libs/store-2.0.1.jar"]'],
    ],
  ])('%s', (_name, text, ctx, added, start) => {
    const r = rewritten(text, ctx);
    expect(r.added).toEqual(added);
    expect(r.start).toEqual(start);
    expect(r.codes[0]).toBe('MSC187');
    // The original lines stay, and the conversion is stable.
    expect(r.output.startsWith(text.replace(/^(FROM \S+)/, '$1 AS builder'))).toBe(true);
    expect(convert(r.output, ctx).status).toBe('unchanged');
  });
});

describe('Spring Boot run that cannot be mapped exactly: declined with MSC005 and the reason', () => {
  it.each([
    [
      'modules',
      mvn({ 'pom.xml': pom({ body: '<modules><module>api</module></modules>' }) }),
      'CMD ["mvn","spring-boot:run"]',
      'modules',
    ],
    [
      'a parent that is not the starter',
      mvn({
        'pom.xml': pom({
          parent:
            '<parent><groupId>com.acme</groupId><artifactId>base</artifactId><version>1</version></parent>',
        }),
      }),
      'CMD ["mvn","spring-boot:run"]',
      'inherits from base',
    ],
    [
      'no Spring Boot plugin',
      mvn({ 'pom.xml': pom({ plugins: '' }) }),
      'CMD ["mvn","spring-boot:run"]',
      'no spring-boot-maven-plugin',
    ],
    [
      'run configuration in the plugin',
      mvn({
        'pom.xml': pom({
          plugins: bootPlugin('<configuration><jvmArguments>-Xmx1g</jvmArguments></configuration>'),
        }),
      }),
      'CMD ["mvn","spring-boot:run"]',
      '<jvmArguments>',
    ],
    [
      'a classifier (another jar is the executable one)',
      mvn({
        'pom.xml': pom({
          plugins: bootPlugin('<configuration><classifier>exec</classifier></configuration>'),
        }),
      }),
      'CMD ["mvn","spring-boot:run"]',
      '<classifier>',
    ],
    [
      "Spring Boot 2.1: the run goal ran the app in Maven's JVM",
      mvn({
        'pom.xml': pom({
          parent:
            '<parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>2.1.4.RELEASE</version></parent>',
        }),
      }),
      'CMD ["mvn","spring-boot:run"]',
      'before 2.2',
    ],
    [
      'a profile that changes the build',
      mvn({
        'pom.xml': pom({
          body: '<profiles><profile><id>x</id><build><finalName>y</finalName></build></profile></profiles>',
        }),
      }),
      'CMD ["mvn","spring-boot:run"]',
      'profile',
    ],
    [
      "settings for the maven image's entrypoint",
      mvn(),
      'COPY settings.xml /usr/share/maven/ref/\nCMD ["mvn","spring-boot:run"]',
      '/usr/share/maven/ref',
    ],
    [
      'a Compose file that mounts the sources over the folder (a development environment)',
      mvn({
        'docker-compose.yml': 'services:\n  api:\n    build: .\n    volumes:\n      - .:/app\n',
      }),
      'CMD ["mvn","spring-boot:run"]',
      'mounts . over /app for the service api',
    ],
    [
      'a long-form bind mount inside the folder',
      gradle({
        'compose.yaml':
          'services:\n  api:\n    build: .\n    volumes:\n      - type: bind\n        source: ./src\n        target: /w/src\n',
      }),
      'CMD ["gradle","bootRun"]',
      'mounts ./src over /w/src',
    ],
    ['-f another pom', mvn(), 'CMD ["mvn","-f","api/pom.xml","spring-boot:run"]', '-f'],
    [
      'another run setting',
      mvn(),
      'CMD ["mvn","spring-boot:run","-Dspring-boot.run.fork=false"]',
      'spring-boot.run.fork',
    ],
    [
      'Boot 1 settings',
      mvn(),
      'CMD ["mvn","spring-boot:run","-Drun.profiles=prod"]',
      'run.profiles',
    ],
    [
      'quoted arguments',
      mvn(),
      `CMD ["mvn","spring-boot:run","-Dspring-boot.run.arguments='--a=b c'"]`,
      'no exact',
    ],
    [
      'a goal with side effects',
      mvn(),
      'CMD ["mvn","flyway:migrate","spring-boot:run"]',
      'flyway:migrate',
    ],
    ['a variable', mvn(), 'CMD mvn spring-boot:run -P$PROFILE', 'variables'],
    [
      'ENTRYPOINT and CMD',
      mvn(),
      'ENTRYPOINT ["mvn"]\nCMD ["spring-boot:run"]',
      'ENTRYPOINT and CMD',
    ],
    ['gradle --continuous', gradle(), 'CMD ["gradle","bootRun","--continuous"]', '--continuous'],
    [
      'bootRun configured in the build file',
      gradle({ 'build.gradle': GRADLE + "bootRun {\n    jvmArgs = ['-Xmx1g']\n}\n" }),
      'CMD ["gradle","bootRun"]',
      'configures the run',
    ],
    [
      'a subproject that gets the Spring Boot plugin from the root subprojects block',
      gradle({
        'settings.gradle': SETTINGS + "include 'api'\n",
        'build.gradle': GRADLE + "subprojects {\n    apply plugin: 'org.springframework.boot'\n}\n",
        'api/build.gradle': "plugins {\n    id 'java'\n}\n",
      }),
      'CMD ["gradle","bootRun"]',
      'settings.gradle includes other projects and the root build file configures them (subprojects {)',
    ],
    [
      'allprojects and configure() in the root build are read the same way',
      gradle({
        'settings.gradle': SETTINGS + "include 'api'\n",
        'build.gradle': GRADLE + 'configure(subprojects.findAll { it.name != "x" }) {}\n',
      }),
      'CMD ["gradle","bootRun"]',
      'the root build file configures them (configure(',
    ],
    [
      'an included build',
      gradle({ 'settings.gradle': SETTINGS + "includeBuild 'build-logic'\n" }),
      'CMD ["gradle","bootRun"]',
      'settings.gradle includes another build (includeBuild)',
    ],
    [
      "a project's folder moved in settings.gradle",
      gradle({
        'settings.gradle':
          SETTINGS + "include 'api'\nproject(':api').projectDir = file('services/api')\n",
      }),
      'CMD ["gradle","bootRun"]',
      "settings.gradle moves a project's folder (projectDir)",
    ],
    [
      'includes computed in settings.gradle',
      gradle({
        'settings.gradle': SETTINGS + "file('modules').eachDir { include it.name }\n",
      }),
      'CMD ["gradle","bootRun"]',
      'includes projects msconvert cannot read (`include it.name }`',
    ],
    [
      'settings.gradle that configures every project',
      gradle({
        'settings.gradle': SETTINGS + "gradle.beforeProject { p -> p.apply plugin: 'java' }\n",
      }),
      'CMD ["gradle","bootRun"]',
      'settings.gradle configures the projects (beforeProject)',
    ],
    [
      "a subproject's build file msconvert cannot read (a context it cannot list)",
      new MemoryContext(
        {
          'build.gradle': GRADLE,
          'settings.gradle': SETTINGS + "include 'api'\n",
          'src/main/java/A.java': 'class A {}\n',
        },
        false,
      ),
      'CMD ["gradle","bootRun"]',
      'msconvert cannot read /w/api/build.gradle (the build context is not known)',
    ],
    [
      'only a subproject applies Spring Boot: bootRun runs it in its own folder',
      gradle({
        'settings.gradle': SETTINGS + "include 'api'\n",
        'build.gradle':
          "plugins {\n    id 'org.springframework.boot' version '3.2.5' apply false\n}\n",
        'api/build.gradle': GRADLE,
      }),
      'CMD ["gradle","bootRun"]',
      'only the subproject :api applies the Spring Boot plugin, so gradle bootRun starts it in /w/api',
    ],
    [
      'the root and a parent project made by a nested include both apply Spring Boot',
      gradle({
        'settings.gradle': SETTINGS + "include ':services:api'\n",
        'services/build.gradle': "apply plugin: 'org.springframework.boot'\n",
      }),
      'CMD ["gradle","bootRun"]',
      'more than one project applies the Spring Boot plugin (:, :services)',
    ],
    [
      'a subproject whose plugins come from the version catalog',
      gradle({
        'settings.gradle': SETTINGS + "include 'api'\n",
        'api/build.gradle.kts': 'plugins {\n    alias(libs.plugins.boot)\n}\n',
      }),
      'CMD ["gradle","bootRun"]',
      '/w/api/build.gradle.kts applies plugins from the version catalog (alias)',
    ],
    [
      'a subproject that applies a plugin through a variable or a class',
      gradle({
        'settings.gradle': SETTINGS + "include 'api', 'web'\n",
        'api/build.gradle.kts': 'plugins {\n    java\n    id(Plugins.boot)\n}\n',
      }),
      'CMD ["gradle","bootRun"]',
      '/w/api/build.gradle.kts applies a plugin msconvert cannot name (`id(Plugins.boot)`)',
    ],
    [
      'the same with apply plugin: and a class',
      gradle({
        'settings.gradle': SETTINGS + "include 'api', 'web'\n",
        'web/build.gradle': "apply plugin: 'java'\napply plugin: WebConventions\n",
      }),
      'CMD ["gradle","bootRun"]',
      '/w/web/build.gradle applies a plugin msconvert cannot name (`apply plugin: WebConventions`)',
    ],
    [
      'a subproject that applies a script',
      gradle({
        'settings.gradle': SETTINGS + "include 'api'\n",
        'api/build.gradle': "apply from: '../boot.gradle'\n",
      }),
      'CMD ["gradle","bootRun"]',
      '/w/api/build.gradle applies a script (apply from)',
    ],
    [
      'a subproject with its own bootRun task',
      gradle({
        'settings.gradle': SETTINGS + "include 'tools'\n",
        'tools/build.gradle': "tasks.register('bootRun', JavaExec) {}\n",
      }),
      'CMD ["gradle","bootRun"]',
      '/w/tools/build.gradle defines or configures a bootRun or bootJar task',
    ],
    [
      'buildSrc beside included projects',
      gradle({
        'settings.gradle': SETTINGS + "include 'api'\n",
        'api/build.gradle': "plugins {\n    id 'acme.conventions'\n}\n",
        'buildSrc/build.gradle': "plugins {\n    id 'groovy-gradle-plugin'\n}\n",
      }),
      'CMD ["gradle","bootRun"]',
      'buildSrc may hold plugins that apply Spring Boot to the project :api',
    ],
    [
      'a computed version',
      gradle({ 'build.gradle': GRADLE.replace("version = '2.0.1'", 'version = "${major}.1"') }),
      'CMD ["gradle","bootRun"]',
      'computes its version',
    ],
    [
      'no rootProject.name',
      gradle({ 'settings.gradle': '' }),
      'CMD ["gradle","bootRun"]',
      'rootProject.name',
    ],
  ])('%s', (_name, ctx, start, why) => {
    const head = start.includes('gradle') ? gradleHead : mvnHead;
    const r = convert(`${head}${start}\n`, ctx);
    expect({ status: r.status, code: r.code }).toEqual({ status: 'declined', code: 'MSC005' });
    expect(r.reason).toContain(why);
  });

  it('a named volume or a mount elsewhere does not stop the rewrite', () => {
    const compose =
      'services:\n  api:\n    build: .\n    volumes:\n      - data:/app/data\n      - ./logs:/var/log/app\n  db:\n    image: postgres\n    volumes:\n      - .:/app\nvolumes:\n  data: {}\n';
    const r = convert(
      mvnHead + 'CMD ["mvn", "spring-boot:run"]\n',
      mvn({ 'compose.yaml': compose }),
    );
    expect(r.status).toBe('converted');
  });

  it('--keep-start declines as before, without the reason', () => {
    const text = mvnHead + 'CMD ["mvn", "spring-boot:run"]\n';
    expect(convert(text, mvn()).status).toBe('converted');
    const kept = convert(text, mvn(), { keepStart: true });
    expect(kept).toMatchObject({ status: 'declined', code: 'MSC005', output: text });
    expect(kept.reason).toContain('build the jar in a RUN step and start it with java -jar');
  });
});

describe('a wrapper script given to sh or bash (sh ./gradlew bootRun) is read as the wrapper', () => {
  // The first lines of the scripts Gradle and Maven write (gradle wrapper, mvn wrapper:wrapper).
  const GRADLEW =
    '#!/bin/sh\nCLASSPATH=$APP_HOME/gradle/wrapper/gradle-wrapper.jar\nexec "$JAVACMD" "$@" org.gradle.wrapper.GradleWrapperMain\n';
  const MVNW =
    '#!/bin/sh\n# Apache Maven Wrapper startup batch script\nwrapperUrl=.mvn/wrapper/maven-wrapper.properties\nexec "$JAVACMD" org.apache.maven.wrapper.MavenWrapperMain "$@"\n';
  // No RUN at all, as in tebukurokun/spring-mysql-demo: the start was the only build.
  const bare = (image: string) => `FROM ${image}\nWORKDIR /app\nCOPY . .\n`;

  it.each([
    [
      'sh ./gradlew bootRun, exec form: the build line keeps sh, so the mode of gradlew does not matter',
      bare('openjdk:17-jdk') + 'ENTRYPOINT ["sh", "./gradlew", "bootRun"]\n',
      gradle({ gradlew: GRADLEW }),
      ['RUN sh ./gradlew bootJar -x test'],
      ['ENTRYPOINT ["java", "-jar", "build/libs/store-2.0.1.jar"]'],
    ],
    [
      'sh gradlew (no ./): sh opens it from the working folder',
      bare('openjdk:17-jdk') + 'CMD ["sh", "gradlew", "--no-daemon", "bootRun"]\n',
      gradle({ gradlew: GRADLEW }),
      ['RUN sh gradlew --no-daemon bootJar -x test'],
      ['CMD ["java", "-jar", "build/libs/store-2.0.1.jar"]'],
    ],
    [
      'bash ./mvnw spring-boot:run, shell form',
      bare('eclipse-temurin:17-jdk') + 'CMD bash ./mvnw -B spring-boot:run\n',
      mvn({ mvnw: MVNW }),
      ['RUN bash ./mvnw -B -DskipTests package'],
      ['CMD java -jar target/shop-1.4.0.jar'],
    ],
  ])('%s', (_name, text, ctx, added, start) => {
    const r = rewritten(text, ctx);
    expect(r.added).toEqual(added);
    expect(r.start).toEqual(start);
    expect(r.codes[0]).toBe('MSC187');
    expect(convert(r.output, ctx).status).toBe('unchanged');
  });

  it('the warning says the wrapper now downloads the tool and the dependencies at build time', () => {
    const text = bare('openjdk:17-jdk') + 'ENTRYPOINT ["sh", "./gradlew", "bootRun"]\n';
    const [w] = convert(text, gradle({ gradlew: GRADLEW })).warnings;
    expect(w.message).toContain('ran `sh ./gradlew bootRun`');
    expect(w.message).toContain('the dependencies and Gradle itself');
    // A step that already ran the wrapper downloaded them in the original build.
    const fetched = text.replace('COPY . .\n', 'COPY . .\nRUN sh ./gradlew dependencies\n');
    const [v] = convert(fetched, gradle({ gradlew: GRADLEW })).warnings;
    expect(v.message).not.toContain('downloaded');
  });

  it('--keep-start declines, quoting the start as written', () => {
    const text = bare('openjdk:17-jdk') + 'ENTRYPOINT ["sh", "./gradlew", "bootRun"]\n';
    const r = convert(text, gradle({ gradlew: GRADLEW }), { keepStart: true });
    expect({ status: r.status, code: r.code }).toEqual({ status: 'declined', code: 'MSC005' });
    expect(r.reason).toContain('ENTRYPOINT runs `sh ./gradlew bootRun`, which builds and starts');
  });

  it.each([
    [
      'sh -c "./gradlew bootRun" stays a shell command line',
      'CMD ["sh", "-c", "./gradlew bootRun"]',
      { gradlew: GRADLEW },
      'MSC005',
      'sh is not mvn, ./mvnw, gradle or ./gradlew',
    ],
    [
      'sh ./start.sh stays a script, whatever it runs',
      'CMD ["sh", "./start.sh"]',
      { gradlew: GRADLEW, 'start.sh': './gradlew bootRun\n' },
      'MSC005',
      'script runs `./gradlew bootRun`',
    ],
    [
      "a gradlew that is not Gradle's wrapper stays a script msconvert does not read",
      'CMD ["sh", "./gradlew", "bootRun"]',
      { gradlew: '#!/bin/sh\n./build.sh && exec gradle "$@"\n' },
      'MSC006',
      'no Maven, Gradle, javac or jar build runs',
    ],
  ])('%s', (_name, start, files, code, why) => {
    const r = convert(`${bare('openjdk:17-jdk')}${start}\n`, gradle(files));
    expect({ status: r.status, code: r.code }).toEqual({ status: 'declined', code });
    expect(r.reason).toContain(why);
  });

  it('RUN sh ./gradlew bootJar is read as the Gradle build it is', () => {
    const text =
      bare('eclipse-temurin:17-jdk') +
      'RUN sh ./gradlew bootJar\nCMD ["java", "-jar", "build/libs/store-2.0.1.jar"]\n';
    const r = convert(text, gradle({ gradlew: GRADLEW }));
    expect(r.status).toBe('converted');
    expect(r.output).toContain(
      'COPY --from=builder /app/build/libs/store-2.0.1.jar /app/build/libs/store-2.0.1.jar',
    );
    // The same file under another name is no wrapper: no build is read.
    const other = text.replace(/gradlew/g, 'build-it');
    expect(convert(other, gradle({ 'build-it': GRADLEW })).code).toBe('MSC006');
  });
});
