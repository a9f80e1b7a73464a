#!/usr/bin/env node
'use strict';
// dist/msconvert.js is the bundled CLI (npm run build); dist/cli/index.js the same code unbundled.
const fs = require('fs');
const path = require('path');
const bundle = path.join(__dirname, '..', 'dist', 'msconvert.js');
require(fs.existsSync(bundle) ? bundle : '../dist/cli/index.js')
  .main(process.argv.slice(2))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`msconvert: internal error: ${err && err.stack ? err.stack : err}\n`);
      process.exitCode = 2;
    },
  );
