const express = require('express');

const app = express();
const port = Number(process.env.PORT || 3000);
let healthChecks = 0;

app.get('/', (req, res) => {
  res.json({ app: 'node-healthcheck', message: 'hello' });
});

// Hit by the Dockerfile HEALTHCHECK (curl). The counter lets a test see that the check really ran.
app.get('/health', (req, res) => {
  healthChecks += 1;
  res.json({ status: 'ok', healthChecks });
});

app.listen(port, () => console.log(`listening on ${port}`));
