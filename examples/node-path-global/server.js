const express = require('express');

// pluralize is not a dependency of the app: it was installed globally, and NODE_PATH points there.
const pluralize = require('pluralize');

const app = express();
app.get('/', (req, res) => {
  res.json({
    app: 'node-path-global',
    resolved: require.resolve('pluralize'),
    plural: pluralize('container'),
  });
});
app.listen(Number(process.env.PORT || 3000), () => console.log('listening'));
