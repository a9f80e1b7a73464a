// The Debian release of an official php or ruby tag that names none: where its version was
// last published (data/tag-releases.json), so that run-time package names fit the image.
import { tagRelease } from '../../src/analysis/tag-release';

describe('tagRelease', () => {
  it.each([
    ['php', '7.4-fpm', 'bullseye'],
    ['php', '7.4.3-apache', 'buster'],
    ['php', '8.0-apache', 'bullseye'],
    ['php', '7', 'bullseye'],
    ['php', '8.2-apache', 'trixie'],
    ['php', 'apache', 'trixie'],
    ['php', '8.2-apache-bookworm', 'bookworm'],
    ['ruby', '2.7.0', 'buster'],
    ['ruby', '2.7.0-slim', 'buster'],
    ['ruby', '3.0', 'bullseye'],
    ['ruby', '3.1', 'bookworm'],
    ['ruby', '3.3', 'trixie'],
    ['ruby', '3.2-slim-bullseye', 'bullseye'],
  ])('%s:%s -> %s', (image, tag, codename) => {
    expect(tagRelease(image, tag)).toBe(codename);
  });

  it.each([
    ['php', '9.9-apache'],
    ['php', '8.4.0RC1-apache'],
    ['golang', '1.22'],
  ])('%s:%s is not known', (image, tag) => {
    expect(tagRelease(image, tag)).toBeNull();
  });
});
