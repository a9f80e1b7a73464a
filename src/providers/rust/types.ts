// The Rust provider's types and its data file (data/rust.json).
import type { RuntimeFacts } from '../../data';
import { templateJson } from '../../data';
import type { ProviderInput } from '../contract';
import type { Toml } from '../../readers/toml';

export interface SysCrate {
  dev?: string;
  apkDev?: string;
  runtime?: string;
  apkRuntime?: string;
  vendoredBy?: string[];
  vendoredFeatures?: Record<string, string>;
}

export interface RustData {
  builderImages: string[];
  builderEnv: Record<string, string>;
  debianByVersion: { below: number[]; codename: string }[];
  latestCodename: string;
  ubuntuCodenames: Record<string, string>;
  distrolessCc: Omit<RuntimeFacts, 'ships'> & { ships: Record<string, string[]> };
  slimShips: string[];
  toolchainPackages: string[];
  sysCrates: Record<string, SysCrate>;
  staticSysCrates: string[];
  pureSysCrates: string[];
  impliedByDependency: Record<string, string>;
  dieselFeatures: Record<string, string>;
  toolBins: Record<string, string[]>;
  devServers: string[];
  runtimeDirs: string[];
  runtimeFilePattern: string;
  ignoredEntries: string[];
}
export const data = () => templateJson<RustData>('rust.json');

/** A Cargo.toml that was read. */
export interface Manifest {
  /** Image folder that holds the Cargo.toml. */
  dir: string;
  toml: Toml;
}

export type Read = Manifest | 'missing' | 'invalid';

export type Libc = 'glibc' | 'musl-static' | 'musl-dynamic';

/** A binary the stage builds, at one place in the image. */
export interface Output {
  path: string;
  why: string;
  /** From cargo build (removed by cargo clean), as opposed to a copy of one. */
  build: boolean;
  libc: Libc;
  /** Copied elsewhere (cp, install, ln): the container runs the copy unless it names this one. */
  superseded?: boolean;
}

/** What reading the stage's cargo commands gathers for the later steps. */
export interface Context {
  input: ProviderInput;
  /** The builder's own toolchain targets musl (rust:*-alpine, Alpine's cargo). */
  hostMusl: 'static' | 'dynamic' | null;
  rustImage: boolean;
  /** Manifests whose dependencies decide the OS libraries. */
  manifests: Map<string, Manifest>;
  roots: Map<string, Manifest>;
  tools: { crate: string; bins: string[] }[];
  notes: string[];
}

export interface BuilderOs {
  family: 'debian' | 'ubuntu' | 'alpine' | 'unknown';
  codename: string | null;
  alpine: string | null;
  ubuntuTag: string | null;
}
