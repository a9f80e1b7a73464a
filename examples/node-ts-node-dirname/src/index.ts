import fs from 'fs';
import http from 'http';
import path from 'path';

const port = Number(process.env.PORT ?? 3000);
// The page sits next to the source: from dist/index.js, __dirname would be dist/, which has no views.
const page = fs.readFileSync(path.join(__dirname, 'views', 'index.html'), 'utf8');

http
  .createServer((_req, res) => res.end(page))
  .listen(port, () => console.log(`listening on ${port}`));
