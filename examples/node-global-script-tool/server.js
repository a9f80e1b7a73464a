const http = require('http');

// Started by `npm start`, whose script runs pm2-runtime: pm2 is installed globally in the
// image, not a dependency of the app, so the runtime needs the global install too.
http
  .createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ app: 'node-global-script-tool', pm2: 'pm_id' in process.env }));
  })
  .listen(Number(process.env.PORT || 3000), () => console.log('listening'));
