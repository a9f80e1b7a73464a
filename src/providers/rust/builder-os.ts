// The builder's OS and release, read from its image reference: the runtime image must have
// the same glibc (Debian or Ubuntu release) or musl (Alpine release) the binary was built on.
import { tagAlpine, tagCodename, tagVersion, type ImageRef } from '../../analysis/image';
import { images } from '../../data';
import { data, type BuilderOs } from './types';

function versionBelow(v: number[], limit: number[]): boolean {
  for (let i = 0; i < limit.length; i++) {
    const a = v[i] ?? Infinity; // 1.71 means the newest 1.71.x
    if (a !== limit[i]) return a < limit[i];
  }
  return false;
}

const NONE: BuilderOs = { family: 'unknown', codename: null, alpine: null, ubuntuTag: null };

const debian = (codename: string): BuilderOs => ({ ...NONE, family: 'debian', codename });

function debianImageOs(tag: string | null, named: string | null): BuilderOs {
  if (named) return debian(named);
  if (!tag || /^(latest|stable)(-slim)?$/.test(tag)) return debian(data().latestCodename);
  const v = tagVersion(tag);
  const byNumber = Object.entries(images().debian.codenames).find(([, n]) => v && n === v[0]);
  return byNumber ? debian(byNumber[0]) : NONE;
}

function ubuntuImageOs(tag: string): BuilderOs {
  const names: Record<string, string> = { focal: '20.04', jammy: '22.04', noble: '24.04' };
  const version = names[tag.split('-')[0]] ?? /^\d\d\.\d\d/.exec(tag)?.[0];
  const codename = version ? data().ubuntuCodenames[version] : undefined;
  return codename ? { ...NONE, family: 'ubuntu', codename, ubuntuTag: tag } : NONE;
}

export function builderOs(image: ImageRef): BuilderOs {
  const tag = image.tag;
  const alpine = tagAlpine(tag);
  if (image.name === 'alpine')
    return { ...NONE, family: 'alpine', alpine: tag && tag !== 'latest' ? tag : '' };
  if (alpine !== null) return { ...NONE, family: 'alpine', alpine };
  const named = tagCodename(tag);
  if (image.name === 'rust') {
    if (named) return debian(named);
    const d = data();
    const v = tagVersion(tag);
    const hit = v ? d.debianByVersion.find((r) => versionBelow(v, r.below)) : undefined;
    return debian(hit ? hit.codename : d.latestCodename);
  }
  if (image.name === 'debian' || image.name === 'buildpack-deps') return debianImageOs(tag, named);
  if (image.name === 'ubuntu' && tag) return ubuntuImageOs(tag);
  return NONE;
}
