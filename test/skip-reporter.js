// Jest prints nothing of a test file whose tests all skip when it runs several files, so the
// reason a suite gives for skipping (no Docker daemon, no ../shared beside the clone) would be
// lost in `npm test` and `npm run test:e2e`: this reporter prints it after the file's turn.
class SkipReasons {
  onTestResult(_test, result) {
    if (!result.skipped || !result.console) return;
    for (const entry of result.console) process.stderr.write(`${entry.message}\n`);
  }
}
module.exports = SkipReasons;
