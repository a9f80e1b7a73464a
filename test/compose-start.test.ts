// A Compose service's command/entrypoint is what the runtime must serve (issue #14): the
// conversion is checked against it and declined (MSC022) when it would not serve it.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { convert, FsContext } from '../src';
import { startWords } from '../src/compose';
import type { ComposeStart } from '../src/compose-start';
import { CLI, EXAMPLES } from './helpers';

const dir = path.join(EXAMPLES, 'go-basic');
const text = fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
const withCompose = (start: Omit<ComposeStart, 'service' | 'file'>) =>
  convert(text, new FsContext(dir), {
    compose: [{ service: 'web', file: 'compose.yaml', ...start }],
  });

describe('Compose starts', () => {
  it('a start the same runtime serves keeps the conversion and says so', () => {
    const plain = convert(text, new FsContext(dir));
    const r = withCompose({ command: ['server', '-addr', ':9090'] });
    expect(r.status).toBe('converted');
    expect(r.output).toBe(plain.output);
    expect(r.explanation?.evidence).toContain(
      'the Compose service web (compose.yaml) starts `server -addr :9090`: the runtime serves it too',
    );
  });

  it('a start that needs a shell the runtime lacks declines', () => {
    const r = withCompose({ command: ['sh', '-c', 'server > /tmp/log'] });
    expect({ status: r.status, code: r.code }).toEqual({ status: 'declined', code: 'MSC022' });
    expect(r.reason).toMatch(
      /the Compose service web \(compose\.yaml\) starts the image with `sh -c/,
    );
  });

  it('a start Compose fills in from the environment declines', () => {
    const r = withCompose({ problem: 'a variable Compose fills in', command: undefined });
    const s = withCompose({ command: ['x'], problem: 'a variable Compose fills in' });
    expect(r.status).toBe('converted'); // nothing to serve: no command, no entrypoint
    expect({ status: s.status, code: s.code }).toEqual({ status: 'declined', code: 'MSC022' });
    expect(s.reason).toMatch(/cannot read \(a variable Compose fills in\)/);
  });

  it('reads command strings as Compose splits them', () => {
    expect(startWords('npm run  start')).toEqual({ words: ['npm', 'run', 'start'] });
    expect(startWords(`sh -c "echo 'a b'"`)).toEqual({ words: ['sh', '-c', "echo 'a b'"] });
    expect(startWords(['node', 'server.js'])).toEqual({ words: ['node', 'server.js'] });
    expect(startWords('node $ENTRY')).toEqual({ problem: 'a variable Compose fills in' });
    expect(startWords('echo "open')).toEqual({ problem: 'an unclosed quote' });
    expect(startWords(undefined)).toEqual({});
  });

  it('the CLI reads the Compose file beside the Dockerfile', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'msconvert-compose-'));
    try {
      fs.cpSync(dir, tmp, { recursive: true });
      fs.writeFileSync(
        path.join(tmp, 'compose.yaml'),
        'services:\n  web:\n    build: .\n    command: sh -c "server > /tmp/log"\n',
      );
      const r = spawnSync(process.execPath, [CLI, '--json', path.join(tmp, 'Dockerfile')], {
        encoding: 'utf8',
      });
      const file = (JSON.parse(r.stdout) as { files: { status: string; code: string }[] }).files[0];
      expect({ status: file.status, code: file.code }).toEqual({
        status: 'declined',
        code: 'MSC022',
      });
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
