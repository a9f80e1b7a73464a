const fs = require('fs');
const os = require('os');
const path = require('path');
const express = require('express');

const port = Number(process.env.PORT || 3000);
const stampFile = path.join(__dirname, 'started-by.txt');

// Fails with EACCES at startup unless the app folder is writable by the running user.
fs.writeFileSync(stampFile, `started by ${os.userInfo().username} (uid ${process.getuid()})\n`);

const app = express();

app.get('/', (req, res) => {
  res.json({
    app: 'node-user',
    user: os.userInfo().username,
    uid: process.getuid(),
    stamp: fs.readFileSync(stampFile, 'utf8').trim(),
  });
});

app.listen(port, () => console.log(`listening on ${port}`));
