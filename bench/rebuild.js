// npm run bench:rebuild: how long a rebuild takes after a one-line source change, for the
// original Dockerfile, the plain conversion and the --cache conversion of every buildable
// example with dependencies (--all: every buildable converted example). Each variant is built
// once to warm the build cache, one line of application source is changed in a copy of the
// example, and each variant is built again and timed. Needs Docker with BuildKit (the lab:
// DOCKER_BUILDKIT=1 /usr/bin/docker). Writes docs/rebuild.md unless --no-write.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const { convert, FsContext } = require(path.join(ROOT, 'dist'));
const { availableSync } = require(path.join(ROOT, 'dist', 'docker'));

const args = process.argv.slice(2);
const ALL = args.includes('--all');
const WRITE = !args.includes('--no-write');
const ONLY = args.filter((a) => !a.startsWith('--'));
const DOC = path.join(ROOT, 'docs', 'rebuild.md');
const RUN_ID = `${process.pid}-${Date.now().toString(36)}`;

const docker = availableSync();
if (!docker.ok) {
  console.error(
    `bench/rebuild: Docker is not usable here (${docker.reason}); start the lab first.`,
  );
  process.exit(2);
}
const backend = docker.backend;

/** True when the example installs third-party packages (the case --cache is for). */
function hasDependencies(dir) {
  const read = (f) => {
    try {
      return fs.readFileSync(path.join(dir, f), 'utf8');
    } catch {
      return null;
    }
  };
  const pkg = read('package.json');
  if (pkg) {
    const p = JSON.parse(pkg);
    const deps = { ...p.dependencies, ...p.devDependencies };
    if (Object.keys(deps).length > 0) return true;
    if (p.workspaces) return true;
  }
  const gomod = read('go.mod');
  if (gomod && /^require\b/m.test(gomod)) return true;
  const req = read('requirements.txt');
  if (req && req.split('\n').some((l) => l.trim() && !l.trim().startsWith('#'))) return true;
  const cargo = read('Cargo.toml');
  if (cargo && /\[dependencies\]\s*\n\s*\w/.test(cargo)) return true;
  const pom = read('pom.xml');
  if (pom && /<dependency>/.test(pom)) return true;
  return false;
}

const SOURCE = /\.(js|mjs|cjs|ts|go|py|rs|java)$/;
const SKIP = new Set(['node_modules', '.git', 'target', 'dist', 'build', 'out', 'bin', 'obj']);

/** The application source file to change: the one the start command names, else the first. */
function sourceFile(dir, dockerfile) {
  const files = [];
  const walk = (rel) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      if (SKIP.has(e.name)) continue;
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else if (SOURCE.test(e.name) && !/^scripts\//.test(r)) files.push(r);
    }
  };
  walk('');
  files.sort();
  const cmd = (dockerfile.match(/^(CMD|ENTRYPOINT).*$/gm) || []).join(' ');
  return (
    files.find((f) => cmd.includes(f)) ||
    files.find((f) => /^(server|index|app|main)\.(js|go|py)$/.test(f)) ||
    files.find((f) => /^src\/(index|main|app)\.(ts|js|rs)$/.test(f)) ||
    files.find((f) => /(^|\/)(server|index|main)\.(js|ts|go|rs)$/.test(f)) ||
    files[0]
  );
}

