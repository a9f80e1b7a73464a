/**
 * `npm test`: every suite that needs nothing beyond this repository and Node. The suites that
 * build and run images with a Docker daemon (test/e2e/, E2E below) are `npm run test:e2e`
 * (jest.e2e.config.js); without a daemon they skip and say why, under CI (CI set) they fail.
 *
 * testTimeout is a hang detector, not a speed check: suites that start the CLI dozens of
 * times (test/cli/filesystem.test.ts) or run thousands of generated files (test/fuzz.test.ts)
 * take many times longer on a loaded machine than alone, and a wall-clock limit made them
 * fail only there. Speed is measured as growth ratios (test/adversarial.test.ts) and in bench/.
 * @type {import('jest').Config}
 */
const E2E = ['/test/e2e/'];

module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', ...E2E],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testTimeout: 10 * 60 * 1000,
  reporters: ['default', '<rootDir>/test/skip-reporter.js'],
};
// For jest.e2e.config.js; not enumerable, so Jest does not take it for an option.
Object.defineProperty(module.exports, 'E2E', { value: E2E, enumerable: false });
