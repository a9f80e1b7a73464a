const fs = require('fs');
const path = require('path');
const express = require('express');

const app = express();
const port = Number(process.env.PORT || 3000);

// pnpm's layout: node_modules/express is a symlink into node_modules/.pnpm/.
const expressDir = path.join(__dirname, 'node_modules', 'express');

app.get('/', (req, res) => {
  res.json({
    app: 'node-pnpm',
    message: 'hello from pnpm',
    expressIsSymlink: fs.lstatSync(expressDir).isSymbolicLink(),
    expressRealPath: path.relative(__dirname, fs.realpathSync(expressDir)),
  });
});

app.listen(port, () => console.log(`listening on ${port}`));
