// Runs on npm ci (postinstall): records which routes the server defines, read from its source.
const fs = require('fs');
const path = require('path');

const source = fs.readFileSync(path.join(__dirname, '..', 'server.js'), 'utf8');
const routes = [...source.matchAll(/app\.get\('([^']+)'/g)].map((m) => m[1]);
fs.writeFileSync(path.join(__dirname, '..', 'build-info.json'), JSON.stringify({ routes }) + '\n');
