const express = require('express');

const app = express();
const port = Number(process.env.PORT || 3000);

app.get('/', (req, res) => {
  res.json({
    app: 'node-express',
    message: 'hello from express',
    express: require('express/package.json').version,
  });
});

app.get('/health', (req, res) => res.send('ok'));

app.listen(port, () => {
  console.log(`listening on ${port}`);
});
