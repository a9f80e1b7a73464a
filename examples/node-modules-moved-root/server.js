const http = require('http');

// /usr/local/app/node_modules was moved away: "ms" is found at the root, in /node_modules.
const ms = require('ms');

const port = Number(process.env.PORT || 3000);

http
  .createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify({
        app: 'node-modules-moved-root',
        resolved: require.resolve('ms'),
        oneDay: ms('1d'),
      }) + '\n',
    );
  })
  .listen(port, () => console.log(`listening on ${port}`));
