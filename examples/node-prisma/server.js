const http = require('http');
// The query engine Prisma generated is a shared library that links libssl and libcrypto.
const { PrismaClient } = require('@prisma/client');

const prisma = new PrismaClient();
const port = Number(process.env.PORT || 3000);

http
  .createServer(async (req, res) => {
    await prisma.visit.create({ data: { path: req.url } });
    const visits = await prisma.visit.count();
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ app: 'node-prisma', visits }) + '\n');
  })
  .listen(port, () => console.log(`listening on ${port}`));
