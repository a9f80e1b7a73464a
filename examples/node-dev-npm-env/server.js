const express = require('express');

const app = express();
const port = Number(process.env.PORT || 3000);

app.get('/', (req, res) => {
  res.json({
    app: 'node-dev-npm-env',
    message: 'hello from a nodemon-watched server',
    // npm run dev sets npm_lifecycle_event=dev; nodemon passes it on to the child.
    startedBy: process.env.npm_lifecycle_event || null,
  });
});

app.listen(port, () => console.log(`listening on ${port}`));
