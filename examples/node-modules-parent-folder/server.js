const http = require('http');

// /usr/src/app has no node_modules: "ms" is found one folder up, in /usr/src/node_modules.
const ms = require('ms');

const port = Number(process.env.PORT || 3000);

http
  .createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify({
        app: 'node-modules-parent-folder',
        resolved: require.resolve('ms'),
        oneDay: ms('1d'),
      }) + '\n',
    );
  })
  .listen(port, () => console.log(`listening on ${port}`));
