const http = require('http');
const { execFile } = require('child_process');

// The Dockerfile edits ImageMagick's policy.xml with sed to allow EPS, which Debian's policy
// refuses; the answer says which coders the policy in force still refuses.
http
  .createServer((req, res) => {
    execFile('convert', ['-list', 'policy'], (err, out) => {
      const refused = [...String(out).matchAll(/rights: None\s+pattern: (\S+)/g)].map((m) => m[1]);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ ok: !err, epsAllowed: !refused.includes('EPS'), refused }));
    });
  })
  .listen(Number(process.env.PORT || 3000), () => console.log('listening'));
