const express = require('express');
const { greeting } = require('@demo/util');

const app = express();
const port = Number(process.env.PORT || 3000);

app.get('/', (req, res) => {
  res.json({ app: 'node-workspace-postinstall', message: greeting() });
});

app.get('/health', (req, res) => res.send('ok'));

app.listen(port, () => {
  console.log(`listening on ${port}`);
});
