const http = require('http');

// /opt/app has no node_modules and neither /opt nor / has one: "ms" is found only through NODE_PATH.
const ms = require('ms');

const port = Number(process.env.PORT || 3000);

const server = http.createServer((req, res) => {
  res.setHeader('content-type', 'application/json');
  res.end(
    JSON.stringify({
      app: 'node-modules-outside-workdir',
      cwd: process.cwd(),
      nodePath: process.env.NODE_PATH || null,
      resolved: require.resolve('ms'),
      oneHour: ms('1h'),
    }) + '\n',
  );
});

server.listen(port, () => console.log(`listening on ${port}`));
