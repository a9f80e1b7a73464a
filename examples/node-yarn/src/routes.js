// Bundled into out/server.js by esbuild; this file is not needed at run time.
module.exports = function routes(app) {
  app.get('/', (req, res) => {
    res.json({
      app: 'node-yarn',
      message: 'hello from a yarn + esbuild bundle',
      bundled: typeof __BUNDLED__ !== 'undefined' ? __BUNDLED__ : false,
      entry: require.main && require.main.filename.split('/').slice(-2).join('/'),
    });
  });
};
