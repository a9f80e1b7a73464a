// The builder image: JDK major version, OS flavour, family, read from its name and tag.
import type { JdkImage } from './types';

export const OS_FLAVOURS = ['focal', 'jammy', 'noble', 'alpine', 'ubi9-minimal', 'ubi10-minimal'];

export function flavourOf(rest: string): { flavour: string; known: boolean } {
  if (rest === '') return { flavour: '', known: true };
  const parts = rest.split('-').filter(Boolean);
  const joined = parts.join('-');
  if (OS_FLAVOURS.includes(joined)) return { flavour: `-${joined}`, known: true };
  if (parts.includes('alpine') || parts.some((p) => /^alpine\d/.test(p)))
    return { flavour: '-alpine', known: true };
  for (const f of ['focal', 'jammy', 'noble'])
    if (parts.includes(f)) return { flavour: `-${f}`, known: true };
  return { flavour: '', known: false };
}

export function jdkImage(name: string, tag: string | null): JdkImage | null {
  const t = tag ?? 'latest';
  const base = { jre: false, osChange: null as string | null };
  if (name === 'eclipse-temurin') {
    const m = /^(\d+)((?:u\d+)?(?:[.\d_+]*)?(?:-b\d+)?)(?:-(jdk|jre))?(?:-(.+))?$/.exec(t);
    if (!m)
      return { ...base, family: 'temurin', version: null, major: null, flavour: '', alpine: false };
    const f = flavourOf(m[4] ?? '');
    return {
      ...base,
      family: 'temurin',
      version: m[1] + (m[2] ?? ''),
      major: Number(m[1]),
      flavour: f.flavour,
      alpine: f.flavour === '-alpine',
      jre: m[3] === 'jre',
      osChange: f.known ? null : `the builder's ${m[4]} variant`,
    };
  }
  if (name === 'openjdk') {
    const m = /^(\d+)(?:u\d+)?(?:[.\d]*)?(?:-ea[\w.+-]*?)?(?:-(jdk|jre))?(?:-(.+))?$/.exec(t);
    if (!m)
      return { ...base, family: 'openjdk', version: null, major: null, flavour: '', alpine: false };
    const rest = m[3] ?? '';
    const alpine = /alpine/.test(rest);
    const major = Number(m[1]);
    return {
      ...base,
      family: 'openjdk',
      version: String(major),
      major,
      flavour: alpine ? '-alpine' : '',
      alpine,
      jre: m[2] === 'jre',
      osChange: alpine
        ? null
        : /slim|buster|bullseye|bookworm/.test(rest) || major < 12
          ? 'Debian (openjdk images) to Ubuntu (Temurin)'
          : 'Oracle Linux (openjdk images) to Ubuntu (Temurin)',
    };
  }
  if (name === 'maven') {
    const m =
      /-(eclipse-temurin|openjdk|jdk|amazoncorretto|sapmachine|ibm-semeru|ibmjava|graalvm-community|graalvm-ce|microsoft-openjdk|oracle|liberica)-(\d+)(?:-(.+))?$/.exec(
        t,
      );
    if (!m)
      return { ...base, family: 'maven', version: null, major: null, flavour: '', alpine: false };
    const f = flavourOf(m[3] ?? '');
    const temurin = m[1] === 'eclipse-temurin';
    const alpine = f.flavour === '-alpine';
    return {
      ...base,
      family: 'maven',
      version: m[2],
      major: Number(m[2]),
      flavour: temurin || alpine ? f.flavour : '',
      alpine,
      osChange:
        temurin && f.known
          ? null
          : alpine
            ? null
            : `the ${m[1]} flavour of the maven image to Temurin on Ubuntu`,
    };
  }
  if (name === 'gradle') {
    const m = /(?:^|-)jdk(\d+)(?:-(.+))?$/.exec(t);
    if (!m)
      return { ...base, family: 'gradle', version: null, major: null, flavour: '', alpine: false };
    const f = flavourOf(m[2] ?? '');
    return {
      ...base,
      family: 'gradle',
      version: m[1],
      major: Number(m[1]),
      flavour: f.flavour,
      alpine: f.flavour === '-alpine',
      osChange: f.known ? null : `the ${m[2]} flavour of the gradle image to Temurin on Ubuntu`,
    };
  }
  if (name === 'tomcat') {
    const m = /^(\d+(?:\.\d+)*(?:-M\d+)?)-(jdk|jre)(\d+)(-.+)?$/.exec(t);
    if (!m)
      return { ...base, family: 'tomcat', version: null, major: null, flavour: '', alpine: false };
    return {
      ...base,
      family: 'tomcat',
      version: m[3],
      major: Number(m[3]),
      flavour: m[4] ?? '',
      alpine: false,
      tomcat: m[1],
      jre: m[2] === 'jre',
    };
  }
  return null;
}
