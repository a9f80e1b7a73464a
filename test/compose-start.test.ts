// A Compose service's command/entrypoint is what the runtime must serve (issue #14): the
// conversion is checked against it and declined (MSC022) when it would not serve it.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { convert, FsContext, MemoryContext } from '../src';
import { composeTargets, startWords } from '../src/compose';
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

// A Dockerfile with no CMD or ENTRYPOINT of its own is started by Compose only (MSC189).
describe('a Dockerfile started only by Compose', () => {
  const GO = {
    'go.mod': 'module example.com/server\n\ngo 1.19\n',
    'main.go':
      'package main\n\nimport "net/http"\n\nfunc main() { http.ListenAndServe(":8080", nil) }\n',
  };
  const noCmd =
    'FROM golang:1.19\nWORKDIR /src\nCOPY . .\nRUN go build -o /usr/local/bin/server .\n';
  const run = (t: string, compose: ComposeStart[], files: Record<string, string> = GO) =>
    convert(t, new MemoryContext(files), { compose });
  const api: ComposeStart = { service: 'api', file: 'compose.yaml', command: ['server'] };

  it('is planned for the service start, keeps the builder and adds no CMD', () => {
    const r = run(noCmd, [api]);
    expect(r.status).toBe('converted');
    expect(r.warnings.map((w) => w.code)).toContain('MSC189');
    expect(r.warnings[0].message).toMatch(/`server` \(service api, compose\.yaml\)/);
    expect(r.explanation?.evidence).toContain(
      'the Compose service api (compose.yaml) starts `server`: the runtime is planned for it',
    );
    const [builder, runtime] = r.output.split(/\n\n(?=FROM )/);
    expect(builder.replace(' AS builder', '').replace('ENV CGO_ENABLED=0\n', '')).toBe(
      noCmd.trimEnd(),
    );
    expect(runtime).toMatch(/^FROM gcr\.io\/distroless\/static-debian12\n/);
    expect(runtime).not.toMatch(/^(CMD|ENTRYPOINT)/m);
    expect(convert(r.output, new MemoryContext(GO), { compose: [api] }).status).toBe('unchanged');
  });

  it('keeps the original text around the builder as the plain conversion writes it', () => {
    const withCmd = (t: string) => run(t.replace(/(\r?\n)*$/, '$1CMD ["server"]$1'), []);
    for (const t of [noCmd, noCmd.trimEnd(), `${noCmd}\n\n`, noCmd.replace(/\n/g, '\r\n')]) {
      const r = run(t, [api]);
      const eol = t.includes('\r\n') ? '\r\n' : '\n';
      const plain = withCmd(t.trimEnd() + eol);
      expect(r.status).toBe('converted');
      // Same builder as a conversion of the text with a CMD, apart from that CMD line.
      const builderOf = (o: string) => o.slice(0, o.indexOf(`${eol}FROM `, 10));
      expect(builderOf(r.output)).toBe(
        builderOf(plain.output).replace(`CMD ["server"]${eol}`, '') +
          (t.endsWith(`${eol}${eol}`) ? eol : ''),
      );
      expect(r.output.includes('\r\n')).toBe(t.includes('\r\n'));
    }
  });

  it('declines a service that gives no start, naming it', () => {
    const r = run(noCmd, [api, { service: 'shell', file: 'compose.yaml' }]);
    expect({ status: r.status, code: r.code }).toEqual({ status: 'declined', code: 'MSC022' });
    expect(r.reason).toMatch(/the Compose service shell \(compose\.yaml\) gives no command/);
  });

  it('declines services whose starts need different runtime stages, naming both', () => {
    const logs: ComposeStart = {
      service: 'logs',
      file: 'compose.yaml',
      command: ['sh', '-c', 'server > /tmp/log'],
    };
    const r = run(noCmd, [api, logs]);
    expect({ status: r.status, code: r.code }).toEqual({ status: 'declined', code: 'MSC022' });
    expect(r.reason).toMatch(
      /service logs .* needs another runtime stage than the Compose service api/,
    );
  });

  it('declines a start that builds at start, as Compose would still run it as written', () => {
    const r = run(noCmd, [{ service: 'dev', file: 'compose.yaml', command: ['go', 'run', '.'] }]);
    expect({ status: r.status, code: r.code }).toEqual({ status: 'declined', code: 'MSC022' });
  });

  it('without Compose, or with a start it cannot read, declines as before', () => {
    expect(run(noCmd, []).code).toBe('MSC006');
    const r = run(noCmd, [{ ...api, problem: 'a variable Compose fills in' }]);
    expect(r.code).toBe('MSC022');
    expect(r.reason).toMatch(/cannot read \(a variable Compose fills in\)/);
  });
});

