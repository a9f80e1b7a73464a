import http from 'http';
import { answer } from './routes/answer';

// The arguments after the script keep their meaning: `--greeting hello`.
const at = process.argv.indexOf('--greeting');
const greeting = at >= 0 ? process.argv[at + 1] : 'none';
const port = Number(process.env.PORT ?? 3000);

http
  .createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(answer(greeting, req.url ?? '/')) + '\n');
  })
  .listen(port, () => console.log(`listening on ${port}`));
