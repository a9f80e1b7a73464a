// Stand-in base images the lab (../shared/dockerlab) does not provide, built by the e2e suite
// from Debian packages when the daemon lacks them: each folder under test/e2e/standins/ has a
// Dockerfile and a standins.json naming the targets and the official tags they stand in for.
// Images that are already there are left alone (never rebuilt or removed by the tests).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, 'standins');

interface Standins {
  images: { target: string; tag: string }[];
}

/** Builds the missing stand-ins with `bin`; returns one line per image built or failed. */
export function ensureStandins(bin: string): string[] {
  const out: string[] = [];
  if (!fs.existsSync(ROOT)) return out;
  for (const name of fs.readdirSync(ROOT).sort()) {
    const dir = path.join(ROOT, name);
    const list = path.join(dir, 'standins.json');
    if (!fs.existsSync(list)) continue;
    const { images } = JSON.parse(fs.readFileSync(list, 'utf8')) as Standins;
    for (const { target, tag } of images) {
      const have = spawnSync(bin, ['image', 'inspect', tag], { stdio: 'ignore' });
      if (have.status === 0) continue;
      const b = spawnSync(bin, ['build', '--target', target, '-t', tag, dir], {
        encoding: 'utf8',
        env: { ...process.env, DOCKER_BUILDKIT: '1' },
        timeout: 15 * 60 * 1000,
      });
      out.push(
        b.status === 0
          ? `built stand-in ${tag} (${name}/${target})`
          : `stand-in ${tag} failed to build: ${(b.stderr ?? '').split('\n').slice(-5).join(' ')}`,
      );
    }
  }
  return out;
}
