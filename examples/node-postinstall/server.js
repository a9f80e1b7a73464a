const express = require('express');
const info = require('./build-info.json');

const app = express();
const port = Number(process.env.PORT || 3000);

app.get('/', (req, res) => {
  res.json({ app: 'node-postinstall', message: 'hello from express', routes: info.routes });
});

app.get('/health', (req, res) => res.send('ok'));

app.listen(port, () => {
  console.log(`listening on ${port}`);
});
