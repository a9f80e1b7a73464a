// `dotnet run` at start, rewritten to `dotnet publish` in the builder and `dotnet <App>.dll` in
// the runtime (MSC188), and the starts that cannot be mapped exactly, which stay declined with
// the reason (MSC005). The lab has no .NET image: these tables and the examples' goldens are
// the checks.
import { convert, MemoryContext } from '../../../src';
import { readDotnetRun } from '../../../src/providers/dotnet/run-args';

const SDK = 'mcr.microsoft.com/dotnet/sdk:8.0';
const proj = (sdk: string, props = '<TargetFramework>net8.0</TargetFramework>', items = '') =>
  `<Project Sdk="${sdk}"><PropertyGroup>${props}</PropertyGroup>${items}</Project>`;
const WEB = proj('Microsoft.NET.Sdk.Web');
const CONSOLE = proj(
  'Microsoft.NET.Sdk',
  '<OutputType>Exe</OutputType><TargetFramework>net8.0</TargetFramework>',
);
const profile = (p: Record<string, unknown>, name = 'http') =>
  JSON.stringify({ profiles: { [name]: { commandName: 'Project', ...p } } });
const head = `FROM ${SDK}\nWORKDIR /src\nCOPY . .\n`;

/** The builder's added lines and the runtime stage's lines after its COPY. */
function rewritten(text: string, files: Record<string, string>) {
  const r = convert(text, new MemoryContext(files));
  expect({ status: r.status, reason: r.reason }).toEqual({ status: 'converted', reason: null });
  const [builder, runtime] = r.output.split(/\n\nFROM /);
  return {
    added: builder
      .slice(text.length + ' AS builder'.length)
      .split('\n')
      .filter(Boolean),
    runtime: runtime.split('\n').filter((l) => /^(ENV|WORKDIR|CMD|ENTRYPOINT) /.test(l)),
    image: runtime.split('\n')[0],
    codes: r.warnings.map((w) => w.code),
    output: r.output,
    files,
  };
}

interface Row {
  name: string;
  start: string;
  files: Record<string, string>;
  added: string[];
  runtime: string[];
  image: string;
}

