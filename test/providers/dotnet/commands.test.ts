// The dotnet build/publish argument reader: project, configuration, output, runtime,
// self-contained and MSBuild properties in every spelling the CLI accepts.
import type { Command } from '../../../src/analysis/stage';
import { readBuild } from '../../../src/providers/dotnet/commands';

const cmd = (line: string): Command => ({
  argv: line.split(' '),
  env: {},
  dynamic: false,
  cwd: '/src',
  vars: {},
});

describe('dotnet build and publish arguments', () => {
  it('reads the project past options that take a value', () => {
    const b = readBuild(cmd('dotnet publish -c Release -v q --os linux Api/Api.csproj -o /out'));
    expect(b).toMatchObject({
      verb: 'publish',
      target: 'Api/Api.csproj',
      config: 'Release',
      output: '/out',
    });
  });

  it('reads long options with = and the last of repeated ones', () => {
    const b = readBuild(cmd('dotnet build --configuration=Debug -c Release --framework=net8.0'));
    expect(b).toMatchObject({ target: null, config: 'Release', framework: 'net8.0' });
  });

  it.each([
    ['-p:A=1;B=2', { A: '1', B: '2' }],
    ['/p:A=1', { A: '1' }],
    ['-property:A=1', { A: '1' }],
    ['/P:A=1', { A: '1' }],
    ['-p A=1', { A: '1' }],
    ['--property A=1 -p:A=2', { A: '2' }],
  ])('reads MSBuild properties from %s', (words, props) => {
    const b = readBuild(cmd(`dotnet publish ${words} app.csproj`));
    expect(b?.props).toEqual(props);
    expect(b?.target).toBe('app.csproj');
  });

  it.each([
    ['--sc', true],
    ['--sc true', true],
    ['--sc false', false],
    ['--self-contained=false', false],
    ['--self-contained -r linux-x64', true],
    ['--self-contained --no-self-contained', false],
    ['-p:SelfContained=True', true],
    ['', null],
  ])('reads self-contained from "%s"', (words, expected) => {
    const b = readBuild(cmd(`dotnet publish ${words} app.csproj`.replace(/ +/g, ' ')));
    expect(b?.selfContained).toBe(expected);
    expect(b?.target).toBe('app.csproj');
  });

  it('takes an absolute path as the project only when it names a file', () => {
    expect(readBuild(cmd('dotnet publish /nologo /src/App.csproj'))?.target).toBe(
      '/src/App.csproj',
    );
  });

  it('takes PublishDir and Configuration properties when no option says', () => {
    const b = readBuild(cmd('dotnet publish -p:PublishDir=/pub -p:Configuration=Release'));
    expect(b).toMatchObject({ output: '/pub', config: 'Release' });
  });

  it('is not a build', () => {
    expect(readBuild(cmd('dotnet test'))).toBeNull();
    expect(readBuild(cmd('dotnet App.dll'))).toBeNull();
  });
});
