import http from 'http';
import { uptimeText } from './lib/uptime';

const port = Number(process.env.PORT ?? 3000);

http
  .createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ app: 'node-nodemon-ts-script', week: uptimeText(604800000) }) + '\n');
  })
  .listen(port, () => console.log(`listening on ${port}`));
