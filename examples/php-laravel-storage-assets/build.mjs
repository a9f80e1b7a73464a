// The frontend build: bundles resources/js into public/build (a stand-in for Vite).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import pc from 'picocolors';

mkdirSync('public/build', { recursive: true });
const src = readFileSync('resources/js/app.js', 'utf8').trim();
writeFileSync('public/build/app.js', `/* built */ ${src}\n`);
console.log(pc.green('built public/build/app.js'));
