// `npm run test:e2e`: the suites in test/e2e/, which build and run images with a Docker daemon:
// the examples end to end (examples.test.ts), the --cache and .dockerignore conversions built
// and compared (cache.test.ts, dockerignore.test.ts), msconvert's own image (image.test.ts) and
// --verify from the command line (verify-cli.test.ts). Without a daemon they skip and say why; under
// CI (CI set) they fail. .ci/run starts the Docker lab and runs them after `npm test`.
const base = require('./jest.config');
const { E2E } = base;

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testPathIgnorePatterns: ['/node_modules/'],
  testMatch: E2E.map((folder) => `<rootDir>${folder}**/*.test.ts`),
  testTimeout: 30 * 60 * 1000,
};
