// A file up to the size limit must convert in a heap a small CI machine has. Before, the
// validation parsed the whole file a second time (to check that a stage appended after the
// last instruction stays a stage of its own) while the first parse was still alive, and a
// 10 MB file took 2.5 GB; now only the last instruction is parsed again. The CLI runs in a
// child with a capped heap: 5 MB of ENV lines (about 225,000 instructions) must fit in
// 400 MB, about 80 bytes of heap per byte of input (the old code needed more than 500 MB).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CLI } from './helpers';

jest.setTimeout(300_000);

function bigDockerfile(bytes: number): string {
  const parts = ['FROM node:20-slim\nWORKDIR /app\nCOPY . .\n'];
  let size = parts[0].length;
  for (let i = 0; size < bytes; i++) {
    const line = `ENV V${i}=value${i}\n`;
    parts.push(line);
    size += line.length;
  }
  parts.push('CMD ["node", "server.js"]\n');
  return parts.join('');
}

describe('memory', () => {
  it('a 5 MB Dockerfile converts within a 400 MB heap', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msconvert-memory-'));
    try {
      const file = path.join(dir, 'Dockerfile');
      fs.writeFileSync(file, bigDockerfile(5 * 1024 * 1024));
      fs.writeFileSync(
        path.join(dir, 'server.js'),
        'require("http").createServer().listen(3000);\n',
      );
      fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"big","version":"1.0.0"}\n');
      const r = spawnSync(process.execPath, ['--max-old-space-size=400', CLI, '--json', file], {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      });
      expect(r.signal).toBeNull();
      expect(r.stderr).not.toMatch(/heap out of memory/);
      const report = JSON.parse(r.stdout) as { files: { status: string }[] };
      expect(report.files[0].status).toBe('declined');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
