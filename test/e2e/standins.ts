// Stand-in base images the lab (../shared/dockerlab) does not provide, built by the e2e suite
// when the daemon lacks them: each folder under test/e2e/standins/ holds a Dockerfile whose
// targets stand in for official images, tagged under the official names the examples use.
// What each stand-in proves, and what it does not, is written in its Dockerfile.
import { spawnSync } from 'child_process';
import * as path from 'path';

interface StandIn {
  dir: string;
  target: string;
  tags: string[];
}

const STANDINS: StandIn[] = [
  { dir: 'ruby', target: 'slim', tags: ['ruby:3.1-slim', 'ruby:3.1-slim-bookworm'] },
  { dir: 'ruby', target: 'full', tags: ['ruby:3.1', 'ruby:3.1-bookworm'] },
];

const DOCKER = '/usr/bin/docker';

function present(tag: string): boolean {
  return spawnSync(DOCKER, ['image', 'inspect', tag], { stdio: 'ignore' }).status === 0;
}

/** Builds every stand-in whose tags are missing (in order: a later one may build on an earlier). */
export function ensureStandins(): void {
  for (const s of STANDINS) {
    if (s.tags.every(present)) continue;
    const args = ['build', '--target', s.target, ...s.tags.flatMap((t) => ['-t', t])];
    const r = spawnSync(DOCKER, [...args, path.join(__dirname, 'standins', s.dir)], {
      env: { ...process.env, DOCKER_BUILDKIT: '1' },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (r.status !== 0)
      throw new Error(
        `stand-in ${s.tags[0]} did not build:\n${(r.stderr || r.stdout).slice(-2000)}`,
      );
  }
}
