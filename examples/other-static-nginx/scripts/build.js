// A stand-in for a front-end bundler: writes the single-page app into build/.
const fs = require('fs');
const path = require('path');

const out = path.join(__dirname, '..', 'build');
fs.mkdirSync(out, { recursive: true });
const html = fs.readFileSync(path.join(__dirname, '..', 'src', 'index.html'), 'utf8');
fs.writeFileSync(path.join(out, 'index.html'), html.replace('%BUILD%', 'production'));
console.log('built', path.relative(process.cwd(), out));
