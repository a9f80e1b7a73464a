#!/usr/bin/env node
// The wild regression set: real single-stage Dockerfiles from public repositories, each with
// the verdict a careful person reading it expects (bench/wild/repos.tsv), and what was found
// on reading each conversion (bench/wild/reviews.tsv). This runs msconvert over a local copy of
// those repositories and prints one table, so a fix can be measured on code nobody on the
// project wrote. The repositories are never committed: they are materialised from the fetched
// mirrors (/work/.mirror/<owner>+<name>) at the listed commit into --dir.
//
//   node bench/wild/run.js [--dir /work/wild] [--holdout | --all] [--lang go] [--only text]
//                          [--show] [--markdown] [--verify] [--json out.json]
//
// A third of the repositories (by a seeded hash of their name) is kept aside: it is left out
// unless --holdout (only those) or --all is given, so that fixes can be checked on cases their
// authors did not look at.
'use strict';
const { spawnSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'bin', 'msconvert.js');
const MIRROR = process.env.WILD_MIRROR || '/work/.mirror';
const HOLDOUT_SEED = 'msconvert-wild-1';

// The images the Docker lab has (shared/dockerlab/README.md); anything else cannot be built.
const LAB_IMAGES = new Set([
  'debian:bookworm-slim',
  'debian:bookworm',
  'debian:12-slim',
  'debian:12',
  'golang:1.19',
  'golang:1.19-bookworm',
  'node:20',
  'node:20-bookworm',
  'node:20-slim',
  'node:20-bookworm-slim',
  'python:3.11',
  'python:3.11-bookworm',
  'python:3.11-slim',
  'python:3.11-slim-bookworm',
  'eclipse-temurin:17-jre',
  'eclipse-temurin:17-jdk',
  'eclipse-temurin:17',
  'rust:1.63',
]);

