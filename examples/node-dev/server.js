const express = require('express');

const app = express();
const port = Number(process.env.PORT || 3000);

app.get('/', (req, res) => {
  res.json({
    app: 'node-dev',
    message: 'hello from a nodemon-watched server',
    port,
  });
});

app.listen(port, () => console.log(`listening on ${port}`));
