// Context files the provider table tests share: a Go module with a main package, a
// package.json and a package-lock.json.
import { MemoryContext } from '../../src';

export const GO_MAIN =
  'package main\n\nimport "net/http"\n\nfunc main() { http.ListenAndServe(":8080", nil) }\n';
export const GO_MOD = 'module example.com/shop/api\n\ngo 1.19\n';

export const goCtx = (extra: Record<string, string> = {}) =>
  new MemoryContext({ 'go.mod': GO_MOD, 'main.go': GO_MAIN, ...extra });

export const pkg = (extra: object = {}) =>
  JSON.stringify({
    name: 'app',
    scripts: { start: 'node server.js', build: 'tsc' },
    dependencies: { express: '^4' },
    devDependencies: { typescript: '^5' },
    ...extra,
  });

/** A package-lock.json (v3) with these packages besides the app's own. */
export const lock = (packages: Record<string, object>) =>
  JSON.stringify({
    lockfileVersion: 3,
    packages: Object.fromEntries([
      ['', { name: 'app' }],
      ['node_modules/express', {}],
      ...Object.entries(packages).map(([k, v]) => [`node_modules/${k}`, v]),
    ]),
  });
