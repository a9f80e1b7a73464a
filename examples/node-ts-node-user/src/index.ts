import http from 'http';
import ms from 'ms';

const port: number = Number(process.env.PORT ?? 3000);

interface Answer {
  app: string;
  oneDay: number;
  uid: number;
}

const server = http.createServer((_req, res) => {
  const answer: Answer = {
    app: 'node-ts-node-user',
    uid: process.getuid ? process.getuid() : -1,
    // ms is a dependency and its types a devDependency: tsc needs both, node only the first.
    oneDay: ms('1d'),
  };
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(answer) + '\n');
});

server.listen(port, () => console.log(`listening on ${port}`));
