// A thin wrapper over the docker CLI for verify(): child_process.spawn, never a shell. It
// honours DOCKER_HOST (the environment is passed through) and picks a build command that
// works here:
//   1. `<docker> buildx build --load` when `<docker> buildx version` works;
//   2. `DOCKER_BUILDKIT=1 <docker> build`;
// for `docker` in PATH, then `/usr/bin/docker` (Debian's CLI 20.10 has BuildKit built in,
// while a newer CLI without the buildx plugin refuses DOCKER_BUILDKIT=1). MSCONVERT_DOCKER=path
// names the one CLI to use instead. A candidate counts as working only after it has built a
// one-line `FROM scratch` image.
//
// Every container and image a session creates carries the label msconvert.verify=<run id>
// and a unique name; cleanup() removes them, and nothing else is ever touched.
//
// The modules: exec.ts (running the CLI), detect.ts (which CLI and build command work),
// session.ts (one run's builds and containers, and their cleanup).
export { LABEL, exec, tail } from './exec';
export type { ExecOptions, ExecResult } from './exec';
export { available, availableSync } from './detect';
export type { Availability, Backend } from './detect';
export { buildError, DockerSession } from './session';
export type { BuildResult, ContainerState, ImageConfig, RunEnv } from './session';
