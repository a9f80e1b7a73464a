// The php image: its variant (apache, fpm, cli, zts), OS release, and the runtime candidate,
// which is the builder's own image: PHP, its extensions' ABI, the web server and the
// entrypoint are the same only on the same tag.
import { tagAlpine, tagCodename, type ImageRef } from '../../analysis/image';
import { tagRelease } from '../../analysis/tag-release';
import type { StageModel } from '../../analysis/stage';
import type { RuntimeCandidate } from '../contract';
import { phpData, type PhpImage, type Variant } from './types';

export function isPhpImage(image: ImageRef): boolean {
  return phpData().images.includes(image.name) && !image.repository.includes('.');
}

export function readPhpImage(model: StageModel): PhpImage {
  const d = phpData();
  const tag = model.image.tag ?? 'latest';
  const words = tag.split('-');
  const variant: Variant = d.variants.find((v) => words.includes(v)) ?? 'cli';
  const alpine = tagAlpine(tag) !== null;
  const named = tagCodename(tag);
  const published = alpine ? null : tagRelease('php', tag);
  // FROM php:${PHP_VERSION}-apache keeps its variables when every one is a global ARG, so the
  // runtime follows a --build-arg the same way the builder does.
  const raw = model.image.raw;
  const vars = [...raw.matchAll(/\$\{?([A-Za-z_]\w*)/g)].map((m) => m[1]);
  const runtime =
    vars.length > 0 && vars.every((v) => model.globalArgNames.has(v)) ? raw : model.image.resolved;
  return {
    variant,
    alpine,
    // php:7.4-fpm is bullseye for good: its version stopped being built there.
    codename: alpine ? null : (named ?? published ?? d.defaultCodename),
    codenamePinned: named !== null,
    codenamePublished: named === null && published !== null,
    runtime,
  };
}

export function runtimeCandidate(img: PhpImage): RuntimeCandidate {
  const d = phpData();
  const commands = [
    ...d.commands.all,
    ...(img.alpine ? [] : d.commands.debian),
    ...(img.variant === 'apache' ? d.commands.apache : []),
    ...(img.variant === 'fpm' ? d.commands.fpm : []),
  ];
  return {
    image: img.runtime,
    facts: {
      image: img.runtime,
      shell: d.runtime.shell,
      libc: img.alpine ? 'musl' : 'glibc',
      packageManager: img.alpine ? 'apk' : 'apt',
      ships: img.alpine ? d.runtime.ships : [...d.runtime.ships, ...d.runtime.shipsDebian],
      users: d.runtime.users,
      path: d.runtime.path,
      workdir: d.workdir[img.variant],
      sizeMB: d.runtime.sizeMB[img.alpine ? 'alpine' : img.variant],
    },
    why: `the builder's own image: the same PHP build, extension ABI and ${img.variant === 'apache' ? 'Apache' : img.variant === 'fpm' ? 'PHP-FPM' : 'PHP command line'}, without what the build added`,
    commands,
  };
}