function build(dockerfileText, contextDir, tag) {
  const dfDir = fs.mkdtempSync(path.join(os.tmpdir(), 'msconvert-rebuild-df-'));
  const file = path.join(dfDir, 'Dockerfile');
  fs.writeFileSync(file, dockerfileText);
  const started = process.hrtime.bigint();
  const r = spawnSync(
    backend.bin,
    [
      ...backend.buildArgs,
      '--progress=plain',
      '--label',
      `msconvert.rebuild=${RUN_ID}`,
      '-t',
      tag,
      '-f',
      file,
      contextDir,
    ],
    { env: { ...process.env, ...backend.buildEnv }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  fs.rmSync(dfDir, { recursive: true, force: true });
  if (r.status !== 0) {
    const log = `${r.stderr}\n${r.stdout}`.trim().split('\n').slice(-15).join('\n');
    throw new Error(`build of ${tag} failed:\n${log}`);
  }
  return seconds;
}

function copyDir(from, to) {
  fs.cpSync(from, to, { recursive: true });
}

const VARIANTS = ['original', 'plain', 'cache'];

function measure({ name, dir, meta }) {
  const text = fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
  const plain = convert(text, new FsContext(dir));
  const cached = convert(text, new FsContext(dir), { cache: true });
  if (plain.status !== 'converted' || cached.status !== 'converted') return null;
  const texts = { original: text, plain: plain.output, cache: cached.output };
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `msconvert-rebuild-${name}-`));
  const tags = [];
  try {
    copyDir(dir, work);
    const file = sourceFile(work, text);
    const warm = {};
    for (const v of VARIANTS) {
      const tag = `msconvert-rebuild:${RUN_ID}-${name}-${v}`;
      tags.push(tag);
      warm[v] = build(texts[v], work, tag);
    }
    // One line of application source changes, as a developer's edit would. The line differs
    // for each variant, so that no variant reuses the layers another one built from the same
    // change (the plain conversion's builder is the original's, byte for byte).
    const comment = /\.py$/.test(file) ? '#' : '//';
    const source = fs.readFileSync(path.join(work, file), 'utf8');
    const rebuild = {};
    for (const v of VARIANTS) {
      fs.writeFileSync(path.join(work, file), `${source}\n${comment} rebuild ${RUN_ID} ${v}\n`);
      rebuild[v] = build(texts[v], work, `msconvert-rebuild:${RUN_ID}-${name}-${v}`);
    }
    const moved = (cached.explanation?.cache ?? []).some((l) => / moved before /.test(l));
    const kept = cached.warnings.some((w) => w.code === 'MSC150');
    return {
      name,
      deps: hasDependencies(dir),
      file,
      warm,
      rebuild,
      change: moved ? 'install moved' : kept ? 'order kept (MSC150)' : 'mounts only',
      meta,
    };
  } finally {
    if (tags.length) spawnSync(backend.bin, ['rmi', '-f', ...tags], { encoding: 'utf8' });
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function examples() {
  const dir = path.join(ROOT, 'examples');
  return fs
    .readdirSync(dir)
    .filter((n) => fs.existsSync(path.join(dir, n, 'Dockerfile')))
    .sort()
    .map((name) => ({
      name,
      dir: path.join(dir, name),
      meta: JSON.parse(fs.readFileSync(path.join(dir, name, 'example.json'), 'utf8')),
    }))
    .filter((e) => e.meta.buildable && e.meta.expect === 'converted')
    .filter((e) => ALL || hasDependencies(e.dir))
    .filter((e) => ONLY.length === 0 || ONLY.includes(e.name));
}

const s = (x) => `${x.toFixed(1)} s`;
const ratio = (a, b) => (a / b).toFixed(2);

function table(rows) {
  const lines = [
    '| example | dependencies | --cache changed | source file changed | original | plain | --cache | plain/original | --cache/original |',
    '| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of rows)
    lines.push(
      `| ${r.name} | ${r.deps ? 'yes' : 'no'} | ${r.change} | \`${r.file}\` | ${s(r.rebuild.original)} | ${s(r.rebuild.plain)} | ${s(r.rebuild.cache)} | ${ratio(r.rebuild.plain, r.rebuild.original)} | ${ratio(r.rebuild.cache, r.rebuild.original)} |`,
    );
  return lines.join('\n');
}

function head() {
  const r = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : 'unknown';
}

const rows = [];
const failed = [];
const started = Date.now();
for (const e of examples()) {
  process.stderr.write(`${e.name} ... `);
  try {
    const r = measure(e);
    if (!r) {
      process.stderr.write('not converted, skipped\n');
      continue;
    }
    rows.push(r);
    process.stderr.write(
      `rebuild ${s(r.rebuild.original)} / ${s(r.rebuild.plain)} / ${s(r.rebuild.cache)} (cache/original ${ratio(r.rebuild.cache, r.rebuild.original)})\n`,
    );
  } catch (err) {
    failed.push({ name: e.name, error: err.message });
    process.stderr.write(`failed: ${err.message}\n`);
  }
}
const minutes = (Date.now() - started) / 60000;
console.log(table(rows));
const withDeps = rows.filter((r) => r.deps);
const halved = withDeps.filter((r) => r.rebuild.cache <= r.rebuild.original / 2);
console.log(
  `\n${halved.length} of ${withDeps.length} examples with dependencies rebuild in at most half the original's time with --cache (${minutes.toFixed(1)} min).`,
);
if (failed.length) console.log(`failed: ${failed.map((f) => f.name).join(', ')}`);

if (WRITE && ONLY.length === 0) {
  const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const doc = [
    '# Rebuild after a one-line change: original, plain conversion, --cache',
    '',
    `Written by \`npm run bench:rebuild\` (\`bench/rebuild.js\`) on ${date} at commit \`${head()}\`,`,
    `with \`${backend.describe}\` against the stand-in images of \`../shared/dockerlab\` (2 shared cores).`,
    '',
    'For each buildable example with dependencies, the original Dockerfile, the plain conversion and',
    'the `--cache` conversion were each built once to warm the build cache; then one line was',
    'appended to the application source file named in the table, in a copy of the example (a',
    'different line for each variant, so that none reuses the layers another one built), and',
    'each variant was built again. The figures are those second builds, once each, so a few',
    'tenths of a second are noise. "--cache changed" says what `--cache` did to the builder:',
    'moved the dependency step before the sources, kept the order and said why (MSC150), or only',
    'added cache mounts because the file was already in order.',
    '',
    table(rows),
    '',
    `${halved.length} of ${withDeps.length} examples with dependencies rebuild in at most half the original's time with \`--cache\`.`,
    failed.length
      ? `\nNot measured (the build failed): ${failed.map((f) => f.name).join(', ')}.`
      : '',
    `This run took ${minutes.toFixed(1)} min.`,
    '',
  ].join('\n');
  fs.writeFileSync(DOC, doc);
  const prettier = path.join(ROOT, 'node_modules', 'prettier', 'bin', 'prettier.cjs');
  spawnSync(process.execPath, [prettier, '--write', DOC], { encoding: 'utf8' });
  console.log(`wrote ${path.relative(process.cwd(), DOC)}`);
}
