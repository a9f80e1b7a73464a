// C libraries that a package compiled from source links, read from what the build compiles
// (Extension(libraries=[...]) in setup.py, -lNAME), mapped to the Debian run-time packages
// through their -dev packages (data/packages.json). A slim runtime has none of the
// libraries whose headers a full image ships, so every one that is linked must be installed.
import { packages as packageData } from '../data';

/** The run-time package for a library linked by name; null when msconvert knows none. */
export function runtimePackageForLibrary(lib: string, codename: string | null): string | null {
  const data = packageData();
  if (data.baseLibraries.includes(lib)) return '';
  const dev = data.libraryToDev[lib] ?? `lib${lib}-dev`;
  const mapped = data.devToRuntime[dev];
  if (mapped === undefined) return null;
  if (typeof mapped === 'string') return mapped;
  return mapped[codename ?? 'bookworm'] ?? mapped.bookworm ?? null;
}

/** What a setup.py or pyproject.toml compiles: null when nothing, else the libraries it links (null: unknown). */
export function compiledLibraries(
  setupPy: string | null,
  pyproject: string | null,
): { libraries: string[] | null } | null {
  const backend = pyproject ? /build-backend\s*=\s*["']([^"']+)["']/.exec(pyproject)?.[1] : null;
  // CMake and Meson projects link whatever their build files find: not readable here.
  if (backend && /scikit_build|mesonpy|cmake|enscons|pdm\.backend\.cmake/.test(backend))
    return { libraries: null };
  if (!setupPy || !/\bExtension\s*\(|ext_modules|cythonize\s*\(/.test(setupPy)) {
    // Rust extensions (maturin, setuptools-rust) link the C library only.
    return null;
  }
  // Libraries found through pkg-config or computed in code cannot be read statically.
  if (/pkg-?config|pkgconfig|subprocess|os\.popen/.test(setupPy)) return { libraries: null };
  const libs: string[] = [];
  for (const m of setupPy.matchAll(/libraries\s*=\s*([^\]\n)]*[\])]?)/g)) {
    const list = m[1];
    if (!/^\s*[[(]/.test(list)) return { libraries: null };
    for (const s of list.matchAll(/["']([\w.+-]+)["']/g)) if (!libs.includes(s[1])) libs.push(s[1]);
  }
  for (const m of setupPy.matchAll(/["']-l([\w.+-]+)["']/g))
    if (!libs.includes(m[1])) libs.push(m[1]);
  return { libraries: libs };
}
