import http from 'http';
import ms from 'ms';

const port: number = Number(process.env.PORT ?? 3000);

interface Answer {
  app: string;
  runningSource: string;
  tsNode: boolean;
  oneDay: number;
}

const server = http.createServer((_req, res) => {
  const answer: Answer = {
    app: 'node-ts-node',
    // The .ts file itself is executing: ts-node compiles it in memory at startup.
    runningSource: __filename.split('/').slice(-2).join('/'),
    tsNode: Symbol.for('ts-node.register.instance') in process,
    oneDay: ms('1d'),
  };
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(answer) + '\n');
});

server.listen(port, () => console.log(`listening on ${port}`));
