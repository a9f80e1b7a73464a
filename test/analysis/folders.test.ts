// Where a COPY lands: a destination without a trailing slash that an earlier RUN mkdir,
// WORKDIR or COPY made a folder is copied into (as Docker does); otherwise it is a file name.
import { parseDockerfile } from '../../src/parse';
import { readStage } from '../../src/analysis/stage';

function copies(text: string) {
  const parsed = parseDockerfile(text);
  return readStage(parsed, parsed.stages[0]).copies.map((c) => [c.dest, c.destIsDir]);
}

describe('COPY into a folder the stage already has', () => {
  it.each([
    ['RUN mkdir', 'RUN mkdir /app\nCOPY requirements.txt /app\n', [['/app', true]]],
    [
      'RUN mkdir -p, a parent',
      'RUN mkdir -p -m 755 /srv/app/data\nCOPY a.txt /srv\n',
      [['/srv', true]],
    ],
    [
      'RUN mkdir relative to WORKDIR',
      'WORKDIR /w\nRUN mkdir conf\nCOPY a.conf conf\n',
      [['/w/conf', true]],
    ],
    ['a WORKDIR', 'WORKDIR /app\nWORKDIR /\nCOPY a.txt /app\n', [['/app', true]]],
    [
      'an earlier COPY into a folder',
      'COPY a /app/\nCOPY b /app\n',
      [
        ['/app', true],
        ['/app', true],
      ],
    ],
    [
      'the parent of an earlier file',
      'COPY a /app/a.txt\nCOPY b /app\n',
      [
        ['/app/a.txt', false],
        ['/app', true],
      ],
    ],
  ])('%s', (_name, body, expected) => {
    expect(copies(`FROM python:3.12\n${body}`)).toEqual(expected);
  });

  it.each([
    ['no folder made', 'COPY app.jar /app\n', [['/app', false]]],
    ['a mkdir through a variable', 'RUN mkdir $D\nCOPY a /app\n', [['/app', false]]],
    ['another folder', 'RUN mkdir /data\nCOPY a /app\n', [['/app', false]]],
    [
      'an earlier COPY to the same file name',
      'COPY a /app\nCOPY b /app\n',
      [
        ['/app', false],
        ['/app', false],
      ],
    ],
  ])('%s: a file name', (_name, body, expected) => {
    expect(copies(`FROM python:3.12\n${body}`)).toEqual(expected);
  });
});