// Compose lays `command:` over the converted image as written: a runtime that rewrites the
// start for its own ENTRYPOINT (distroless Node.js runs node itself) would not run it.
describe('a start the preferred runtime would rewrite', () => {
  const express = path.join(EXAMPLES, 'node-express');
  const expressText = fs.readFileSync(path.join(express, 'Dockerfile'), 'utf8');
  const node = (compose: ComposeStart[], runtime?: string) =>
    convert(expressText, new FsContext(express), { compose, runtime });
  const web: ComposeStart = {
    service: 'web',
    file: 'compose.yaml',
    command: ['node', 'server.js'],
  };

  it('takes the slim runtime, which runs it as the original does', () => {
    expect(node([]).output).toMatch(/FROM gcr\.io\/distroless\/nodejs20-debian12\n/);
    const r = node([web]);
    expect(r.status).toBe('converted');
    expect(r.output).toMatch(/\nFROM node:20-slim\n[\s\S]*\nCMD \["node", "server\.js"\]\n$/);
    expect(r.explanation?.evidence.join('\n')).toMatch(
      /runs `node server\.js` as written, which gcr\.io\/distroless\/nodejs20-debian12 would not .*--runtime slim/,
    );
  });

  it('declines when the runtime was chosen with --runtime, pointing to slim', () => {
    const r = node([web], 'distroless');
    expect({ status: r.status, code: r.code }).toEqual({ status: 'declined', code: 'MSC022' });
    expect(r.reason).toMatch(/rewritten for that image/);
    expect(r.reason).toMatch(
      /convert with --runtime slim, or make the CMD the command Compose runs\.$/,
    );
  });

  // A start rewrite (ts-node -> node of the emitted file) changes the start on every runtime,
  // so the slim retry fails too and the message must not send the user back to it.
  const tsNode = path.join(EXAMPLES, 'node-ts-node');
  const tsText = fs.readFileSync(path.join(tsNode, 'Dockerfile'), 'utf8');
  const dev: ComposeStart = {
    service: 'dev',
    file: 'compose.yaml',
    command: ['npx', 'ts-node', 'src/index.ts'],
  };
  it.each([
    [
      undefined,
      /; the slim runtime does not serve it either, so make the CMD the command Compose runs\.$/,
    ],
    ['slim', /; make the CMD the command Compose runs\.$/],
  ])(
    'a rewritten start with --runtime %s declines without advising slim again',
    (runtime, advice) => {
      const r = convert(tsText, new FsContext(tsNode), { compose: [dev], runtime });
      expect({ status: r.status, code: r.code }).toEqual({ status: 'declined', code: 'MSC022' });
      expect(r.reason).toMatch(advice);
      expect(r.reason).not.toMatch(/--runtime slim/);
    },
  );
});

// The Compose files as `docker compose` reads them: the override file, extends, profiles.
describe('reading Compose files', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'msconvert-compose-read-'));
    fs.mkdirSync(path.join(tmp, '.git'));
    fs.mkdirSync(path.join(tmp, 'app'));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const write = (name: string, text: string) => fs.writeFileSync(path.join(tmp, name), text);
  const starts = () => composeTargets([tmp]).get(path.join(tmp, 'app', 'Dockerfile'))?.starts;

  it('lays the override file over the default one', () => {
    write('compose.yaml', 'services:\n  web:\n    build: app\n    command: server\n');
    write('compose.override.yaml', 'services:\n  web:\n    command: server -debug\n');
    expect(starts()).toEqual([
      {
        service: 'web',
        file: expect.stringMatching(/compose\.yaml \+ .*compose\.override\.yaml$/),
        command: ['server', '-debug'],
      },
    ]);
  });

  it('merges the build mapping of the override file', () => {
    write('docker-compose.yml', 'services:\n  web:\n    build:\n      context: app\n');
    write(
      'docker-compose.override.yml',
      'services:\n  web:\n    build:\n      dockerfile: Dockerfile\n    entrypoint: ["server"]\n',
    );
    expect(starts()?.[0]).toMatchObject({ service: 'web', entrypoint: ['server'] });
  });

  it('follows extends in the same file and in another file of the project', () => {
    write(
      'compose.yaml',
      [
        'services:',
        '  base:',
        '    build: app',
        '    command: server',
        '  worker:',
        '    extends: base',
        '    command: server -worker',
        '  shared:',
        '    extends: { file: common.yaml, service: api }',
        '    profiles: [tools]',
        '',
      ].join('\n'),
    );
    write('common.yaml', 'services:\n  api:\n    build: app\n    command: server -api\n');
    expect(starts()?.map((s) => [s.service, s.command, s.profiles])).toEqual([
      ['base', ['server'], undefined],
      ['worker', ['server', '-worker'], undefined],
      ['shared', ['server', '-api'], ['tools']],
    ]);
  });

  it('gives a problem for an extends it cannot follow', () => {
    write(
      'compose.yaml',
      'services:\n  web:\n    build: app\n    extends: { file: /etc/compose.yaml, service: x }\n',
    );
    expect(starts()?.[0].problem).toMatch(/extends a service msconvert cannot read/);
  });
});