describe('dotnet run at start: rewritten (MSC188)', () => {
  it.each<Row>([
    {
      name: 'a web project, exec form, no launch profile: Debug as dotnet run built it',
      start: 'ENTRYPOINT ["dotnet", "run"]',
      files: { 'Api.csproj': WEB },
      added: ['RUN dotnet publish Api.csproj -c Debug -o /app/publish'],
      runtime: ['WORKDIR /app/publish', 'ENTRYPOINT ["dotnet", "Api.dll"]'],
      image: 'mcr.microsoft.com/dotnet/aspnet:8.0',
    },
    {
      name: '-c, --no-restore and -p: go to publish; --urls stays an argument; shell form kept',
      start: 'CMD dotnet run -c Release --no-restore -p:UseAppHost=false --urls http://+:$PORT',
      files: { 'Api.csproj': WEB },
      added: [
        'RUN dotnet publish Api.csproj -c Release --no-restore -p:UseAppHost=false -o /app/publish',
      ],
      runtime: ['WORKDIR /app/publish', 'CMD dotnet Api.dll --urls http://+:$PORT'],
      image: 'mcr.microsoft.com/dotnet/aspnet:8.0',
    },
    {
      name: 'a console app: runtime image, AssemblyName names the dll, arguments after --',
      start: 'CMD ["dotnet", "run", "--", "--once", "a b"]',
      files: {
        'Tool.csproj': proj(
          'Microsoft.NET.Sdk',
          '<OutputType>Exe</OutputType><TargetFramework>net8.0</TargetFramework><AssemblyName>tick</AssemblyName>',
        ),
      },
      added: ['RUN dotnet publish Tool.csproj -c Debug -o /app/publish'],
      runtime: ['WORKDIR /app/publish', 'CMD ["dotnet", "tick.dll", "--once", "a b"]'],
      image: 'mcr.microsoft.com/dotnet/runtime:8.0',
    },
    {
      name: 'the first Project profile becomes ENV, after the original ENV it overrides',
      start: 'ENV ASPNETCORE_ENVIRONMENT=Production\nCMD ["dotnet", "run"]',
      files: {
        'Api.csproj': WEB,
        'Properties/launchSettings.json': JSON.stringify({
          profiles: {
            'IIS Express': { commandName: 'IISExpress' },
            http: {
              commandName: 'Project',
              launchBrowser: true,
              applicationUrl: 'http://localhost:5001',
              environmentVariables: { ASPNETCORE_ENVIRONMENT: 'Development', Feature__On: 'true' },
            },
          },
        }),
      },
      added: ['RUN dotnet publish Api.csproj -c Debug -o /app/publish'],
      runtime: [
        'WORKDIR /app/publish',
        'ENV ASPNETCORE_ENVIRONMENT=Production',
        'ENV ASPNETCORE_URLS=http://localhost:5001',
        'ENV DOTNET_LAUNCH_PROFILE=http',
        'ENV ASPNETCORE_ENVIRONMENT=Development',
        'ENV Feature__On=true',
        'CMD ["dotnet", "Api.dll"]',
      ],
      image: 'mcr.microsoft.com/dotnet/aspnet:8.0',
    },
    {
      name: '--launch-profile picks a profile; a BOM is read as dotnet does',
      start: 'CMD ["dotnet", "run", "--launch-profile", "docker"]',
      files: {
        'Api.csproj': WEB,
        'Properties/launchSettings.json':
          '\uFEFF' +
          JSON.stringify({
            profiles: {
              http: { commandName: 'Project', applicationUrl: 'http://localhost:5000' },
              docker: { commandName: 'Project', environmentVariables: { MODE: 'docker' } },
            },
          }),
      },
      added: ['RUN dotnet publish Api.csproj -c Debug -o /app/publish'],
      runtime: [
        'WORKDIR /app/publish',
        'ENV DOTNET_LAUNCH_PROFILE=docker',
        'ENV MODE=docker',
        'CMD ["dotnet", "Api.dll"]',
      ],
      image: 'mcr.microsoft.com/dotnet/aspnet:8.0',
    },
    {
      name: '--no-launch-profile: the profile is not applied',
      start: 'CMD ["dotnet", "run", "--no-launch-profile"]',
      files: {
        'Api.csproj': WEB,
        'Properties/launchSettings.json': profile({ commandLineArgs: 'x' }),
      },
      added: ['RUN dotnet publish Api.csproj -c Debug -o /app/publish'],
      runtime: ['WORKDIR /app/publish', 'CMD ["dotnet", "Api.dll"]'],
      image: 'mcr.microsoft.com/dotnet/aspnet:8.0',
    },
    {
      name: '--project of a web project elsewhere (the Web SDK runs it in its folder)',
      start: 'CMD ["dotnet", "run", "--project", "src/Api"]',
      files: { 'src/Api/Api.csproj': WEB, 'src/Api/appsettings.json': '{}', 'Shop.sln': '' },
      added: ['RUN dotnet publish src/Api/Api.csproj -c Debug -o /app/publish'],
      runtime: ['WORKDIR /app/publish', 'CMD ["dotnet", "Api.dll"]'],
      image: 'mcr.microsoft.com/dotnet/aspnet:8.0',
    },
    {
      name: 'several target frameworks and -f: publish gets -f, the runtime its version',
      start: 'CMD ["dotnet", "run", "--framework=net6.0"]',
      files: {
        'Api.csproj': proj(
          'Microsoft.NET.Sdk.Web',
          '<TargetFrameworks>net6.0;net8.0</TargetFrameworks>',
        ),
      },
      added: ['RUN dotnet publish Api.csproj -c Debug -f net6.0 -o /app/publish'],
      // The SDK 6.0 image clears ASPNETCORE_URLS, which the aspnet 6.0 image sets.
      runtime: ['ENV ASPNETCORE_URLS=', 'WORKDIR /app/publish', 'CMD ["dotnet", "Api.dll"]'],
      image: 'mcr.microsoft.com/dotnet/aspnet:6.0',
    },
    {
      name: 'TargetFramework from Directory.Build.props',
      start: 'CMD ["dotnet", "run"]',
      files: {
        'Directory.Build.props':
          '<Project><PropertyGroup><TargetFramework>net9.0</TargetFramework></PropertyGroup></Project>',
        'Api.csproj': proj('Microsoft.NET.Sdk.Web', ''),
      },
      added: ['RUN dotnet publish Api.csproj -c Debug -o /app/publish'],
      runtime: ['WORKDIR /app/publish', 'CMD ["dotnet", "Api.dll"]'],
      image: 'mcr.microsoft.com/dotnet/aspnet:9.0',
    },
    {
      name: 'a console app whose project publishes its data folder',
      start: 'CMD ["dotnet", "run"]',
      files: {
        'Tool.csproj': proj(
          'Microsoft.NET.Sdk',
          '<OutputType>Exe</OutputType><TargetFramework>net8.0</TargetFramework>',
          '<ItemGroup><None Include="data\\**"><CopyToOutputDirectory>PreserveNewest</CopyToOutputDirectory></None><None Update="appsettings.json" CopyToPublishDirectory="Always" /></ItemGroup>',
        ),
        'data/words.txt': 'a',
        'appsettings.json': '{}',
      },
      added: ['RUN dotnet publish Tool.csproj -c Debug -o /app/publish'],
      runtime: ['WORKDIR /app/publish', 'CMD ["dotnet", "Tool.dll"]'],
      image: 'mcr.microsoft.com/dotnet/runtime:8.0',
    },
  ])('$name', ({ start, files, added, runtime, image }) => {
    const r = rewritten(`${head}${start}\n`, files);
    expect(r.added).toEqual(added);
    expect(r.runtime).toEqual(runtime);
    expect(r.image).toBe(image);
    expect(r.codes).toContain('MSC188');
    expect(r.output).toContain(`COPY --from=builder /app/publish /app/publish\n`);
    expect(convert(r.output, new MemoryContext(files)).status).toBe('unchanged');
  });

  it('--cache: the added publish mounts the NuGet cache the restore now downloads into', () => {
    const text = `${SDK.replace(/^/, 'FROM ')}\nWORKDIR /src\nCOPY . .\nRUN dotnet restore\nCMD ["dotnet", "run"]\n`;
    const files = { 'Api.csproj': WEB };
    const cached = convert(text, new MemoryContext(files), { cache: true });
    expect(cached.status).toBe('converted');
    expect(cached.warnings.map((w) => w.code)).not.toContain('MSC152');
    const mount = '--mount=type=cache,target=/root/.nuget/packages';
    expect(cached.output).toContain(`RUN ${mount} dotnet restore\n`);
    expect(cached.output).toMatch(new RegExp(`RUN ${mount} dotnet publish Api\\.csproj `));
    // Without --cache nothing is mounted, in the restore or the publish.
    expect(convert(text, new MemoryContext(files)).output).not.toContain('--mount');
  });

  it('--cache is left out (MSC152) when the added publish works offline (--no-restore)', () => {
    const text = `${SDK.replace(/^/, 'FROM ')}\nWORKDIR /src\nCOPY . .\nRUN dotnet restore\nCMD ["dotnet", "run", "--no-restore"]\n`;
    const files = { 'Api.csproj': WEB };
    const plain = convert(text, new MemoryContext(files));
    const cached = convert(text, new MemoryContext(files), { cache: true });
    expect(cached.output).toBe(plain.output);
    expect(cached.warnings.find((w) => w.code === 'MSC152')?.message).toContain(
      'works offline (--no-restore)',
    );
  });

  it('--keep-start (keepStart) declines as before, with the same reason', () => {
    const text = `${head}ENTRYPOINT ["dotnet", "run"]\n`;
    const kept = convert(text, new MemoryContext({ 'Api.csproj': WEB }), { keepStart: true });
    expect(kept.status).toBe('declined');
    expect(kept.code).toBe('MSC005');
    expect(kept.reason).toBe(
      'ENTRYPOINT runs `dotnet run`, which needs the .NET SDK when the container starts; publish in a RUN step and start the output with dotnet <App>.dll.',
    );
  });
});

