// Where the build writes, named in the explanation only.
import type { PackageJson } from './types';

/** Where the build writes, for the explanation: tsconfig outDir, bundler flags, framework defaults. */
export function buildOutput(
  pkg: PackageJson | null,
  read: (rel: string) => string | null,
): string | null {
  const build = pkg?.scripts?.build;
  if (!build) return null;
  const flag = /(?:--out-?dir|--outDir|--dist-dir|-d|--outfile|-o)[= ]+['"]?([^\s'"]+)/.exec(build);
  if (flag) return flag[1].replace(/\/[^/]*\.(c|m)?js$/, '');
  if (/\btsc\b/.test(build)) {
    const tsconfig = read('tsconfig.json');
    const m = tsconfig ? /"outDir"\s*:\s*"([^"]+)"/.exec(tsconfig) : null;
    return m ? m[1].replace(/^\.\//, '') : '(next to the sources)';
  }
  if (/\bnext build\b/.test(build)) return '.next';
  if (/\breact-scripts build\b/.test(build)) return 'build';
  if (/\b(vite|webpack|parcel|nest|ng) build\b|\bwebpack\b/.test(build)) return 'dist';
  return null;
}
