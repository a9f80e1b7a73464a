// Facts read from the built original image (src/facts/gather.ts), as plain data, so that
// convert() stays pure: facts are passed in like any other option.

export interface BaseConfig {
  workdir: string;
  user: string;
  entrypoint: string[] | null;
  cmd: string[] | null;
  env: Record<string, string>;
}

export interface LibraryFact {
  /** The ELF file (in a folder the runtime stage copies) that needs the library. */
  file: string;
  /** The soname it asks for. */
  soname: string;
  /** Where the loader found it in the original image; null when not found there. */
  resolved: string | null;
  /** The OS package that provides it (dpkg -S, apk info --who-owns); null when none does. */
  package: string | null;
}

export interface ImageFacts {
  /** The FROM image the facts were read from, as msconvert resolved it. */
  base: string;
  /** The base image's own configuration (docker image inspect). */
  config?: BaseConfig;
  /** /etc/os-release of the original image. */
  os?: { id: string; versionId: string; codename: string | null; pretty: string };
  libc?: 'glibc' | 'musl';
  /** Language runtimes and their versions as the image reports them: node 20.20.2. */
  runtimes: Record<string, string>;
  /** Shared libraries of the ELF files the runtime stage copies. */
  libraries: LibraryFact[];
  /** The ELF files that were looked at for libraries (folders scanned). */
  scanned: string[];
  /** Dependency folders the build filled (absent from the base image). */
  dependencyDirs: { kind: 'node_modules' | 'site-packages'; path: string }[];
  /** Python's sys.path in the original image (site-packages that are really used). */
  pythonPath?: string[];
}

/** What facts did to a conversion, for the explanation and JSON. */
export interface FactsUse {
  /** Every fact the plan used, one line each: "node --version: v20.20.2". */
  used: string[];
  /** Where a fact contradicted or completed the text-only plan, and what changed. */
  changed: string[];
}
