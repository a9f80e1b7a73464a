import express, { Request, Response } from 'express';
import { greeting } from './greeting';

const app = express();
const port: number = Number(process.env.PORT ?? 3000);

app.get('/', (_req: Request, res: Response) => {
  res.json(greeting());
});

app.listen(port, () => {
  console.log(`listening on ${port}`);
});
