const express = require('express');
const { shout } = require('@demo/util');

const app = express();
const port = Number(process.env.PORT || 3000);

app.get('/', (req, res) => {
  res.json({ app: 'node-workspaces', message: shout('hello from a workspace') });
});

app.get('/health', (req, res) => res.send('ok'));

app.listen(port, () => {
  console.log(`listening on ${port}`);
});
