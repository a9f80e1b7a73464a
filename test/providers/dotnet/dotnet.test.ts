// .NET provider table tests: what it matches (and must not), the output folder, runtime image
// and entry assembly it picks, and what it declines.
import { convert, MemoryContext } from '../../../src';
import { detects as detectsWith } from '../../helpers';
import { dotnetProvider, sdkImage } from '../../../src/providers/dotnet';

const SDK = 'mcr.microsoft.com/dotnet/sdk';
const proj = (sdk: string, tfm = 'net8.0', extra = '') =>
  `<Project Sdk="${sdk}">\n  <PropertyGroup>\n    <TargetFramework>${tfm}</TargetFramework>\n${extra}  </PropertyGroup>\n</Project>\n`;
const WEB = proj('Microsoft.NET.Sdk.Web');
const CONSOLE = proj('Microsoft.NET.Sdk', 'net8.0', '    <OutputType>Exe</OutputType>\n');

const detects = (dockerfile: string, files: Record<string, string> = {}): boolean =>
  detectsWith(dotnetProvider, dockerfile, files);

describe('dotnet provider detection', () => {
  it.each([
    [`FROM ${SDK}:8.0\nRUN dotnet publish -o /o\nCMD ["dotnet","/o/A.dll"]\n`, true],
    [`FROM ${SDK}:8.0-alpine\nCMD ["dotnet","--info"]\n`, true],
    ['FROM mcr.microsoft.com/dotnet/core/sdk:3.1\nCMD ["dotnet","a.dll"]\n', true],
    ['FROM ubuntu:24.04\nRUN dotnet build -c Release\nCMD ["dotnet","a.dll"]\n', true],
    [
      'FROM mcr.microsoft.com/dotnet/aspnet:8.0\nCOPY out /app\nCMD ["dotnet","/app/A.dll"]\n',
      false,
    ],
    ['FROM node:20\nRUN npm ci\nCMD ["node","x.js"]\n', false],
    ['FROM maven:3.9-eclipse-temurin-17\nRUN mvn package\nCMD ["java","-jar","t.jar"]\n', false],
    ['FROM debian:12\nRUN echo dotnet publish\nCMD ["true"]\n', false],
  ])('%j -> %s', (df, expected) => {
    expect(detects(df)).toBe(expected);
  });
});

describe('SDK image -> runtime repository and flavour', () => {
  it.each([
    [SDK, '8.0', 'mcr.microsoft.com/dotnet', '8.0', '', 'debian'],
    [
      SDK,
      '8.0.404-bookworm-slim-amd64',
      'mcr.microsoft.com/dotnet',
      '8.0',
      'bookworm-slim',
      'debian',
    ],
    [SDK, '8.0-alpine3.20', 'mcr.microsoft.com/dotnet', '8.0', 'alpine3.20', 'alpine'],
    [SDK, '9.0-noble', 'mcr.microsoft.com/dotnet', '9.0', 'noble', 'debian'],
    [SDK, '8.0-azurelinux3.0', 'mcr.microsoft.com/dotnet', '8.0', 'azurelinux3.0', 'other'],
    [
      'mcr.microsoft.com/dotnet/core/sdk',
      '3.1',
      'mcr.microsoft.com/dotnet/core',
      '3.1',
      '',
      'debian',
    ],
  ])('%s:%s', (repo, tag, runtimeRepo, version, flavour, family) => {
    expect(sdkImage(repo, tag)).toEqual({ repo: runtimeRepo, version, flavour, family });
  });
});

interface Row {
  name: string;
  df: string;
  files: Record<string, string>;
  has: string[];
  lacks?: string[];
}