function parseArgs(argv) {
  const o = { dir: '/work/wild', set: 'open', show: false, markdown: false, verify: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--dir') o.dir = path.resolve(val());
    else if (a === '--holdout') o.set = 'holdout';
    else if (a === '--no-holdout') o.set = 'open';
    else if (a === '--all') o.set = 'all';
    else if (a === '--lang') o.lang = val();
    else if (a === '--only') o.only = val();
    else if (a === '--show') o.show = true;
    else if (a === '--markdown') o.markdown = true;
    else if (a === '--summary') o.summary = true;
    else if (a === '--verify') o.verify = true;
    else if (a === '--lab-node') o.labNode = true;
    else if (a === '--json') o.json = val();
    else if (a === '-h' || a === '--help') {
      process.stdout.write(
        fs.readFileSync(__filename, 'utf8').split('\n').slice(1, 14).join('\n') + '\n',
      );
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  return o;
}

function readTsv(file) {
  if (!fs.existsSync(file)) return [];
  const lines = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'));
  const head = lines.shift().split('\t');
  return lines.map((l, n) => {
    const cells = l.split('\t');
    const row = {};
    head.forEach((h, i) => (row[h] = (cells[i] || '').trim()));
    row.line = n + 2;
    return row;
  });
}

function isHoldout(repo) {
  const h = crypto.createHash('sha256').update(`${HOLDOUT_SEED}:${repo}`).digest();
  return h.readUInt32BE(0) % 3 === 0;
}

function gitDir(repo) {
  const base = path.join(MIRROR, repo.replace('/', '+'), 'repo');
  if (fs.existsSync(path.join(base, '.git'))) return path.join(base, '.git');
  return fs.existsSync(path.join(base, 'HEAD')) ? base : null;
}

// The repository at its listed commit, extracted once into dir/<owner>+<name>.
function materialise(row, dir) {
  const into = path.join(dir, row.repo.replace('/', '+'));
  const stamp = path.join(into, '.wild-commit');
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8').trim() === row.commit) return into;
  const g = gitDir(row.repo);
  if (!g) throw new Error(`no copy: fetch ${row.repo} first (no mirror at ${MIRROR})`);
  fs.rmSync(into, { recursive: true, force: true });
  fs.mkdirSync(into, { recursive: true });
  const gitArchive = (exclude) =>
    spawnSync(
      'git',
      [
        '--git-dir',
        g,
        'archive',
        '--format=tar',
        row.commit,
        ...(exclude.length ? ['--', '.', ...exclude.map((p) => `:(exclude,literal)${p}`)] : []),
      ],
      { maxBuffer: 1 << 30 },
    );
  let archive = gitArchive([]);
  // Snapshots leave out files of 4 MiB and more (a committed binary, a bundle): those blobs are
  // missing from the mirror, and the copy is made without them, saying which.
  if (archive.status !== 0 && /invalid object/.test(archive.stderr)) {
    const absent = missingBlobs(g, row.commit);
    if (absent.length) {
      process.stderr.write(`${row.repo}: left out (not in the snapshot): ${absent.join(', ')}\n`);
      archive = gitArchive(absent);
    }
  }
  if (archive.status !== 0) throw new Error(`git archive ${row.commit}: ${archive.stderr}`);
  const tar = spawnSync('tar', ['-x', '-C', into], { input: archive.stdout, maxBuffer: 1 << 30 });
  if (tar.status !== 0) throw new Error(`tar: ${tar.stderr}`);
  fs.writeFileSync(stamp, row.commit + '\n');
  return into;
}

// The paths at commit whose blobs the mirror does not hold.
function missingBlobs(g, commit) {
  const tree = spawnSync('git', ['--git-dir', g, 'ls-tree', '-r', '-z', commit], {
    maxBuffer: 1 << 28,
  });
  const entries = tree.stdout
    .toString()
    .split('\0')
    .filter(Boolean)
    .map((e) => {
      const [meta, p] = e.split('\t');
      const [, type, oid] = meta.split(' ');
      return { type, oid, p };
    })
    .filter((e) => e.type === 'blob');
  const check = spawnSync('git', ['--git-dir', g, 'cat-file', '--batch-check'], {
    input: entries.map((e) => e.oid).join('\n') + '\n',
    maxBuffer: 1 << 28,
  });
  const lines = check.stdout.toString().split('\n');
  return entries.filter((e, i) => / missing$/.test(lines[i] || '')).map((e) => e.p);
}

// A null context (the row's context column says `compose`) lets msconvert find it as a user's
// run does: from the Compose files beside the Dockerfile, whose starts it must serve too.
function runMsconvert(file, context, extra = []) {
  const where = context === null ? [] : ['--context', context];
  const r = spawnSync(process.execPath, [CLI, '--json', ...where, ...extra, file], {
    maxBuffer: 1 << 28,
    timeout: 30 * 60 * 1000,
  });
  let report;
  try {
    report = JSON.parse(r.stdout.toString());
  } catch {
    return {
      status: 'error',
      reason: `exit ${r.status}: ${r.stderr.toString().trim().split('\n')[0]}`,
    };
  }
  const f = report.files && report.files[0];
  if (!f) return { status: 'error', reason: 'no file in the report' };
  return f;
}

const sha = (s) => crypto.createHash('sha256').update(s).digest('hex').slice(0, 12);

// What the result means against the expectation. "wrong" is the dangerous one.
function judge(expected, status) {
  if (status === 'error') return 'error';
  if (expected === status) return 'match';
  if (status === 'converted') return expected === 'declined' ? 'WRONG-convert' : 'mismatch';
  if (status === 'declined' && expected === 'converted') return 'over-decline';
  return 'mismatch';
}

// --verify: build here only what the lab can build (its FROM is one of the lab's stand-ins).
function fromImage(text) {
  const m = /^\s*FROM\s+(?:--\S+\s+)*(\S+)/im.exec(text);
  return m ? m[1].toLowerCase() : '';
}

// --verify: msconvert's own --verify (both images built and run, answers compared), only where
// the lab can build the original: its FROM is one of the lab's stand-ins. With --lab-node, a
// Node image the lab lacks is played by node:20 (or node:20-slim for -slim, and for -alpine when
// the Dockerfile uses no apk), in a copy of the Dockerfile next to it (Dockerfile.wildlab): the
// Node version changes, the conversion's mechanism under test does not.
function verifyCase(file, context, o) {
  const text = fs.readFileSync(file, 'utf8');
  const img = fromImage(text);
  let target = file;
  let note = '';
  if (!LAB_IMAGES.has(img)) {
    const node = /^node(:|$)/.test(img);
    const alpine = /alpine/.test(img);
    if (!o.labNode || !node || (alpine && /\bapk\b/.test(text)))
      return `not buildable here (${img})`;
    const stand = /slim|alpine/.test(img) ? 'node:20-slim' : 'node:20';
    target = `${file}.wildlab`;
    fs.writeFileSync(
      target,
      text.replace(/^(\s*FROM\s+(?:--\S+\s+)*)(\S+)/im, (m, pre) => pre + stand),
    );
    note = ` (${img} played by ${stand})`;
  }
  const v = runMsconvert(target, context, ['--verify']);
  if (!v.verify) return `error${note}: ${v.reason || v.status}`;
  return `${v.verify.verdict}${note}: ${v.verify.message}`;
}

function main() {
  const o = parseArgs(process.argv.slice(2));
  const rows = readTsv(path.join(__dirname, 'repos.tsv'));
  // Several reviews per case, one per output read: a fix that changes a conversion leaves the
  // old review in place (it still describes the old output) and asks for a new reading.
  const reviews = new Map();
  for (const r of readTsv(path.join(__dirname, 'reviews.tsv'))) {
    const k = `${r.repo}\t${r.dockerfile}`;
    reviews.set(k, [...(reviews.get(k) || []), r]);
  }
  for (const r of rows) {
    if ((r.holdout === 'yes') !== isHoldout(r.repo))
      throw new Error(
        `repos.tsv line ${r.line}: holdout must be ${isHoldout(r.repo) ? 'yes' : 'no'} for ${r.repo}`,
      );
  }
  const kept = rows.filter((r) => r.holdout === 'yes');
  let sel = rows.filter((r) =>
    o.set === 'all' ? true : o.set === 'holdout' ? r.holdout === 'yes' : r.holdout !== 'yes',
  );
  if (o.lang) sel = sel.filter((r) => r.lang === o.lang);
  if (o.only) sel = sel.filter((r) => `${r.repo}/${r.dockerfile}`.includes(o.only));
  fs.mkdirSync(o.dir, { recursive: true });

  const results = [];
  for (const row of sel) {
    const res = { ...row };
    try {
      const root = materialise(row, o.dir);
      const file = path.join(root, row.dockerfile);
      const context =
        row.context === 'compose'
          ? null
          : path.join(root, row.context || path.dirname(row.dockerfile));
      const f = runMsconvert(file, context);
      res.got = f.status;
      res.language = f.language || '';
      res.reason = f.reason || '';
      res.code = f.code || '';
      res.codes = (f.warnings || []).map((w) => w.code).join(',');
      res.outputHash = f.status === 'converted' ? sha(f.output) : '';
      res.output = f.output;
      res.warnings = f.warnings || [];
      const read = reviews.get(`${row.repo}\t${row.dockerfile}`) || [];
      const rv = read.find((r) => r.output === res.outputHash);
      if (f.status === 'converted') {
        if (!read.length) res.review = 'unreviewed';
        else if (!rv) res.review = `changed since review (${read[read.length - 1].verdict})`;
        else if (rv.verdict === 'wrong') res.review = `WRONG: ${rv.class}`;
        else res.review = rv.verdict === 'note' ? `ok; ${rv.class}` : 'ok';
        if (rv && rv.verdict !== 'ok') res.reviewNote = rv.note;
      } else res.review = '';
      if (o.verify && f.status === 'converted') {
        res.verify = verifyCase(file, context, o);
        // Builds take minutes: say each result as it comes, so an interrupted run is not lost.
        process.stderr.write(`verify ${row.repo} ${row.dockerfile}: ${res.verify}\n`);
      }
    } catch (e) {
      res.got = 'error';
      res.reason = String(e.message).split('\n')[0];
    }
    res.judgement = judge(row.expected, res.got);
    if (res.judgement === 'match' && /^WRONG/.test(res.review || ''))
      res.judgement = 'WRONG-output';
    // Declined was expected because a split gains nothing, and reading the conversion found that
    // it behaves the same: pointless, not dangerous.
    if (res.judgement === 'WRONG-convert' && /^ok/.test(res.review || ''))
      res.judgement = 'needless';
    results.push(res);
    if (o.show) {
      process.stdout.write(
        `\n===== ${row.repo} ${row.dockerfile} [${row.lang}] expected ${row.expected}, got ${res.got} ${res.language}\n`,
      );
      process.stdout.write(
        `  reason: ${res.reason}\n  codes: ${res.codes}\n  review: ${res.review}\n`,
      );
      for (const w of res.warnings || []) process.stdout.write(`  ${w.code} ${w.message}\n`);
      if (res.got === 'converted')
        process.stdout.write(
          res.output
            .split(/\r?\n/)
            .map((l) => '  | ' + l)
            .join('\n') + '\n',
        );
    }
  }

  print(results, o, kept.length);
  if (o.json) {
    fs.writeFileSync(
      o.json,
      JSON.stringify(
        results.map(({ output, warnings, ...r }) => r),
        null,
        2,
      ),
    );
  }
  const bad = results.filter((r) => /WRONG|error/.test(r.judgement)).length;
  process.exitCode = bad ? 1 : 0;
}

function print(results, o, keptAside) {
  const langs = [...new Set(results.map((r) => r.lang))].sort();
  const count = (rs, k, v) => rs.filter((r) => r[k] === v).length;
  const md = o.markdown;
  const out = [];
  const row = (cells) =>
    out.push(
      md
        ? `| ${cells.join(' | ')} |`
        : cells.map((c, i) => String(c).padEnd(i ? 10 : 28)).join(' '),
    );
  const head = ['case', 'expected', 'got', 'judgement', 'review', 'msconvert says'];
  out.push(md ? '' : '');
  // The kept-aside part is shown by its counts only, so nobody fixes it case by case.
  if (md && (o.set === 'holdout' || o.summary)) {
    // counts only
  } else if (md) {
    out.push(`| ${head.join(' | ')} |`, `|${head.map(() => ' --- ').join('|')}|`);
    for (const r of results) {
      const says = (r.reason || r.codes || '').replace(/\|/g, '\\|').slice(0, 140);
      out.push(
        `| ${r.repo} \`${r.dockerfile}\` (${r.lang}) | ${r.expected} | ${r.got} | ${r.judgement} | ${r.review || ''} | ${says} |`,
      );
    }
    out.push('');
  } else {
    for (const r of results) {
      out.push(
        `${r.judgement.padEnd(13)} ${(r.lang || '').padEnd(7)} exp ${r.expected.padEnd(9)} got ${(r.got || '').padEnd(9)} ${r.repo} ${r.dockerfile}${r.review ? '  [' + r.review + ']' : ''}${r.got !== 'converted' && r.reason ? '  — ' + r.reason.slice(0, 110) : ''}${r.verify ? '\n      verify: ' + r.verify : ''}`,
      );
    }
    out.push('');
  }
  const cols = [
    'language',
    'cases',
    'converted',
    'declined',
    'unchanged',
    'errors',
    'match',
    'wrong',
    'over-decline',
    'other',
  ];
  const line = (name, rs) => [
    name,
    rs.length,
    count(rs, 'got', 'converted'),
    count(rs, 'got', 'declined'),
    count(rs, 'got', 'unchanged'),
    count(rs, 'got', 'error'),
    count(rs, 'judgement', 'match'),
    rs.filter((r) => /^WRONG/.test(r.judgement)).length,
    count(rs, 'judgement', 'over-decline'),
    count(rs, 'judgement', 'mismatch') + count(rs, 'judgement', 'needless'),
  ];
  if (md) out.push(`| ${cols.join(' | ')} |`, `|${cols.map(() => ' ---: ').join('|')}|`);
  const w = cols.map((c) => Math.max(c.length + 2, 10));
  if (!md) out.push(cols.map((c, i) => c.padStart(w[i])).join(''));
  for (const l of [...langs, 'all']) {
    const rs = l === 'all' ? results : results.filter((r) => r.lang === l);
    const cells = line(l, rs);
    out.push(
      md ? `| ${cells.join(' | ')} |` : cells.map((c, i) => String(c).padStart(w[i])).join(''),
    );
  }
  const wrong = results.filter((r) => /^WRONG/.test(r.judgement));
  if (md && wrong.length && o.set !== 'holdout' && !o.summary) {
    out.push('', 'Wrong conversions:', '');
    for (const r of wrong) {
      const why = r.reviewNote || `expected ${r.expected}: ${r.why}`;
      out.push(`- ${r.repo} \`${r.dockerfile}\` (${r.lang}), ${r.review || r.judgement}: ${why}`);
    }
  }
  const verified = results.filter((r) => r.verify && !/^not buildable/.test(r.verify));
  if (md && verified.length) {
    out.push('', 'Built and run in the lab (msconvert --verify):', '');
    if (o.set === 'holdout' || o.summary) {
      const by = {};
      for (const r of verified)
        by[r.verify.split(/[ :]/)[0]] = (by[r.verify.split(/[ :]/)[0]] || 0) + 1;
      out.push(
        Object.entries(by)
          .map(([k, n]) => `${k}: ${n}`)
          .join(', '),
      );
    } else for (const r of verified) out.push(`- ${r.repo} \`${r.dockerfile}\`: ${r.verify}`);
  }
  const unrev = results.filter((r) => /^(unreviewed|changed)/.test(r.review || '')).length;
  out.push('');
  out.push(
    `wrong = converted where a decline was expected, or a conversion that reading showed breaks the app (reviews.tsv); ${unrev} conversion(s) not reviewed in their current form.`,
  );
  if (o.set === 'open' && keptAside)
    out.push(`${keptAside} holdout case(s) kept aside (--holdout or --all to run them).`);
  process.stdout.write(out.join('\n') + '\n');
}

try {
  main();
} catch (e) {
  process.stderr.write(`bench/wild: ${e.message}\n`);
  process.exit(2);
}
