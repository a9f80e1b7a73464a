// The official gradle image sets WORKDIR /home/gradle (data/images.json): a Dockerfile that
// builds there without a WORKDIR of its own builds under /home/gradle, not under /.
import { convert, MemoryContext } from '../../src';

const GRADLE =
  'plugins { id("org.springframework.boot") version "3.2.0" }\ntasks.bootJar {\n\tarchiveFileName.set("app.jar")\n}\n';

it('a gradle:* build without WORKDIR runs in /home/gradle', () => {
  const text =
    'FROM gradle:jdk17-alpine\nCOPY . .\nRUN gradle clean bootJar\nWORKDIR ./build/libs\nEXPOSE 8080\nENTRYPOINT ["java","-jar","app.jar"]\n';
  const r = convert(
    text,
    new MemoryContext({ 'build.gradle.kts': GRADLE, 'src/A.java': 'class A {}\n' }),
  );
  expect({ status: r.status, reason: r.reason }).toEqual({ status: 'converted', reason: null });
  expect(r.output).toContain(
    'COPY --from=builder /home/gradle/build/libs/app.jar /home/gradle/build/libs/app.jar\nWORKDIR /home/gradle/build/libs\n',
  );
});