describe('dotnet conversions', () => {
  it.each<Row>([
    {
      name: 'web project on aspnet, publish -o',
      df: `FROM ${SDK}:8.0\nWORKDIR /src\nCOPY . .\nRUN dotnet publish -c Release -o /app\nWORKDIR /app\nENTRYPOINT ["dotnet","Api.dll"]\n`,
      files: { 'Api.csproj': WEB },
      has: ['FROM mcr.microsoft.com/dotnet/aspnet:8.0\n', 'COPY --from=builder /app /app'],
    },
    {
      name: 'console project on runtime',
      df: `FROM ${SDK}:8.0\nWORKDIR /src\nCOPY . .\nRUN dotnet publish -o /out\nCMD ["dotnet","/out/Tool.dll"]\n`,
      files: { 'Tool.csproj': CONSOLE },
      has: ['FROM mcr.microsoft.com/dotnet/runtime:8.0\n'],
    },
    {
      name: 'default publish folder from the TargetFramework (Release for net8.0)',
      df: `FROM ${SDK}:8.0\nWORKDIR /src\nCOPY . .\nRUN dotnet publish\nCMD ["dotnet","bin/Release/net8.0/publish/Tool.dll"]\n`,
      files: { 'Tool.csproj': CONSOLE },
      has: ['COPY --from=builder /src/bin/Release/net8.0/publish /src/bin/Release/net8.0/publish'],
    },
    {
      name: 'default publish folder is Debug before net8.0, with the runtime identifier',
      df: `FROM ${SDK}:7.0\nWORKDIR /src\nCOPY . .\nRUN dotnet publish -r linux-x64 --self-contained false\nCMD ["dotnet","bin/Debug/net7.0/linux-x64/publish/Tool.dll"]\n`,
      files: { 'Tool.csproj': proj('Microsoft.NET.Sdk', 'net7.0') },
      has: [
        'FROM mcr.microsoft.com/dotnet/runtime:7.0\n',
        '/src/bin/Debug/net7.0/linux-x64/publish',
      ],
    },
    {
      name: 'dotnet build output with -c',
      df: `FROM ${SDK}:8.0\nWORKDIR /src\nCOPY . .\nRUN dotnet build -c Release\nCMD ["dotnet","bin/Release/net8.0/Api.dll"]\n`,
      files: { 'Api.csproj': WEB },
      has: ['COPY --from=builder /src/bin/Release/net8.0 /src/bin/Release/net8.0'],
    },
    {
      name: 'AssemblyName names the entry assembly',
      df: `FROM ${SDK}:8.0\nWORKDIR /src\nCOPY . .\nRUN dotnet publish -o /app\nENTRYPOINT ["dotnet","/app/orders-api.dll"]\n`,
      files: {
        'Orders.Api.csproj': proj(
          'Microsoft.NET.Sdk.Web',
          'net8.0',
          '    <AssemblyName>orders-api</AssemblyName>\n',
        ),
      },
      has: ['COPY --from=builder /app /app'],
    },
    {
      name: 'app host started by path',
      df: `FROM ${SDK}:8.0\nWORKDIR /src\nCOPY . .\nRUN dotnet publish -c Release -o /app\nWORKDIR /app\nENTRYPOINT ["./Api"]\n`,
      files: { 'Api.csproj': WEB },
      has: ['FROM mcr.microsoft.com/dotnet/aspnet:8.0\n', 'ENTRYPOINT ["./Api"]'],
    },
    {
      name: 'self-contained app host on runtime-deps',
      df: `FROM ${SDK}:8.0-bookworm-slim\nWORKDIR /src\nCOPY . .\nRUN dotnet publish -r linux-x64 --sc -o /app\nENTRYPOINT ["/app/Api"]\n`,
      files: { 'Api.csproj': WEB },
      has: ['FROM mcr.microsoft.com/dotnet/runtime-deps:8.0-bookworm-slim\n'],
    },
    {
      name: 'PublishAot in the project file also goes to runtime-deps',
      df: `FROM ${SDK}:8.0\nWORKDIR /src\nCOPY . .\nRUN dotnet publish -r linux-x64 -o /app\nENTRYPOINT ["/app/Tool"]\n`,
      files: {
        'Tool.csproj': proj('Microsoft.NET.Sdk', 'net8.0', '    <PublishAot>true</PublishAot>\n'),
      },
      has: ['FROM mcr.microsoft.com/dotnet/runtime-deps:8.0\n'],
    },
    {
      name: 'runtime version follows the TargetFramework, not the SDK',
      df: `FROM ${SDK}:8.0\nWORKDIR /src\nCOPY . .\nRUN dotnet publish -o /app\nCMD ["dotnet","/app/Api.dll"]\n`,
      files: { 'Api.csproj': proj('Microsoft.NET.Sdk.Web', 'net6.0') },
      has: ['FROM mcr.microsoft.com/dotnet/aspnet:6.0\n', 'ENV ASPNETCORE_URLS=\n'],
    },
    {
      name: 'ASPNETCORE_URLS set by the original needs no reset',
      df: `FROM ${SDK}:6.0\nWORKDIR /src\nCOPY . .\nRUN dotnet publish -o /app\nENV ASPNETCORE_URLS=http://+:80\nCMD ["dotnet","/app/Api.dll"]\n`,
      files: { 'Api.csproj': proj('Microsoft.NET.Sdk.Web', 'net6.0') },
      has: ['FROM mcr.microsoft.com/dotnet/aspnet:6.0\n'],
      lacks: ['ENV ASPNETCORE_URLS=\n'],
    },
    {
      name: 'a referenced project using ASP.NET Core makes it aspnet',
      df: `FROM ${SDK}:8.0\nWORKDIR /src\nCOPY . .\nRUN dotnet publish App/App.csproj -o /app\nCMD ["dotnet","/app/App.dll"]\n`,
      files: {
        'App/App.csproj': `<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup><ItemGroup><ProjectReference Include="..\\Lib\\Lib.csproj" /></ItemGroup></Project>`,
        'Lib/Lib.csproj': `<Project Sdk="Microsoft.NET.Sdk"><ItemGroup><FrameworkReference Include="Microsoft.AspNetCore.App" /></ItemGroup></Project>`,
      },
      has: ['FROM mcr.microsoft.com/dotnet/aspnet:8.0\n'],
    },
    {
      name: 'TargetFramework from Directory.Build.props and a solution',
      df: `FROM ${SDK}:8.0\nWORKDIR /src\nCOPY . .\nRUN dotnet publish src/Api/Api.csproj -o /app\nCMD ["dotnet","/app/Api.dll"]\n`,
      files: {
        'Directory.Build.props':
          '<Project><PropertyGroup><TargetFramework>net9.0</TargetFramework></PropertyGroup></Project>',
        'src/Api/Api.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web"></Project>',
      },
      has: ['FROM mcr.microsoft.com/dotnet/aspnet:9.0\n'],
    },
    {
      name: 'Alpine: ICU, tzdata and invariant mode off, as in the SDK image',
      df: `FROM ${SDK}:8.0-alpine3.20\nWORKDIR /src\nCOPY . .\nRUN dotnet publish -o /app\nCMD ["dotnet","/app/Api.dll"]\n`,
      files: { 'Api.csproj': WEB },
      has: [
        'FROM mcr.microsoft.com/dotnet/aspnet:8.0-alpine3.20\n',
        'RUN apk add --no-cache icu-libs icu-data-full tzdata',
        'ENV DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=false',
      ],
    },
    {
      name: 'Alpine with invariant globalization set by the original: no ICU',
      df: `FROM ${SDK}:8.0-alpine\nWORKDIR /src\nCOPY . .\nRUN dotnet publish -o /app\nENV DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1\nCMD ["dotnet","/app/Api.dll"]\n`,
      files: { 'Api.csproj': WEB },
      has: ['RUN apk add --no-cache tzdata', 'ENV DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1'],
      lacks: ['icu-libs', 'INVARIANT=false'],
    },
    {
      name: 'Debian runtime images ship ICU: nothing installed',
      df: `FROM ${SDK}:8.0\nWORKDIR /src\nCOPY . .\nRUN dotnet publish -o /app\nCMD ["dotnet","/app/Api.dll"]\n`,
      files: { 'Api.csproj': WEB },
      has: ['FROM mcr.microsoft.com/dotnet/aspnet:8.0\n'],
      lacks: ['apt-get', 'INVARIANT'],
    },
    {
      name: 'appsettings.json read from the working folder is copied',
      df: `FROM ${SDK}:8.0\nWORKDIR /src/Api\nCOPY . .\nRUN dotnet publish\nCMD ["dotnet","bin/Release/net8.0/publish/Api.dll"]\n`,
      files: { 'Api.csproj': WEB, 'appsettings.json': '{}', 'wwwroot/index.html': '<p>' },
      has: [
        'COPY --from=builder /src/Api/appsettings.json /src/Api/appsettings.json',
        'COPY --from=builder /src/Api/wwwroot /src/Api/wwwroot',
      ],
    },
    {
      name: 'a certificate made by a RUN step and named by ENV is copied',
      df: `FROM ${SDK}:8.0\nWORKDIR /src\nCOPY . .\nRUN dotnet publish -o /app && dotnet dev-certs https -ep /https/api.pfx -p pw\nENV ASPNETCORE_Kestrel__Certificates__Default__Path=/https/api.pfx\nCMD ["dotnet","/app/Api.dll"]\n`,
      files: { 'Api.csproj': WEB },
      has: ['COPY --from=builder /https/api.pfx /https/api.pfx'],
    },
    {
      name: 'the app user of .NET 8 images needs no user database',
      df: `FROM ${SDK}:8.0\nWORKDIR /src\nCOPY . .\nRUN dotnet publish -o /app\nUSER app\nCMD ["dotnet","/app/Api.dll"]\n`,
      files: { 'Api.csproj': WEB },
      has: ['USER app'],
      lacks: ['/etc/passwd'],
    },
    {
      name: 'build configuration from an ARG',
      df: `FROM ${SDK}:8.0\nARG CONFIG=Release\nWORKDIR /src\nCOPY . .\nRUN dotnet build -c $CONFIG\nCMD ["dotnet","bin/Release/net8.0/Api.dll"]\n`,
      files: { 'Api.csproj': WEB },
      has: ['/src/bin/Release/net8.0 /src/bin/Release/net8.0'],
    },
  ])('$name', ({ df, files, has, lacks }) => {
    const ctx = new MemoryContext(files);
    const r = convert(df, ctx);
    expect(r.reason).toBeNull();
    expect(r.status).toBe('converted');
    expect(r.language).toBe('dotnet');
    for (const h of has) expect(r.output).toContain(h);
    for (const l of lacks ?? []) expect(r.output.slice(df.length)).not.toContain(l);
    expect(r.output.startsWith(df.replace(/^(FROM \S+)/m, '$1 AS builder'))).toBe(true);
    expect(convert(r.output, ctx).status).toBe('unchanged');
  });

  const pub = (cmd: string, from = `${SDK}:8.0`) =>
    `FROM ${from}\nWORKDIR /src\nCOPY . .\nRUN dotnet publish -c Release -o /app\n${cmd}\n`;
  it.each([
    // Rewritten without --keep-start (test/providers/dotnet/start-rewrite.test.ts).
    [
      'dotnet run at start, --keep-start',
      pub('CMD ["dotnet","run"]'),
      { 'Api.csproj': WEB },
      'MSC005',
    ],
    ['dotnet watch at start', pub('CMD dotnet watch run'), { 'Api.csproj': WEB }, 'MSC005'],
    [
      'dotnet ef at start',
      pub('CMD dotnet ef database update && dotnet /app/Api.dll'),
      { 'Api.csproj': WEB },
      'MSC005',
    ],
    [
      'an entry assembly the project does not produce',
      pub('CMD ["dotnet","/app/Other.dll"]'),
      { 'Api.csproj': WEB },
      'MSC007',
    ],
    [
      'a dll outside every build output',
      pub('CMD ["dotnet","/srv/Api.dll"]'),
      { 'Api.csproj': WEB },
      'MSC007',
    ],
    ['the project file is not in the context', pub('CMD ["dotnet","/app/Api.dll"]'), {}, 'MSC007'],
    [
      'several TargetFrameworks and no -f',
      pub('CMD ["dotnet","/app/Api.dll"]'),
      {
        'Api.csproj':
          '<Project Sdk="Microsoft.NET.Sdk.Web"><PropertyGroup><TargetFrameworks>net6.0;net8.0</TargetFrameworks></PropertyGroup></Project>',
      },
      'MSC007',
    ],
    [
      'a Windows target framework',
      pub('CMD ["dotnet","/app/Api.dll"]'),
      { 'Api.csproj': proj('Microsoft.NET.Sdk', 'net8.0-windows') },
      'MSC004',
    ],
    [
      'nothing published: host-built output copied in',
      `FROM ${SDK}:8.0\nCOPY bin/Release/net8.0/publish /app\nCMD ["dotnet","/app/Api.dll"]\n`,
      { 'Api.csproj': WEB },
      'MSC006',
    ],
    [
      'an SDK installed on a plain OS image',
      'FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y dotnet-sdk-8.0\nWORKDIR /src\nCOPY . .\nRUN dotnet publish -o /app\nCMD ["dotnet","/app/Api.dll"]\n',
      { 'Api.csproj': WEB },
      'MSC015',
    ],
    [
      '--runtime alpine for a glibc build',
      pub('CMD ["dotnet","/app/Api.dll"]'),
      { 'Api.csproj': WEB },
      'MSC011',
    ],
  ])('declines: %s', (name, df, files, code) => {
    const ctx = new MemoryContext(files as Record<string, string>);
    const r = convert(
      df,
      ctx,
      name.startsWith('--runtime alpine')
        ? { runtime: 'alpine' }
        : name.endsWith('--keep-start')
          ? { keepStart: true }
          : {},
    );
    expect(r.status).toBe('declined');
    expect(r.code).toBe(code);
    expect(r.reason).toMatch(/\w/);
    expect(r.output).toBe(df);
  });
});
