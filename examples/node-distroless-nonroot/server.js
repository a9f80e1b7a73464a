const http = require('http');
const ms = require('ms');

const port = Number(process.env.PORT || 3000);

const server = http.createServer((req, res) => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ app: 'node-distroless-nonroot', timeout: ms('2 days') }) + '\n');
});

server.listen(port, () => console.log(`listening on ${port}`));

for (const sig of ['SIGTERM', 'SIGINT']) {
  process.on(sig, () => server.close(() => process.exit(0)));
}

// The app writes its scratch files where its user may write.
require('fs').writeFileSync(require('os').tmpdir() + '/started', String(process.getuid()));
