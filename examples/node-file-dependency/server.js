const express = require('express');
const greeting = require('greeting');

const app = express();
const port = Number(process.env.PORT || 3000);

app.get('/', (req, res) => {
  res.json({ app: 'node-file-dependency', message: greeting('express') });
});

app.get('/health', (req, res) => res.send('ok'));

app.listen(port, () => {
  console.log(`listening on ${port}`);
});
