// A generated tree of 1,000 Dockerfiles with their manifests (Go and Node, some declined,
// some already multi-stage), converted in diff mode with one command; and a single
// Dockerfile of 10,000 instructions. Prints wall time and peak memory (max RSS).
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'bin', 'msconvert.js');
const N = Number(process.env.FILES || 1000);
const examples = fs
  .readdirSync(path.join(ROOT, 'examples'))
  .filter(
    (n) => /^(go|node)-/.test(n) && fs.existsSync(path.join(ROOT, 'examples', n, 'Dockerfile')),
  );

function measure(args, cwd) {
  // The child reports its own peak RSS, so no external `time` is needed.
  const wrapper = `process.on('exit',()=>require('fs').writeSync(3, String(process.resourceUsage().maxRSS)));require(${JSON.stringify(CLI)});`;
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['-e', wrapper, '--', ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    maxBuffer: 1 << 30,
  });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  const rssKB = Number(r.output[3]?.toString() || 0);
  return {
    ms,
    rssMB: rssKB / 1024,
    code: r.status,
    stdoutBytes: r.stdout.length,
    stderr: r.stderr.toString(),
  };
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'msconvert-bench-'));
try {
  for (let i = 0; i < N; i++) {
    const ex = examples[i % examples.length];
    const dir = path.join(tmp, `svc-${String(i).padStart(4, '0')}`);
    fs.cpSync(path.join(ROOT, 'examples', ex), dir, { recursive: true });
  }
  const tree = measure(['--no-color', tmp], tmp);
  console.log(
    `machine: ${os.cpus().length} x ${os.cpus()[0].model}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`,
  );
  const summary = tree.stderr.trim().split('\n').pop();
  console.log(
    `tree of ${N} Dockerfiles (diff mode): ${(tree.ms / 1000).toFixed(2)} s, peak RSS ${tree.rssMB.toFixed(0)} MB, exit ${tree.code}`,
  );
  console.log(`  ${summary}`);

  const large = path.join(tmp, 'large');
  fs.mkdirSync(large);
  fs.cpSync(path.join(ROOT, 'examples', 'go-basic'), large, { recursive: true });
  const lines = ['FROM golang:1.19', 'WORKDIR /src', 'COPY . .'];
  for (let i = 0; i < 10000; i++) {
    lines.push(
      i % 3 === 0
        ? `RUN echo step ${i} && mkdir -p /tmp/d${i}`
        : i % 3 === 1
          ? `ENV VAR_${i}=value${i}`
          : `LABEL l${i}="x"`,
    );
  }
  lines.push('RUN go build -o /app .', 'CMD ["/app"]');
  fs.writeFileSync(path.join(large, 'Dockerfile'), `${lines.join('\n')}\n`);
  const big = measure(['--stdout', path.join(large, 'Dockerfile')], large);
  console.log(
    `one Dockerfile of 10,000 instructions: ${(big.ms / 1000).toFixed(2)} s, peak RSS ${big.rssMB.toFixed(0)} MB, exit ${big.code}`,
  );
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
