const http = require('http');
const bcrypt = require('bcrypt'); // native addon: lib/binding/napi-v3/bcrypt_lib.node

const port = Number(process.env.PORT || 3000);

// Hash of "correct horse battery staple" (cost 10), made once with this same module.
const STORED_HASH = '$2b$10$P.Efq9./GMMuoPBbBdqk1Oae6293aTvD16lbjbnOR0oO0cvSiLkay';

const server = http.createServer((req, res) => {
  const fresh = bcrypt.hashSync('hunter2', 4);
  res.setHeader('content-type', 'application/json');
  res.end(
    JSON.stringify({
      app: 'node-alpine',
      storedHashMatches: bcrypt.compareSync('correct horse battery staple', STORED_HASH),
      wrongPasswordMatches: bcrypt.compareSync('wrong password', STORED_HASH),
      freshHashRoundTrip: bcrypt.compareSync('hunter2', fresh),
    }) + '\n',
  );
});

server.listen(port, () => console.log(`listening on ${port}`));
