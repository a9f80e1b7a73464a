// The shared start-rewrite hook refuses a rewrite whose added build line would run as a
// non-root USER and write where the original start did not (src/providers/start-rewrite.ts),
// for every provider alike; a build that writes where the start's own build wrote is kept.
import { convert, MemoryContext } from '../../src';

const GO = {
  head: 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN useradd -m app\n',
  start: 'CMD ["go", "run", "."]',
  files: {
    'go.mod': 'module example.com/hello\n\ngo 1.22\n',
    'main.go': 'package main\n\nfunc main() {}\n',
  },
  built: 'RUN go build -o /usr/local/bin/hello .',
};
const RUST = {
  head: 'FROM rust:1.79\nWORKDIR /app\nCOPY . .\n',
  start: 'CMD ["cargo", "run", "--release"]',
  files: {
    'Cargo.toml': '[package]\nname = "hello"\nversion = "0.1.0"\nedition = "2021"\n',
    'Cargo.lock': 'version = 3\n',
    'src/main.rs': 'fn main() {}\n',
  },
  built: 'RUN cargo build --release',
};
const NODE = {
  head: 'FROM node:20\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\n',
  start: 'CMD ["npx", "ts-node", "src/index.ts"]',
  files: {
    'package.json': JSON.stringify({
      name: 'x',
      version: '1.0.0',
      devDependencies: { 'ts-node': '10.9.2', typescript: '5.4.5' },
    }),
    'package-lock.json': JSON.stringify({ name: 'x', lockfileVersion: 3, packages: { '': {} } }),
    'tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'dist' } }),
    'src/index.ts': 'console.log(1);\n',
  },
  built: 'RUN npx tsc -p tsconfig.json',
};
const DOTNET = {
  head: 'FROM mcr.microsoft.com/dotnet/sdk:8.0\nWORKDIR /src\nCOPY . .\n',
  start: 'CMD ["dotnet", "run"]',
  files: {
    'Api.csproj':
      '<Project Sdk="Microsoft.NET.Sdk.Web"><PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup></Project>',
    'Program.cs': 'var app = WebApplication.Create(args); app.Run();\n',
  },
  built: 'RUN dotnet publish',
};
const JAVA = {
  head: 'FROM maven:3.9-eclipse-temurin-17\nWORKDIR /app\nCOPY . .\n',
  start: 'CMD ["mvn", "spring-boot:run"]',
  files: {
    'pom.xml':
      '<project><modelVersion>4.0.0</modelVersion><parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>3.2.5</version></parent><artifactId>shop</artifactId><version>1.4.0</version><build><plugins><plugin><groupId>org.springframework.boot</groupId><artifactId>spring-boot-maven-plugin</artifactId></plugin></plugins></build></project>',
    'src/main/java/A.java': 'class A {}\n',
  },
  built: 'RUN mvn -DskipTests package',
};
const PRESTART = {
  head: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\n',
  start: 'CMD ["npm", "start"]',
  files: {
    'package.json': JSON.stringify({
      name: 'api',
      scripts: { prestart: 'tsc', start: 'node dist/app.js' },
      devDependencies: { typescript: '5.4.5' },
    }),
    'tsconfig.json': JSON.stringify({ compilerOptions: { rootDir: 'src', outDir: 'dist' } }),
    'src/app.ts': 'console.log(1);\n',
  },
  built: 'RUN npx tsc',
};
/** Builds that write a folder the app runs from, somewhere the original start never wrote. */
const REFUSED = { 'dotnet run': DOTNET };
/** Builds that write only new files the app never writes to: they run as root. */
const AS_ROOT = { 'go run': GO, 'ts-node': NODE };
/** Builds that write what the start's own build wrote, as the same user. */
const KEPT = {
  'cargo run': RUST,
  'mvn spring-boot:run': JAVA,
  'npm start with prestart': PRESTART,
};

describe.each(Object.entries(KEPT))('a %s rewrite under a non-root USER', (_, c) => {
  it('is made: the same user wrote the same folders when the original started', () => {
    const r = convert(
      `${c.head}USER app\n${c.start}\n`,
      new MemoryContext(c.files as Record<string, string>),
    );
    expect({ status: r.status, reason: r.reason }).toEqual({ status: 'converted', reason: null });
    expect(r.output).toContain(c.built);
    expect(r.output.split(/\n\nFROM /).pop()).toContain('USER app');
  });
});

describe.each(Object.entries({ ...REFUSED, ...AS_ROOT, ...KEPT }))('a %s start rewrite', (_, c) => {
  it('is made when the builder runs as root', () => {
    for (const user of ['', 'USER root\n', 'USER 0:0\n']) {
      const r = convert(
        `${c.head}${user}${c.start}\n`,
        new MemoryContext(c.files as Record<string, string>),
      );
      expect({ user, status: r.status }).toEqual({ user, status: 'converted' });
      expect(r.output).toContain(c.built);
    }
  });

  it('with --keep-start declines as before, without naming the rewrite', () => {
    const r = convert(
      `${c.head}USER app\n${c.start}\n`,
      new MemoryContext(c.files as Record<string, string>),
      {
        keepStart: true,
      },
    );
    expect(r.status).toBe('declined');
    expect(r.reason).not.toContain('USER app');
  });
});

describe.each(Object.entries(REFUSED))('a %s rewrite under a non-root USER', (_, c) => {
  it('is refused, with the user and the build named', () => {
    const text = `${c.head}USER app\n${c.start}\n`;
    const r = convert(text, new MemoryContext(c.files as Record<string, string>));
    expect({ status: r.status, code: r.code }).toEqual({ status: 'declined', code: 'MSC005' });
    expect(r.reason).toContain('`USER app`');
    expect(r.reason).toContain(c.built);
    expect(r.output).toBe(text);
  });
});

