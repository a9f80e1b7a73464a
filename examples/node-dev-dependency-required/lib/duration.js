// ms is a devDependency here: a prune of devDependencies would make this require fail.
const ms = require('ms');

module.exports = (text) => ms(text);
