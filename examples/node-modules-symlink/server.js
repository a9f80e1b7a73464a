const http = require('http');

// /srv/app/node_modules is a link to /opt/deps/node_modules.
const ms = require('ms');

const port = Number(process.env.PORT || 3000);

http
  .createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify({
        app: 'node-modules-symlink',
        resolved: require.resolve('ms'),
        oneDay: ms('1d'),
      }) + '\n',
    );
  })
  .listen(port, () => console.log(`listening on ${port}`));