describe.each(Object.entries(AS_ROOT))('a %s rewrite under a non-root USER', (_, c) => {
  it('builds as root and gives the builder its user back; the runtime runs as the user', () => {
    for (const user of ['app', '1000:1000']) {
      const r = convert(
        `${c.head}USER ${user}\n${c.start}\n`,
        new MemoryContext(c.files as Record<string, string>),
      );
      expect({ user, status: r.status }).toEqual({ user, status: 'converted' });
      const stages = r.output.split(/\n\nFROM /);
      const [builder, runtime] = [stages[0], stages[stages.length - 1]];
      const lines = builder.split('\n');
      const root = lines.indexOf('USER root');
      const built = lines.indexOf(c.built);
      expect(root).toBeGreaterThan(lines.indexOf(c.start));
      expect(built).toBeGreaterThan(root);
      expect(lines.slice(built + 1)).toEqual([`USER ${user}`]);
      expect(runtime).toContain(`USER ${user}`);
      expect(runtime).not.toContain('USER root');
      expect(r.warnings.map((w) => w.message).join('\n')).toContain('The build runs as root');
    }
  });

  it('gives back the user a variable named, as its value', () => {
    const text = `${c.head}ARG U=app\nUSER $U\n${c.start}\n`;
    const r = convert(text, new MemoryContext(c.files as Record<string, string>));
    expect(r.status).toBe('converted');
    expect(r.output).toContain(`${c.built}\nUSER app\n`);
  });
});

it('a rewrite that adds no build line (uvicorn --reload) is made under a non-root USER', () => {
  const text =
    'FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nUSER nobody\nCMD ["uvicorn", "main:app", "--reload"]\n';
  const r = convert(
    text,
    new MemoryContext({ 'requirements.txt': 'uvicorn==0.30.6\n', 'main.py': 'app = None\n' }),
  );
  expect(r.status).toBe('converted');
  expect(r.output).toContain('CMD ["uvicorn", "main:app"]');
  expect(r.warnings.map((w) => w.code)).toContain('MSC180');
});

describe.each(Object.entries({ ...REFUSED, ...AS_ROOT, ...KEPT }))(
  'a %s rewrite with a Compose development mount',
  (_, c) => {
    const compose = (mount: string, workingDir = '') =>
      `services:\n  app:\n    build: .\n${workingDir}    volumes:\n      - ${mount}\n`;

    it('is refused when the sources are mounted over the folder the start runs in', () => {
      const cwd = /WORKDIR (\S+)/.exec(c.head)![1];
      const text = `${c.head}${c.start}\n`;
      const r = convert(
        text,
        new MemoryContext({ ...c.files, 'compose.yaml': compose(`.:${cwd}`) } as Record<
          string,
          string
        >),
      );
      expect({ status: r.status, code: r.code }).toEqual({ status: 'declined', code: 'MSC005' });
      expect(r.reason).toContain(`mounts . over ${cwd}`);
      expect(r.output).toBe(text);
    });

    it("is refused when the service's working_dir moves the start onto the mount", () => {
      const r = convert(
        `${c.head}${c.start}\n`,
        new MemoryContext({
          ...c.files,
          'compose.yaml': compose('.:/dev-src', '    working_dir: /dev-src\n'),
        } as Record<string, string>),
      );
      expect(r.status).toBe('declined');
      expect(r.reason).toContain('working_dir /dev-src');
    });

    it('is made when the mount is elsewhere (a data folder)', () => {
      const r = convert(
        `${c.head}${c.start}\n`,
        new MemoryContext({ ...c.files, 'compose.yaml': compose('./data:/data') } as Record<
          string,
          string
        >),
      );
      expect(r.status).toBe('converted');
      expect(r.output).toContain(c.built);
    });
  },
);

describe('a ts-node rewrite under a non-root USER that owns part of the app', () => {
  // The compiled JavaScript moves __dirname into the output folder, which a root build would
  // leave root-owned: an app writing beside its code could in the original, and could not.
  const owned = {
    'COPY --chown': NODE.head.replace('COPY . .', 'COPY --chown=app . .'),
    'COPY --chown of a subfolder': NODE.head.replace(
      'COPY . .',
      'COPY . .\nCOPY --chown=app:app src ./src',
    ),
    'RUN chown -R': `${NODE.head}RUN chown -R app /app\n`,
    'a WORKDIR made after USER': NODE.head.replace('WORKDIR /app\n', 'USER app\nWORKDIR /app\n'),
  };
  it.each(Object.entries(owned))('is refused (%s)', (_, head) => {
    const text = `${head}USER app\n${NODE.start}\n`;
    const r = convert(text, new MemoryContext(NODE.files));
    expect({ status: r.status, code: r.code }).toEqual({ status: 'declined', code: 'MSC005' });
    expect(r.reason).toContain('`USER app`');
  });

  it("is made when only another folder is the user's", () => {
    const r = convert(
      `${NODE.head}RUN mkdir /data && chown app /data\nUSER app\n${NODE.start}\n`,
      new MemoryContext(NODE.files),
    );
    expect(r.status).toBe('converted');
    expect(r.output).toContain(`USER root\n${NODE.built}\nUSER app\n`);
  });

  it('go run is still built as root: its binary is outside the app', () => {
    const r = convert(
      `${GO.head}RUN chown -R app /src\nUSER app\n${GO.start}\n`,
      new MemoryContext(GO.files),
    );
    expect(r.status).toBe('converted');
    expect(r.output).toContain(`USER root\nENV CGO_ENABLED=0\n${GO.built}\nUSER app\n`);
  });
});
