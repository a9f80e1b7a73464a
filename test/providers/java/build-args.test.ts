// The mvn and gradle argument readers: which pom.xml and project folder a call builds, its
// goals or tasks, and its -D definitions, whichever spelling of an option was used.
import type { Command } from '../../../src/analysis/stage';
import { readGradle } from '../../../src/providers/java/gradle';
import { readMaven } from '../../../src/providers/java/maven';

const cmd = (line: string, cwd = '/app'): Command => ({
  argv: line.split(' '),
  env: {},
  dynamic: false,
  cwd,
  vars: {},
});

describe('mvn arguments', () => {
  it('reads goals past options that take a value', () => {
    const m = readMaven(cmd('mvn -B -s settings.xml -pl api -am clean package'));
    expect(m?.goals).toEqual(['clean', 'package']);
    expect(m?.pom).toBe('/app/pom.xml');
  });

  it('reads -D glued, separate and long, the last definition winning', () => {
    const m = readMaven(cmd('mvn -Dskip -Dv=1 -D v=2 --define name=a=b package'));
    expect(m?.defines).toEqual({ skip: 'true', v: '2', name: 'a=b' });
    expect(m?.goals).toEqual(['package']);
  });

  it('finds the pom from -f, --file= and a folder', () => {
    expect(readMaven(cmd('mvn -f api/pom.xml package'))?.pom).toBe('/app/api/pom.xml');
    expect(readMaven(cmd('mvn --file=api package'))?.pom).toBe('/app/api/pom.xml');
    expect(readMaven(cmd('mvn -f a.xml --file b package'))?.pom).toBe('/app/b/pom.xml');
  });

  it('is not mvn', () => {
    expect(readMaven(cmd('gradle build'))).toBeNull();
  });
});

describe('gradle arguments', () => {
  it('reads tasks past options that take a value', () => {
    const g = readGradle(cmd('./gradlew -x test --console plain -Dorg.gradle.x=1 bootJar'));
    expect(g).toEqual({ dir: '/app', tasks: ['bootJar'] });
  });

  it('takes the project folder from the last -p or --project-dir', () => {
    expect(readGradle(cmd('gradle -p svc build'))?.dir).toBe('/app/svc');
    expect(readGradle(cmd('gradle --project-dir=svc build'))?.dir).toBe('/app/svc');
    expect(readGradle(cmd('gradle --project-dir a -p b build'))?.dir).toBe('/app/b');
  });
});
