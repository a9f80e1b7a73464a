const http = require('http');
const duration = require('./lib/duration');

const port = Number(process.env.PORT || 3000);

http
  .createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify({ app: 'node-dev-dependency-required', oneHour: duration('1h') }) + '\n',
    );
  })
  .listen(port, () => console.log(`listening on ${port}`));
