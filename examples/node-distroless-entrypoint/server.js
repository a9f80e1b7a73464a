const http = require('http');
const ms = require('ms');

const port = Number(process.argv[process.argv.indexOf('--port') + 1] || 3000);

const server = http.createServer((req, res) => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ app: 'node-distroless-entrypoint', timeout: ms('2 days') }) + '\n');
});

server.listen(port, () => console.log(`listening on ${port}`));

for (const sig of ['SIGTERM', 'SIGINT']) {
  process.on(sig, () => server.close(() => process.exit(0)));
}