describe('dotnet run at start that cannot be mapped exactly: declined with the reason (MSC005)', () => {
  it.each([
    [
      'a shell command line',
      'CMD dotnet run && echo done',
      { 'Api.csproj': WEB },
      'more than `dotnet run`',
    ],
    [
      'ENTRYPOINT with CMD words',
      'ENTRYPOINT ["dotnet", "run"]\nCMD ["--", "x"]',
      { 'Api.csproj': WEB },
      'ENTRYPOINT and CMD',
    ],
    ['--no-build', 'CMD ["dotnet", "run", "--no-build"]', { 'Api.csproj': WEB }, '--no-build'],
    [
      'a runtime identifier',
      'CMD ["dotnet", "run", "-r", "linux-x64"]',
      { 'Api.csproj': WEB },
      '-r',
    ],
    ['a word before --', 'CMD ["dotnet", "run", "app.cs"]', { 'Api.csproj': WEB }, 'before `--`'],
    [
      '--urls with arguments after --',
      'CMD ["dotnet", "run", "--urls", "http://+:80", "--", "x"]',
      { 'Api.csproj': WEB },
      '--urls',
    ],
    [
      'two project files',
      'CMD ["dotnet", "run"]',
      { 'Api.csproj': WEB, 'Other.csproj': WEB },
      'several project files',
    ],
    ['no project file', 'CMD ["dotnet", "run"]', { 'Api.sln': '' }, 'no project file'],
    [
      'several target frameworks, no -f',
      'CMD ["dotnet", "run"]',
      {
        'Api.csproj': proj(
          'Microsoft.NET.Sdk.Web',
          '<TargetFrameworks>net6.0;net8.0</TargetFrameworks>',
        ),
      },
      'several frameworks',
    ],
    [
      'a library project',
      'CMD ["dotnet", "run"]',
      { 'Lib.csproj': proj('Microsoft.NET.Sdk') },
      'not an app',
    ],
    [
      'RunWorkingDirectory',
      'CMD ["dotnet", "run"]',
      {
        'Api.csproj': proj(
          'Microsoft.NET.Sdk.Web',
          '<TargetFramework>net8.0</TargetFramework><RunWorkingDirectory>/data</RunWorkingDirectory>',
        ),
      },
      'RunWorkingDirectory',
    ],
    [
      '--project of a console project elsewhere (runs in the start folder)',
      'CMD ["dotnet", "run", "--project", "tools/Tool"]',
      { 'tools/Tool/Tool.csproj': CONSOLE },
      'not in its project folder',
    ],
    [
      'a content-root folder publish does not carry',
      'CMD ["dotnet", "run"]',
      { 'Api.csproj': WEB, 'data/app.db': 'x' },
      '/src/data is in the content root',
    ],
    [
      "a console app's appsettings.json its project does not publish",
      'CMD ["dotnet", "run"]',
      { 'Tool.csproj': CONSOLE, 'appsettings.json': '{}' },
      '/src/appsettings.json',
    ],
    [
      'profile arguments (commandLineArgs) and no program arguments',
      'CMD ["dotnet", "run"]',
      {
        'Api.csproj': WEB,
        'Properties/launchSettings.json': profile({ commandLineArgs: '--seed' }),
      },
      'commandLineArgs',
    ],
    [
      "a profile serving HTTPS with the SDK's development certificate",
      'CMD ["dotnet", "run"]',
      {
        'Api.csproj': WEB,
        'Properties/launchSettings.json': profile({
          applicationUrl: 'https://localhost:5001;http://localhost:5000',
        }),
      },
      'serves HTTPS (https://localhost:5001;http://localhost:5000)',
    ],
    [
      'a profile key dotnet run may act on',
      'CMD ["dotnet", "run"]',
      {
        'Api.csproj': WEB,
        'Properties/launchSettings.json': profile({ workingDirectory: '/data' }),
      },
      'sets workingDirectory',
    ],
    [
      'a profile value ENV would change ($)',
      'CMD ["dotnet", "run"]',
      {
        'Api.csproj': WEB,
        'Properties/launchSettings.json': profile({ environmentVariables: { DB: 'pa$$' } }),
      },
      'DB=pa$$',
    ],
    [
      'a profile value the SDK may expand (%)',
      'CMD ["dotnet", "run"]',
      {
        'Api.csproj': WEB,
        'Properties/launchSettings.json': profile({ environmentVariables: { T: '%TEMP%' } }),
      },
      'T=%TEMP%',
    ],
    [
      'a launch settings file with comments',
      'CMD ["dotnet", "run"]',
      { 'Api.csproj': WEB, 'Properties/launchSettings.json': '{ // dev\n "profiles": {} }' },
      'not plain JSON',
    ],
    [
      'a named profile that is missing',
      'CMD ["dotnet", "run", "-lp", "prod"]',
      { 'Api.csproj': WEB, 'Properties/launchSettings.json': profile({}) },
      'prod is not in',
    ],
    [
      'a named profile of another kind',
      'CMD ["dotnet", "run", "--launch-profile", "Docker"]',
      {
        'Api.csproj': WEB,
        'Properties/launchSettings.json': JSON.stringify({
          profiles: { Docker: { commandName: 'Docker' } },
        }),
      },
      'not a Project profile',
    ],
    [
      '/app/publish already in the image',
      'COPY out /app/publish\nCMD ["dotnet", "run"]',
      { 'Api.csproj': WEB, 'out/x.txt': 'x' },
      '/app/publish is already used',
    ],
  ])('%s', (_, start, files, why) => {
    const text = `${head}${start}\n`;
    const r = convert(text, new MemoryContext(files as Record<string, string>));
    expect({ status: r.status, code: r.code }).toEqual({ status: 'declined', code: 'MSC005' });
    expect(r.reason).toContain('It is not rewritten to dotnet publish: ');
    expect(r.reason).toContain(why);
    expect(r.output).toBe(text);
  });

  it('declines when the build context is unknown (a profile may apply)', () => {
    const text = `${head}CMD ["dotnet", "run", "--project", "Api.csproj"]\n`;
    const r = convert(text, new MemoryContext({ 'Api.csproj': WEB }, false));
    expect(r.status).toBe('declined');
    expect(r.reason).toContain('cannot see the build context');
  });
});

describe('readDotnetRun', () => {
  it('reads options in both spellings and keeps the words after --', () => {
    expect(
      readDotnetRun([
        '--configuration=Release',
        '-f',
        'net8.0',
        '--project',
        'a/b.csproj',
        '-v',
        'q',
        '--',
        '-c',
        'x',
      ]),
    ).toEqual({
      project: 'a/b.csproj',
      config: 'Release',
      framework: 'net8.0',
      buildArgs: [],
      profile: null,
      noProfile: false,
      args: ['-c', 'x'],
    });
  });
  it.each([[['-c']], [['-c', '$CONFIG']], [['--interactive']], [['-p', 'x']], [['-e', 'A=1']]])(
    'gives a reason for %j',
    (words) => {
      expect(typeof readDotnetRun(words)).toBe('string');
    },
  );
});
