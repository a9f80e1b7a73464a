#!/usr/bin/env node
// Bundles the compiled CLI (dist/cli/index.js and everything it requires, dependencies included)
// into one file, dist/msconvert.js, which bin/msconvert.js loads. One file instead of ~60
// saves the module lookups and reads that are a quarter of msconvert's start-up
// (bench/startup.js). Modules required lazily stay lazy: esbuild evaluates each on first use.
// Without esbuild (a production install), the bin falls back to dist/cli/index.js.
'use strict';
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
let esbuild;
try {
  esbuild = require('esbuild');
} catch {
  process.stderr.write('msconvert: esbuild is not installed; the bin will use dist/cli/index.js\n');
  process.exit(0);
}
esbuild.buildSync({
  entryPoints: [path.join(ROOT, 'dist', 'cli', 'index.js')],
  outfile: path.join(ROOT, 'dist', 'msconvert.js'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  logLevel: 'warning',
  legalComments: 'eof',
  // Needed only for --help and mistakes (yargs), when a Compose file exists (yaml), or when a
  // pom.xml/.csproj (fast-xml-parser) or a TOML manifest (smol-toml) is read: left out of the
  // bundle, they are required from node_modules on the runs that use them. Each kilobyte in the
  // bundle is parsed on every start: with the XML and TOML readers inside, --version took 10%
  // longer than before them.
  external: ['yargs', 'yaml', 'fast-xml-parser', 'smol-toml'],
  minifyWhitespace: true,
  minifySyntax: true,
});
