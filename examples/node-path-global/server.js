const express = require('express');

// ms is not a dependency of the app: it was installed globally, and NODE_PATH points there.
const ms = require('ms');

const app = express();
app.get('/', (req, res) => {
  res.json({ app: 'node-path-global', resolved: require.resolve('ms'), oneWeek: ms('1w') });
});
app.listen(Number(process.env.PORT || 3000), () => console.log('listening'));
