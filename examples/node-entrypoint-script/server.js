const fs = require('fs');
const express = require('express');

const app = express();
const port = Number(process.env.PORT || 3000);

// Written by entrypoint.sh; missing if the entrypoint did not run.
const configFile = process.env.APP_CONFIG;
const config = configFile ? JSON.parse(fs.readFileSync(configFile, 'utf8')) : null;

app.get('/', (req, res) => {
  res.json({
    app: 'node-entrypoint-script',
    config,
    greetingEnv: process.env.GREETING || null,
  });
});

app.listen(port, () => console.log(`listening on ${port}`));
