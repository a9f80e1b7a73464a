// `npm run test:e2e`: the suites that build and run images with a Docker daemon: the examples
// end to end (test/e2e.test.ts), the --cache and .dockerignore conversions built and compared
// (test/cache-e2e.test.ts, test/dockerignore-e2e.test.ts), msconvert's own image (test/image.test.ts) and --verify from
// the command line (test/cli/verify-cli.test.ts). Without a daemon they skip and say why; under
// CI (CI set) they fail. .ci/run starts the Docker lab and runs them after `npm test`.
const base = require('./jest.config');
const { E2E } = base;

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testPathIgnorePatterns: ['/node_modules/'],
  testRegex: E2E.map((p) => p.replace(/^\//, '')),
  testMatch: undefined,
  testTimeout: 30 * 60 * 1000,
};
