#!/usr/bin/env node
// `npm run prepare` (which npm runs after `npm ci`/`npm install` in a checkout, and when the
// package is installed from git): compile the TypeScript into dist/.
//
// A global install from git (`npm install -g git+...`, which is how pre-commit installs the
// msconvert hook) runs this without the devDependencies (npm/cli#8440: the preparation install
// inherits --global). Then TypeScript is missing here, so they are installed into this folder
// first, with the global settings taken out of the environment.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');

function tscPath() {
  try {
    return require.resolve('typescript/bin/tsc', { paths: [ROOT] });
  } catch {
    return null;
  }
}

function run(cmd, args, env = process.env) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: ['ignore', 2, 2], env });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

let tsc = tscPath();
if (!tsc || !fs.existsSync(path.join(ROOT, 'node_modules', '@types', 'node'))) {
  const env = { ...process.env };
  for (const k of Object.keys(env))
    if (/^npm_config_(global|prefix|location|omit|only|production)$/i.test(k)) delete env[k];
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const code = run(
    npm,
    [
      'install',
      '--global=false',
      '--include=dev',
      '--ignore-scripts',
      '--no-save',
      '--no-audit',
      '--no-fund',
    ],
    env,
  );
  if (code !== 0) process.exit(code);
  tsc = tscPath();
}
if (!tsc) {
  process.stderr.write('msconvert: cannot find TypeScript to build dist/\n');
  process.exit(1);
}
const built = run(process.execPath, [tsc, '-p', 'tsconfig.build.json']);
if (built !== 0) process.exit(built);
process.exit(run(process.execPath, [path.join(__dirname, 'bundle.js')]));
