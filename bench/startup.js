// One typical Dockerfile end to end (CLI, --stdout and diff mode) against the floor:
// starting Node and parsing the same file with dockerfile-ast alone. Prints medians.
'use strict';
const { spawnSync } = require('child_process');
const path = require('path');
const fs = require('fs');
const os = require('os');

const ROOT = path.resolve(__dirname, '..');
const example = path.join(ROOT, 'examples', 'node-express');
const runs = Number(process.env.RUNS || 30);
const floor = path.join(os.tmpdir(), 'msconvert-floor.js');
fs.writeFileSync(
  floor,
  `const fs = require('fs');\nrequire(${JSON.stringify(require.resolve('dockerfile-ast', { paths: [ROOT] }))}).DockerfileParser.parse(fs.readFileSync(process.argv[2], 'utf8'));\n`,
);

// Runs the commands in turn, round after round, so that a busy moment on the machine weighs
// on all of them alike; returns each one's median wall time.
function medians(commands) {
  const times = commands.map(() => []);
  for (let i = 0; i < runs; i++) {
    commands.forEach(([cmd, args], k) => {
      const t = process.hrtime.bigint();
      const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8' });
      times[k].push(Number(process.hrtime.bigint() - t) / 1e6);
      if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    });
  }
  return times.map((ts) => ts.sort((a, b) => a - b)[Math.floor(ts.length / 2)]);
}

const file = path.join(example, 'Dockerfile');
const [f, s, d] = medians([
  [process.execPath, [floor, file]],
  [process.execPath, ['bin/msconvert.js', '--stdout', file]],
  [process.execPath, ['bin/msconvert.js', '--no-color', file]],
]);
console.log(
  `machine: ${os.cpus().length} x ${os.cpus()[0].model}, node ${process.version}, ${runs} runs each (median)`,
);
console.log(`floor (node + dockerfile-ast parse): ${f.toFixed(1)} ms`);
console.log(
  `msconvert --stdout:                 ${s.toFixed(1)} ms  (${(s / f).toFixed(2)}x floor)`,
);
console.log(
  `msconvert (diff):                   ${d.toFixed(1)} ms  (${(d / f).toFixed(2)}x floor)`,
);
