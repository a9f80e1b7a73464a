#!/usr/bin/env node
// Draws docs/sizes.svg, a bar chart of image sizes before and after conversion, from the table
// in docs/sizes.md (which the end-to-end suite writes). `npm run docs` runs it; `--check` exits 1
// when the SVG on disk differs from what the table gives. No dependencies: the SVG is text.
'use strict';
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const TABLE = path.join(ROOT, 'docs', 'sizes.md');
const CHART = path.join(ROOT, 'docs', 'sizes.svg');

/** Rows of converted examples with both sizes, in table order: {name, before, after} in MB. */
function parseSizes(markdown) {
  const rows = [];
  for (const line of markdown.split(/\r?\n/)) {
    if (!line.startsWith('|')) continue;
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
    if (cells.length < 5 || cells[1] !== 'converted') continue;
    const mb = (s) => {
      const m = /^([\d.]+)\s*MB$/.exec(s);
      return m ? Number(m[1]) : null;
    };
    const before = mb(cells[3]);
    const after = mb(cells[4]);
    if (before === null || after === null) continue;
    rows.push({ name: cells[0], before, after });
  }
  return rows;
}

function esc(s) {
  return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Axis step and maximum: about six round steps (1, 2, 2.5 or 5 times a power of ten). */
function axis(max) {
  if (max <= 0) return { step: 1, max: 1 };
  const raw = max / 6;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * p).find((s) => s >= raw);
  return { step, max: Math.ceil(max / step) * step };
}

function fmt(mb) {
  return mb >= 100 ? `${Math.round(mb)} MB` : `${mb.toFixed(1)} MB`;
}

/** The SVG text for the rows. */
function chart(rows) {
  const labelW = 230;
  const plotW = 560;
  const right = 110;
  const width = labelW + plotW + right;
  const top = 64;
  const rowH = 34;
  const barH = 12;
  const bottom = 44;
  const height = top + Math.max(rows.length, 1) * rowH + bottom;
  const { step, max } = axis(Math.max(0, ...rows.map((r) => r.before)));
  const x = (mb) => labelW + (mb / max) * plotW;
  const out = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="-apple-system, 'Segoe UI', Helvetica, Arial, sans-serif" font-size="12" role="img" aria-labelledby="title desc">`,
  );
  out.push(`  <title id="title">Image sizes before and after msconvert</title>`);
  out.push(
    `  <desc id="desc">${esc(
      rows.map((r) => `${r.name}: ${fmt(r.before)} to ${fmt(r.after)}`).join('; ') ||
        'No converted examples in docs/sizes.md',
    )}</desc>`,
  );
  out.push(`  <rect width="${width}" height="${height}" fill="#ffffff"/>`);
  out.push(
    `  <text x="16" y="24" font-size="15" font-weight="bold" fill="#1f2328">Image size before and after conversion (MB)</text>`,
  );
  // Legend.
  out.push(`  <rect x="16" y="36" width="12" height="12" fill="#afb8c1"/>`);
  out.push(`  <text x="34" y="46" fill="#1f2328">single-stage original</text>`);
  out.push(`  <rect x="170" y="36" width="12" height="12" fill="#2da44e"/>`);
  out.push(`  <text x="188" y="46" fill="#1f2328">converted (multi-stage)</text>`);
  // Grid and axis.
  for (let v = 0; v <= max + step / 2; v += step) {
    const gx = x(v).toFixed(1);
    const y2 = top + rows.length * rowH;
    out.push(
      `  <line x1="${gx}" y1="${top - 6}" x2="${gx}" y2="${y2}" stroke="#d0d7de" stroke-width="1"/>`,
    );
    out.push(
      `  <text x="${gx}" y="${y2 + 16}" text-anchor="middle" fill="#57606a">${Math.round(v)}</text>`,
    );
  }
  rows.forEach((r, i) => {
    const y = top + i * rowH;
    out.push(
      `  <text x="${labelW - 10}" y="${y + barH + 4}" text-anchor="end" fill="#1f2328">${esc(r.name)}</text>`,
    );
    out.push(
      `  <rect x="${labelW}" y="${y}" width="${(x(r.before) - labelW).toFixed(1)}" height="${barH}" fill="#afb8c1"/>`,
    );
    out.push(
      `  <text x="${(x(r.before) + 6).toFixed(1)}" y="${y + barH - 2}" fill="#57606a">${fmt(r.before)}</text>`,
    );
    const aw = Math.max(1, x(r.after) - labelW);
    out.push(
      `  <rect x="${labelW}" y="${y + barH + 2}" width="${aw.toFixed(1)}" height="${barH}" fill="#2da44e"/>`,
    );
    const pct = r.before > 0 ? ` (${((r.after / r.before) * 100).toFixed(1)}%)` : '';
    out.push(
      `  <text x="${(labelW + aw + 6).toFixed(1)}" y="${y + 2 * barH}" fill="#1a7f37">${fmt(r.after)}${pct}</text>`,
    );
  });
  out.push(
    `  <text x="16" y="${height - 10}" fill="#57606a">Built with the lab's stand-in base images (docs/sizes.md); real full images are larger, so real savings are too.</text>`,
  );
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

function main(argv) {
  const rows = parseSizes(fs.readFileSync(TABLE, 'utf8'));
  const svg = chart(rows);
  if (argv.includes('--check')) {
    const current = fs.existsSync(CHART) ? fs.readFileSync(CHART, 'utf8') : '';
    if (current !== svg) {
      process.stderr.write(`${path.relative(ROOT, CHART)} is out of date: run npm run docs\n`);
      return 1;
    }
    return 0;
  }
  fs.writeFileSync(CHART, svg);
  process.stdout.write(`wrote ${path.relative(ROOT, CHART)} (${rows.length} examples)\n`);
  return 0;
}

module.exports = { parseSizes, chart, axis };

if (require.main === module) process.exitCode = main(process.argv.slice(2));
