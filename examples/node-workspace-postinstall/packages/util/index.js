const fs = require('fs');
const path = require('path');

// Written by this package's postinstall script during npm ci.
exports.greeting = () => fs.readFileSync(path.join(__dirname, 'greeting.txt'), 'utf8');
