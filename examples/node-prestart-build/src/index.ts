import express from 'express';
import { items } from './items';

const app = express();
const port = Number(process.env.PORT ?? 3000);

app.get('/items', (_req, res) => {
  // The file node runs: npm start runs dist/index.js after tsc, and so must the rewritten start.
  res.json({ app: 'node-prestart-build', items: items(), entry: process.argv[1] });
});

app.listen(port, () => console.log(`listening on ${port}`));
