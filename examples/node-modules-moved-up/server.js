const http = require('http');

// node_modules was moved one folder up, to /usr/src/node_modules.
const ms = require('ms');

const port = Number(process.env.PORT || 3000);

http
  .createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify({
        app: 'node-modules-moved-up',
        resolved: require.resolve('ms'),
        oneDay: ms('1d'),
      }) + '\n',
    );
  })
  .listen(port, () => console.log(`listening on ${port}`));
